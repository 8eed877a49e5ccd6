using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Resilience;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// What waiting adds to the engine: each task is polled on a growing schedule until it is DONE or FAIL
    /// or its deadline passes (the last poll falls on the deadline), a transient error is outwaited rather
    /// than reported, and the counts of the wait are kept for progress.
    /// </summary>
    public sealed class TaskWaits
    {
        private readonly TaskPoll _poll;
        private readonly PollSchedule _schedule;
        private readonly TimeSpan _timeout;
        private readonly bool _includeFailed;
        private readonly TaskKind _kind;
        private readonly IClock _clock;
        private readonly IMpsLog _log;
        private readonly object _lock = new object();
        private readonly Random _random = new Random();
        private WaitCounts _counts;

        /// <param name="includeFailed">True: a FAIL task is emitted as an object; false: as a TaskFailed error.</param>
        /// <param name="kind">The kind of task waited on: another kind's task is refused, naming the right cmdlet.</param>
        public TaskWaits(TaskPoll poll, PollSchedule schedule, TimeSpan timeout, bool includeFailed, TaskKind kind, IClock clock, IMpsLog log)
        {
            _poll = poll;
            _schedule = schedule;
            _timeout = timeout;
            _includeFailed = includeFailed;
            _kind = kind;
            _clock = clock;
            _log = log;
        }

        public TimeSpan Timeout => _timeout;

        public WaitCounts Counts
        {
            get
            {
                lock (_lock)
                {
                    return _counts;
                }
            }
        }

        /// <summary>
        /// Waits on an id (first poll at once) or a task already queried: a final one ends without a request,
        /// another is next polled one first interval after it was queried.
        /// </summary>
        public void Add(BatchEngine<AigcTask> engine, TaskReference input)
        {
            if (input.Task is AigcTask task)
            {
                if (task.TaskKind != _kind)
                {
                    engine.Add(Outcome<AigcTask>.Failed(_kind.WrongKind(task, _kind.WaitCommand), task));
                    return;
                }
                var known = new Wait(this, task.TaskId, task, task);
                if (task.IsFinal)
                {
                    engine.Add(known.End(task));
                    return;
                }
                known.Count(task.Status);
                TimeSpan age = _clock.UtcNow - task.QueriedAt;
                engine.Add(task, known.PollAsync, age >= _schedule.First ? TimeSpan.Zero : _schedule.First - age);
                return;
            }
            string? raw = input.Id;
            string id;
            try
            {
                id = _kind.ValidateId(raw);
            }
            catch (MpsException e)
            {
                // Its id is never used: a refused id is never polled.
                engine.Add(new Wait(this, string.Empty, raw, null).Fail(e));
                return;
            }
            var wait = new Wait(this, id, raw, null);
            wait.Count(AigcTaskStatus.WAIT);
            engine.Add(raw, wait.PollAsync);
        }

        /// <summary>Moves one task between the counts; a null status is not counted (not yet, or no more, pending).</summary>
        private void Move(AigcTaskStatus? from, AigcTaskStatus? to, int done = 0, int failed = 0)
        {
            lock (_lock)
            {
                Adjust(from, -1);
                Adjust(to, 1);
                _counts.Done += done;
                _counts.Failed += failed;
            }
        }

        private void Adjust(AigcTaskStatus? status, int by)
        {
            if (status == AigcTaskStatus.RUN)
            {
                _counts.Running += by;
            }
            else if (status != null)
            {
                _counts.Waiting += by;
            }
        }

        private double NextRandom()
        {
            lock (_random)
            {
                return _random.NextDouble();
            }
        }

        /// <summary>One task's wait: its polls, its deadline and how it ends.</summary>
        private sealed class Wait
        {
            private readonly TaskWaits _waits;
            private readonly string _taskId;
            private readonly object? _input;
            private readonly TimeSpan _deadline;
            private AigcTask? _last;
            private AigcTaskStatus? _countedAs;
            private int _polls;

            public Wait(TaskWaits waits, string taskId, object? input, AigcTask? last)
            {
                _waits = waits;
                _taskId = taskId;
                _input = input;
                _last = last;
                _polls = last == null ? 0 : 1;
                _deadline = waits._clock.Elapsed + waits._timeout;
                lock (waits._lock)
                {
                    waits._counts.Total++;
                }
            }

            public void Count(AigcTaskStatus status)
            {
                _waits.Move(null, status);
                _countedAs = status;
            }

            public async Task<Step<AigcTask>> PollAsync(CancellationToken cancellationToken)
            {
                AigcTask task;
                try
                {
                    task = await _waits._poll(_taskId, _last, cancellationToken).ConfigureAwait(false);
                }
                catch (MpsException e) when (RetryRules.IsTransient(e))
                {
                    // The client has retried already; a long wait should outlast a bad minute of the network.
                    _polls++;
                    _waits._log.Verbose(_taskId + ": " + e.ErrorId + "; polling again later.");
                    return Next(e);
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    // Ends as the engine's outcome for it; counted here, so the progress adds up.
                    _waits.Move(_countedAs, null, failed: 1);
                    _countedAs = null;
                    throw;
                }
                AigcTaskStatus? before = _last?.Status;
                _polls++;
                _last = task;
                if (task.IsFinal)
                {
                    _waits._log.Verbose(_taskId + ": " + Describe(before) + " -> " + task.Status + " after " + _polls + " polls.");
                    return Step<AigcTask>.Done(End(task));
                }
                _waits.Move(_countedAs, task.Status);
                _countedAs = task.Status;
                if (before != task.Status)
                {
                    _waits._log.Verbose(_taskId + ": " + Describe(before) + " -> " + task.Status + ".");
                }
                return Next(null);
            }

            /// <summary>A final task's outcome: DONE is an object; FAIL an object or a TaskFailed error.</summary>
            public Outcome<AigcTask> End(AigcTask task)
            {
                bool done = task.Status == AigcTaskStatus.DONE;
                _waits.Move(_countedAs, null, done: done ? 1 : 0, failed: done ? 0 : 1);
                _countedAs = null;
                if (done || _waits._includeFailed)
                {
                    return Outcome<AigcTask>.Of(task, _input);
                }
                return Outcome<AigcTask>.Failed(
                    new MpsException(ErrorIds.TaskFailed, MpsErrorKind.Failed, "Task " + _taskId + " failed: " + Sentence(task.Message ?? "the service gave no reason")),
                    task);
            }

            public Outcome<AigcTask> Fail(MpsException error)
            {
                _waits.Move(_countedAs, null, failed: 1);
                _countedAs = null;
                return Outcome<AigcTask>.Failed(error, _input);
            }

            /// <summary>Its TargetObject is the task's last known state, when there is one.</summary>
            private Outcome<AigcTask> TimedOut(MpsException? lastError)
            {
                string state = _last == null ? "not yet answered" : "still " + _last.Status;
                string cause = lastError == null ? string.Empty : " The last poll failed: " + lastError.Message;
                var error = new MpsException(
                    ErrorIds.WaitTimeout,
                    MpsErrorKind.Timeout,
                    "Task " + _taskId + " is " + state + " after " + Format(_waits._timeout)
                    + ". Wait longer with -Timeout (off-peak tasks may take up to 48 hours), or ask again later with " + _waits._kind.GetCommand + "." + cause);
                Outcome<AigcTask> failed = Fail(error);
                return _last == null ? failed : Outcome<AigcTask>.Failed(error, _last);
            }

            private Step<AigcTask> Next(MpsException? lastError)
            {
                TimeSpan now = _waits._clock.Elapsed;
                if (now >= _deadline)
                {
                    return Step<AigcTask>.Done(TimedOut(lastError));
                }
                TimeSpan interval = _waits._schedule.IntervalAfter(_polls, _waits.NextRandom());
                // The last poll is at the deadline, so that a task finishing just before it is not reported late.
                return Step<AigcTask>.After(now + interval > _deadline ? _deadline - now : interval);
            }

            private static string Describe(AigcTaskStatus? status)
            {
                return status?.ToString() ?? "(not yet queried)";
            }
        }

        private static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) ? text : text + ".";
        }

        public static string Format(TimeSpan span)
        {
            return span.TotalHours >= 1
                ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + span.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
                : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        }
    }
}
