using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class TaskWaitsTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static readonly PollSchedule Schedule = new PollSchedule(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

        [Fact]
        public void WaitsIntervalsInSecondsMakeTheScheduleAndAMaximumShorterThanTheFirstIsRefused()
        {
            PollSchedule schedule = PollSchedule.FromSeconds(0.5, 0.5);
            Assert.Equal((TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5)), (schedule.First, schedule.Max));

            MpsException e = Assert.Throws<MpsException>(() => PollSchedule.FromSeconds(5, 2));
            Assert.Equal((ErrorIds.InvalidPollInterval, MpsErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
            Assert.Equal("-MaxPollInterval (2 s) is shorter than -PollInterval (5 s); make it at least as long.", e.Message);
        }

        [Fact]
        public void IntervalsGrowByHalfUpToTheMaximum()
        {
            Assert.Equal(TimeSpan.FromSeconds(5), Schedule.BaseInterval(1));
            Assert.Equal(TimeSpan.FromSeconds(7.5), Schedule.BaseInterval(2));
            Assert.Equal(TimeSpan.FromSeconds(11.25), Schedule.BaseInterval(3));
            Assert.Equal(TimeSpan.FromSeconds(60), Schedule.BaseInterval(8));
            Assert.Equal(TimeSpan.FromSeconds(60), Schedule.BaseInterval(1000));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(7)]
        [InlineData(20)]
        public void JitterStaysWithinTwentyPercentAndUnderTheMaximum(int polls)
        {
            TimeSpan baseInterval = Schedule.BaseInterval(polls);
            for (double random = 0; random < 1; random += 0.05)
            {
                TimeSpan interval = Schedule.IntervalAfter(polls, random);
                Assert.InRange(interval.Ticks, (long)(baseInterval.Ticks * 0.8) - 1, (long)(baseInterval.Ticks * 1.2) + 1);
                Assert.True(interval <= Schedule.Max);
            }
            Assert.NotEqual(Schedule.IntervalAfter(polls, 0), Schedule.IntervalAfter(polls, 0.5));
        }

        [Fact]
        public void EveryTaskEndsAsExactlyOneOutcomeInCompletionOrder()
        {
            var service = new ScriptedService(new Dictionary<string, string[]>
            {
                ["slow-done"] = new[] { "WAIT", "RUN", "RUN", "RUN", "DONE" },
                ["quick-fail"] = new[] { "RUN", "FAIL" },
                ["forever"] = new[] { "RUN" },
                ["done-now"] = new[] { "DONE" },
            });
            var clock = new FakeClock(Start);
            TaskWaits waits = Waits(service, clock, TimeSpan.FromMinutes(2));

            Outcome<AigcTask>[] outcomes = EngineRun.Drain(Engine(clock), waits.Add, TaskReference.OfId("slow-done"), TaskReference.OfId("quick-fail"), TaskReference.OfId("forever"), TaskReference.OfId("unknown"), TaskReference.OfId("done-now"), TaskReference.OfId(""));

            Assert.Equal(
                new[] { "", "unknown", "done-now", "quick-fail", "slow-done", "forever" },
                outcomes.Select(o => o.Target?.ToString()));
            Assert.Equal(
                new[] { "InvalidTaskId", "ResourceNotFound.TaskNotFound", null, "TaskFailed", null, "WaitTimeout" },
                outcomes.Select(o => o.Error?.ErrorId));
            Assert.Equal(AigcTaskStatus.DONE, Assert.IsType<VideoTask>(outcomes[2].Value).Status);
            // A failed task's error and a timed-out one's name the task's last known state.
            Assert.Equal(AigcTaskStatus.FAIL, Assert.IsType<VideoTask>(outcomes[3].Target).Status);
            Assert.Equal(AigcTaskStatus.RUN, Assert.IsType<VideoTask>(outcomes[5].Target).Status);
            WaitCounts counts = waits.Counts;
            Assert.Equal((6, 2, 4, 0, 0), (counts.Total, counts.Done, counts.Failed, counts.Waiting, counts.Running));
        }

        [Fact]
        public void WithIncludeFailedAFailedTaskIsAnObject()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["quick-fail"] = new[] { "RUN", "FAIL" } });
            var clock = new FakeClock(Start);
            var waits = new TaskWaits((id, last, ct) => service.Poll(id, clock), Schedule, TimeSpan.FromMinutes(2), includeFailed: true, VideoKind.Kind, clock, NullLog.Instance);

            Outcome<AigcTask> outcome = Assert.Single(EngineRun.Drain(Engine(clock), waits.Add, TaskReference.OfId("quick-fail")));

            Assert.Null(outcome.Error);
            Assert.Equal(AigcTaskStatus.FAIL, Assert.IsType<VideoTask>(outcome.Value).Status);
        }

        [Fact]
        public void PollsAreSpacedByTheGrowingScheduleAndTheLastFallsOnTheDeadline()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["forever"] = new[] { "RUN" } });
            var clock = new FakeClock(Start);
            TaskWaits waits = Waits(service, clock, TimeSpan.FromSeconds(100));

            Outcome<AigcTask> outcome = Assert.Single(EngineRun.Drain(Engine(clock), waits.Add, TaskReference.OfId("forever")));

            TimeSpan[] polls = service.PollTimes["forever"].ToArray();
            Assert.Equal(TimeSpan.Zero, polls[0]);
            for (int i = 1; i < polls.Length - 1; i++)
            {
                TimeSpan gap = polls[i] - polls[i - 1];
                TimeSpan expected = Schedule.BaseInterval(i);
                Assert.InRange(gap.Ticks, (long)(expected.Ticks * 0.8) - 1, (long)(expected.Ticks * 1.2) + 1);
            }
            Assert.Equal(TimeSpan.FromSeconds(100), polls[^1]);
            Assert.Equal(TimeSpan.FromSeconds(100), clock.Elapsed);
            Assert.Equal(ErrorIds.WaitTimeout, outcome.Error?.ErrorId);
            Assert.Contains("Get-MpsAigcVideoTask", outcome.Error?.Message);
        }

        [Fact]
        public void TransientErrorsAreOutwaitedNotReported()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["flaky"] = new[] { "!InternalError", "!ConnectionFailed", "DONE" } });
            var clock = new FakeClock(Start);
            TaskWaits waits = Waits(service, clock, TimeSpan.FromMinutes(10));

            Outcome<AigcTask> outcome = Assert.Single(EngineRun.Drain(Engine(clock), waits.Add, TaskReference.OfId("flaky")));

            Assert.Null(outcome.Error);
            Assert.Equal(3, service.PollTimes["flaky"].Count);
        }

        [Fact]
        public void AFinalTaskObjectEndsWithoutARequestAndAPendingOneWaitsItsFirstInterval()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["pending"] = new[] { "DONE" } });
            var clock = new FakeClock(Start);
            TaskWaits waits = Waits(service, clock, TimeSpan.FromMinutes(10));

            Outcome<AigcTask>[] outcomes = EngineRun.Drain(
                Engine(clock), waits.Add, TaskReference.Of(Task("finished", AigcTaskStatus.DONE, Start)), TaskReference.Of(Task("pending", AigcTaskStatus.RUN, Start - TimeSpan.FromSeconds(2))));

            Assert.Equal(new[] { "finished", "pending" }, outcomes.Select(o => Assert.IsType<VideoTask>(o.Value).TaskId));
            Assert.False(service.PollTimes.ContainsKey("finished"));
            // Queried 2 s before it was handed over: polled again 3 s later, one first interval after that query.
            Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(service.PollTimes["pending"]));
        }

        [Fact]
        public void AStoppedWaitSendsNothingMore()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["forever"] = new[] { "RUN" } });
            using var cancel = new CancellationTokenSource();
            var clock = new FakeClock(Start);
            var engine = new BatchEngine<AigcTask>(4, inputOrder: false, clock, cancel.Token);
            Waits(service, clock, TimeSpan.FromHours(1)).Add(engine, TaskReference.OfId("forever"));

            cancel.Cancel();

            Assert.False(EngineRun.TakeWithin(engine, TimeSpan.FromMilliseconds(200), out _));
            Assert.False(service.PollTimes.ContainsKey("forever"));
            Assert.False(engine.IsFinished);
        }

        [Fact]
        public void AFaultInTheSchedulerEndsEveryTaskItHeldAsOneErrorAndNeverHangs()
        {
            var service = new ScriptedService(new Dictionary<string, string[]>
            {
                ["done-now"] = new[] { "DONE" },
                ["run-a"] = new[] { "RUN" },
                ["run-b"] = new[] { "WAIT", "RUN" },
            });
            // The scheduler's sleep breaks: a defect of ours, injected where only the scheduler meets it.
            var clock = new BrokenSleepClock(Start);
            TaskWaits waits = Waits(service, clock, TimeSpan.FromMinutes(5));

            Outcome<AigcTask>[] outcomes = EngineRun.Drain(Engine(clock), waits.Add, TaskReference.OfId("done-now"), TaskReference.OfId("run-a"), TaskReference.OfId("run-b"), TaskReference.OfId(""));

            Assert.Equal(new[] { "", "done-now", "run-a", "run-b" }, outcomes.Select(o => o.Target?.ToString()).OrderBy(id => id, StringComparer.Ordinal));
            Assert.Null(outcomes.Single(o => o.Target?.ToString() == "done-now").Error);
            foreach (Outcome<AigcTask> stranded in outcomes.Where(o => o.Target is string id && id.StartsWith("run-", StringComparison.Ordinal)))
            {
                Assert.Equal(ErrorIds.UnexpectedError, stranded.Error?.ErrorId);
                Assert.Contains(Assert.IsType<string>(stranded.Target), stranded.Error?.Message);
            }
        }

        /// <summary>A clock whose delays fail: the scheduler's sleep between polls throws.</summary>
        private sealed class BrokenSleepClock : IClock
        {
            private readonly FakeClock _inner;

            public BrokenSleepClock(DateTimeOffset start)
            {
                _inner = new FakeClock(start);
            }

            public DateTimeOffset UtcNow => _inner.UtcNow;

            public TimeSpan Elapsed => _inner.Elapsed;

            public System.Threading.Tasks.Task Delay(TimeSpan delay, CancellationToken cancellationToken)
            {
                throw new InvalidOperationException("the timer broke");
            }
        }

        private static TaskWaits Waits(ScriptedService service, IClock clock, TimeSpan timeout)
        {
            return new TaskWaits((id, last, ct) => service.Poll(id, clock), Schedule, timeout, includeFailed: false, VideoKind.Kind, clock, NullLog.Instance);
        }

        private static BatchEngine<AigcTask> Engine(IClock clock)
        {
            return new BatchEngine<AigcTask>(4, inputOrder: false, clock, CancellationToken.None);
        }

        private static VideoTask Task(string id, AigcTaskStatus status, DateTimeOffset queriedAt)
        {
            return new VideoTask(id, status, null, null, null, "r", queriedAt, MpsEndpoint.Default, "ap-guangzhou");
        }

        /// <summary>Answers each task's polls from a script; its last entry repeats; "!Code" throws that error.</summary>
        private sealed class ScriptedService
        {
            private readonly Dictionary<string, string[]> _scripts;

            public ScriptedService(Dictionary<string, string[]> scripts)
            {
                _scripts = scripts;
            }

            public Dictionary<string, List<TimeSpan>> PollTimes { get; } = new Dictionary<string, List<TimeSpan>>();

            public Task<AigcTask> Poll(string id, IClock clock)
            {
                if (!_scripts.TryGetValue(id, out string[]? script))
                {
                    throw new MpsServiceException("ResourceNotFound.TaskNotFound", "The task does not exist.", "r", "DescribeAigcVideoTask");
                }
                lock (PollTimes)
                {
                    if (!PollTimes.TryGetValue(id, out List<TimeSpan>? times))
                    {
                        PollTimes[id] = times = new List<TimeSpan>();
                    }
                    times.Add(clock.Elapsed);
                    string step = script[Math.Min(times.Count, script.Length) - 1];
                    if (step.StartsWith("!", StringComparison.Ordinal))
                    {
                        throw step == "!InternalError"
                            ? new MpsServiceException("InternalError", "busy", "r", "DescribeAigcVideoTask")
                            : new MpsException("ConnectionFailed", MpsErrorKind.Connection, "reset");
                    }
                    return System.Threading.Tasks.Task.FromResult<AigcTask>(new VideoTask(id, Enum.Parse<AigcTaskStatus>(step), null, null, "m", "r", clock.UtcNow, MpsEndpoint.Default, "ap-guangzhou"));
                }
            }
        }
    }
}
