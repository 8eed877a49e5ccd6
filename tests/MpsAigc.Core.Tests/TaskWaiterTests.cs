using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Http;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class TaskWaiterTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static readonly PollSchedule Schedule = new PollSchedule(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

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
        public async Task EveryTaskEndsAsExactlyOneOutcomeInCompletionOrder()
        {
            var service = new ScriptedService(new Dictionary<string, string[]>
            {
                ["slow-done"] = new[] { "WAIT", "RUN", "RUN", "RUN", "DONE" },
                ["quick-fail"] = new[] { "RUN", "FAIL" },
                ["forever"] = new[] { "RUN" },
                ["done-now"] = new[] { "DONE" },
            });
            var clock = new FakeClock(Start);
            TaskWaiter waiter = Waiter(service, clock, TimeSpan.FromMinutes(2));

            foreach (string id in new[] { "slow-done", "quick-fail", "forever", "unknown", "done-now", "" })
            {
                waiter.Add(id);
            }
            waiter.CompleteAdding();
            await waiter.RunAsync(CancellationToken.None);
            WaitOutcome[] outcomes = waiter.Outcomes.ToArray();

            Assert.Equal(
                new[] { "", "unknown", "done-now", "quick-fail", "slow-done", "forever" },
                outcomes.Select(o => o.TaskId));
            Assert.Equal(
                new[] { WaitOutcomeKind.Error, WaitOutcomeKind.Error, WaitOutcomeKind.Done, WaitOutcomeKind.Failed, WaitOutcomeKind.Done, WaitOutcomeKind.TimedOut },
                outcomes.Select(o => o.Kind));
            Assert.Equal("InvalidTaskId", outcomes[0].Error.ErrorId);
            Assert.Equal("ResourceNotFound.TaskNotFound", outcomes[1].Error.ErrorId);
            Assert.Equal(VideoTaskStatus.RUN, outcomes[5].Task.Status);
            WaitCounts counts = waiter.Counts;
            Assert.Equal((6, 2, 4, 0, 0), (counts.Total, counts.Done, counts.Failed, counts.Waiting, counts.Running));
        }

        [Fact]
        public async Task PollsAreSpacedByTheGrowingScheduleAndTheLastFallsOnTheDeadline()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["forever"] = new[] { "RUN" } });
            var clock = new FakeClock(Start);
            TaskWaiter waiter = Waiter(service, clock, TimeSpan.FromSeconds(100));

            waiter.Add("forever");
            waiter.CompleteAdding();
            await waiter.RunAsync(CancellationToken.None);

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
            Assert.Equal(WaitOutcomeKind.TimedOut, Assert.Single(waiter.Outcomes.ToArray()).Kind);
        }

        [Fact]
        public async Task TransientErrorsAreOutwaitedNotReported()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["flaky"] = new[] { "!InternalError", "!ConnectionFailed", "DONE" } });
            var clock = new FakeClock(Start);
            TaskWaiter waiter = Waiter(service, clock, TimeSpan.FromMinutes(10));

            waiter.Add("flaky");
            waiter.CompleteAdding();
            await waiter.RunAsync(CancellationToken.None);

            WaitOutcome outcome = Assert.Single(waiter.Outcomes.ToArray());
            Assert.Equal(WaitOutcomeKind.Done, outcome.Kind);
            Assert.Equal(3, service.PollTimes["flaky"].Count);
        }

        [Fact]
        public async Task AFinalTaskObjectEndsWithoutARequestAndAPendingOneWaitsItsFirstInterval()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["pending"] = new[] { "DONE" } });
            var clock = new FakeClock(Start);
            TaskWaiter waiter = Waiter(service, clock, TimeSpan.FromMinutes(10));

            waiter.Add(Task("finished", VideoTaskStatus.DONE, Start));
            waiter.Add(Task("pending", VideoTaskStatus.RUN, Start - TimeSpan.FromSeconds(2)));
            waiter.CompleteAdding();
            await waiter.RunAsync(CancellationToken.None);

            Assert.Equal(new[] { "finished", "pending" }, waiter.Outcomes.Select(o => o.TaskId));
            Assert.False(service.PollTimes.ContainsKey("finished"));
            // Queried 2 s before it was handed over: polled again 3 s later, one first interval after that query.
            Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(service.PollTimes["pending"]));
        }

        [Fact]
        public async Task CancellationEndsTheWaitAndClosesTheOutcomes()
        {
            var service = new ScriptedService(new Dictionary<string, string[]> { ["forever"] = new[] { "RUN" } });
            using var cancel = new CancellationTokenSource();
            TaskWaiter waiter = Waiter(service, SystemClock.Instance, TimeSpan.FromHours(1));
            waiter.Add("forever");

            Task run = waiter.RunAsync(cancel.Token);
            cancel.CancelAfter(100);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.True(waiter.Outcomes.IsAddingCompleted);
        }

        [Fact]
        public async Task AFaultInTheSchedulerEndsEveryTaskItHeldAsOneErrorAndNeverHangs()
        {
            var service = new ScriptedService(new Dictionary<string, string[]>
            {
                ["done-now"] = new[] { "DONE" },
                ["run-a"] = new[] { "RUN" },
                ["run-b"] = new[] { "WAIT", "RUN" },
            });
            // The scheduler's sleep breaks: a defect of ours, injected where only the scheduler meets it.
            var clock = new BrokenSleepClock(Start);
            var waiter = new TaskWaiter((id, last, ct) => service.Poll(id, clock), Schedule, TimeSpan.FromMinutes(5), 4, clock, NullLog.Instance);

            foreach (string id in new[] { "done-now", "run-a", "run-b", "" })
            {
                waiter.Add(id);
            }
            waiter.CompleteAdding();
            System.Threading.Tasks.Task run = waiter.RunAsync(CancellationToken.None);
            Assert.Same(run, await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(10))));
            await run;
            WaitOutcome[] outcomes = waiter.Outcomes.ToArray();

            Assert.Equal(new[] { "", "done-now", "run-a", "run-b" }, outcomes.Select(o => o.TaskId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.Equal(WaitOutcomeKind.Done, outcomes.Single(o => o.TaskId == "done-now").Kind);
            foreach (WaitOutcome stranded in outcomes.Where(o => o.TaskId.StartsWith("run-", StringComparison.Ordinal)))
            {
                Assert.Equal(WaitOutcomeKind.Error, stranded.Kind);
                Assert.Equal(ErrorIds.UnexpectedError, stranded.Error.ErrorId);
                Assert.Contains(stranded.TaskId, stranded.Error.Message);
            }
            Assert.True(waiter.Outcomes.IsAddingCompleted);
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

        private static TaskWaiter Waiter(ScriptedService service, IClock clock, TimeSpan timeout)
        {
            return new TaskWaiter((id, last, ct) => service.Poll(id, clock), Schedule, timeout, 4, clock, NullLog.Instance);
        }

        private static VideoTask Task(string id, VideoTaskStatus status, DateTimeOffset queriedAt)
        {
            return new VideoTask(id, status, null, null, null, "r", queriedAt, null, null);
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

            public Task<VideoTask> Poll(string id, IClock clock)
            {
                if (!_scripts.TryGetValue(id, out string[] script))
                {
                    throw new MpsServiceException("ResourceNotFound.TaskNotFound", "The task does not exist.", "r", "DescribeAigcVideoTask");
                }
                lock (PollTimes)
                {
                    if (!PollTimes.TryGetValue(id, out List<TimeSpan> times))
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
                    return System.Threading.Tasks.Task.FromResult(new VideoTask(id, Enum.Parse<VideoTaskStatus>(step), null, null, "m", "r", clock.UtcNow, null, null));
                }
            }
        }
    }
}
