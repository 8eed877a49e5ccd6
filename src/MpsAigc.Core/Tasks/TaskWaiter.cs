using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Http;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// Waits on any number of tasks with one scheduler: a queue ordered by when each task is next due, one
    /// loop that sends the due polls (at most <c>maxInFlight</c> at once; the client's limiter sets the
    /// rate), and no thread or timer per task. Each task ends as exactly one <see cref="WaitOutcome"/>, in
    /// the order the tasks finish.
    /// </summary>
    public sealed class TaskWaiter
    {
        private readonly Func<string, VideoTask, CancellationToken, Task<VideoTask>> _poll;
        private readonly PollSchedule _schedule;
        private readonly TimeSpan _timeout;
        private readonly IClock _clock;
        private readonly IMpsLog _log;
        private readonly SemaphoreSlim _slots;
        private readonly object _lock = new object();
        private readonly SortedSet<Entry> _due = new SortedSet<Entry>(EntryOrder.Instance);
        private readonly AsyncSignal _changed = new AsyncSignal();
        private readonly Random _random = new Random();
        private WaitCounts _counts;
        private long _sequence;
        private int _inFlight;
        private bool _addingCompleted;
        private Exception _fault;

        /// <param name="poll">Queries one task, given its id and its last known state (null before the first answer).</param>
        public TaskWaiter(
            Func<string, VideoTask, CancellationToken, Task<VideoTask>> poll, PollSchedule schedule, TimeSpan timeout, int maxInFlight, IClock clock, IMpsLog log)
        {
            _poll = poll;
            _schedule = schedule;
            _timeout = timeout;
            _clock = clock;
            _log = log;
            _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        }

        /// <summary>Each task's ending, as soon as it ends; completed for adding once the wait is over.</summary>
        public BlockingCollection<WaitOutcome> Outcomes { get; } = new BlockingCollection<WaitOutcome>();

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

        /// <summary>Waits on a task known only by id; its first poll is due at once.</summary>
        public void Add(string taskId)
        {
            string id;
            try
            {
                id = TaskIdValidator.Validate(taskId);
            }
            catch (MpsException e)
            {
                Finish(new Entry(taskId, taskId, null), WaitOutcomeKind.Error, e);
                return;
            }
            Schedule(new Entry(id, taskId, null), TimeSpan.Zero);
        }

        /// <summary>
        /// Waits on a task already queried: a final one ends at once without a request; another is next
        /// polled one first interval after it was queried.
        /// </summary>
        public void Add(VideoTask task)
        {
            var entry = new Entry(task.TaskId, task, task) { Polls = 1 };
            if (task.IsFinal)
            {
                Finish(entry, task.Status == VideoTaskStatus.DONE ? WaitOutcomeKind.Done : WaitOutcomeKind.Failed, null);
                return;
            }
            TimeSpan age = _clock.UtcNow - task.QueriedAt;
            Schedule(entry, age >= _schedule.First ? TimeSpan.Zero : _schedule.First - age);
        }

        public void CompleteAdding()
        {
            lock (_lock)
            {
                _addingCompleted = true;
            }
            _changed.Set();
        }

        /// <summary>The scheduler: returns once every task has ended, or throws when cancelled.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    Entry next = null;
                    TimeSpan wait = TimeSpan.Zero;
                    Task changed;
                    lock (_lock)
                    {
                        changed = _changed.Next;
                        if (_due.Count > 0)
                        {
                            next = _due.Min;
                            wait = next.Due - _clock.Elapsed;
                            if (wait <= TimeSpan.Zero)
                            {
                                _due.Remove(next);
                                _inFlight++;
                            }
                        }
                        else if (_addingCompleted && _inFlight == 0)
                        {
                            return;
                        }
                    }
                    if (next == null)
                    {
                        await AsyncSignal.WaitAsync(changed, cancellationToken).ConfigureAwait(false);
                    }
                    else if (wait > TimeSpan.Zero)
                    {
                        await SleepAsync(wait, changed, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                        PollAsync(next, cancellationToken).Forget();
                    }
                }
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A defect in the scheduler itself: every task it still held ends as one error of its own,
                // and the polls in flight end theirs, before the outcomes are complete. Nothing is dropped.
                await FailPendingAsync(e, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Outcomes.CompleteAdding();
            }
        }

        private async Task FailPendingAsync(Exception cause, CancellationToken cancellationToken)
        {
            List<Entry> stranded;
            lock (_lock)
            {
                _fault = cause;
                stranded = new List<Entry>(_due);
                _due.Clear();
            }
            foreach (Entry entry in stranded)
            {
                Finish(entry, WaitOutcomeKind.Error, Unexpected(entry, cause));
            }
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    // Tasks still being added end at once (Schedule sees the fault); the outcomes stay open for them.
                    if (_inFlight == 0 && _addingCompleted)
                    {
                        return;
                    }
                    changed = _changed.Next;
                }
                await AsyncSignal.WaitAsync(changed, cancellationToken).ConfigureAwait(false);
            }
        }

        private static MpsException Unexpected(Entry entry, Exception cause)
        {
            return new MpsException(ErrorIds.UnexpectedError, MpsErrorKind.InvalidOperation, "Waiting for task " + entry.TaskId + " failed unexpectedly: " + cause.Message, cause);
        }

        private async Task SleepAsync(TimeSpan wait, Task changed, CancellationToken cancellationToken)
        {
            // Sleep until the earliest task is due, or until something changes (a new task, a finished poll).
            using (var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task delay = _clock.Delay(wait, sleep.Token);
                await Task.WhenAny(delay, changed).ConfigureAwait(false);
                sleep.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private async Task PollAsync(Entry entry, CancellationToken cancellationToken)
        {
            try
            {
                VideoTask task = await _poll(entry.TaskId, entry.Last, cancellationToken).ConfigureAwait(false);
                OnPolled(entry, task);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The wait is being stopped; nothing more is said of this task.
            }
            catch (MpsException e)
            {
                OnPollFailed(entry, e);
            }
            catch (Exception e)
            {
                OnPollFailed(entry, new MpsException(ErrorIds.UnexpectedError, MpsErrorKind.InvalidOperation, "Polling task " + entry.TaskId + " failed unexpectedly: " + e.Message, e));
            }
            finally
            {
                _slots.Release();
                lock (_lock)
                {
                    _inFlight--;
                }
                _changed.Set();
            }
        }

        private void OnPolled(Entry entry, VideoTask task)
        {
            VideoTaskStatus? before = entry.Last?.Status;
            entry.Polls++;
            entry.Last = task;
            if (task.IsFinal)
            {
                _log.Verbose(entry.TaskId + ": " + Describe(before) + " -> " + task.Status + " after " + entry.Polls + " polls.");
                Finish(entry, task.Status == VideoTaskStatus.DONE ? WaitOutcomeKind.Done : WaitOutcomeKind.Failed, null);
                return;
            }
            lock (_lock)
            {
                Move(entry.CountedAs, task.Status);
                entry.CountedAs = task.Status;
            }
            if (before != task.Status)
            {
                _log.Verbose(entry.TaskId + ": " + Describe(before) + " -> " + task.Status + ".");
            }
            Reschedule(entry, null);
        }

        private void OnPollFailed(Entry entry, MpsException error)
        {
            if (MpsClient.IsTransient(error))
            {
                // The client has retried already; a long wait should outlast a bad minute of the network.
                entry.Polls++;
                _log.Verbose(entry.TaskId + ": " + error.ErrorId + "; polling again later.");
                Reschedule(entry, error);
                return;
            }
            Finish(entry, WaitOutcomeKind.Error, error);
        }

        private void Reschedule(Entry entry, MpsException lastError)
        {
            TimeSpan now = _clock.Elapsed;
            if (now >= entry.Deadline)
            {
                Finish(entry, WaitOutcomeKind.TimedOut, lastError);
                return;
            }
            double random;
            lock (_random)
            {
                random = _random.NextDouble();
            }
            TimeSpan due = now + _schedule.IntervalAfter(entry.Polls, random);
            // The last poll is at the deadline, so that a task finishing just before it is not reported late.
            entry.Due = due > entry.Deadline ? entry.Deadline : due;
            Exception fault;
            lock (_lock)
            {
                fault = _fault;
                if (fault == null)
                {
                    _due.Add(entry);
                }
            }
            if (fault != null)
            {
                // The scheduler is gone: a poll that ends now cannot be scheduled again.
                Finish(entry, WaitOutcomeKind.Error, Unexpected(entry, fault));
            }
            _changed.Set();
        }

        private void Schedule(Entry entry, TimeSpan delay)
        {
            TimeSpan now = _clock.Elapsed;
            entry.Deadline = now + _timeout;
            entry.Due = now + delay;
            Exception fault;
            lock (_lock)
            {
                if (_addingCompleted)
                {
                    throw new InvalidOperationException("No task can be added after CompleteAdding.");
                }
                fault = _fault;
                if (fault == null)
                {
                    entry.Sequence = _sequence++;
                    _counts.Total++;
                    entry.CountedAs = entry.Last?.Status ?? VideoTaskStatus.WAIT;
                    Move(null, entry.CountedAs);
                    _due.Add(entry);
                }
            }
            if (fault != null)
            {
                Finish(entry, WaitOutcomeKind.Error, Unexpected(entry, fault));
            }
            _changed.Set();
        }

        private void Finish(Entry entry, WaitOutcomeKind kind, MpsException error)
        {
            lock (_lock)
            {
                if (entry.CountedAs == null)
                {
                    // Ended on arrival: it was never counted as pending.
                    _counts.Total++;
                }
                else
                {
                    Move(entry.CountedAs, null);
                }
                if (kind == WaitOutcomeKind.Done)
                {
                    _counts.Done++;
                }
                else
                {
                    _counts.Failed++;
                }
            }
            try
            {
                Outcomes.Add(new WaitOutcome(kind, entry.TaskId, entry.Input, entry.Last, error));
            }
            catch (InvalidOperationException) when (Outcomes.IsAddingCompleted)
            {
                // A poll that ended after the wait was stopped: nobody reads outcomes any more.
            }
        }

        /// <summary>Moves one task between the waiting and running counts; call under the lock.</summary>
        private void Move(VideoTaskStatus? from, VideoTaskStatus? to)
        {
            if (from == to)
            {
                return;
            }
            if (from == VideoTaskStatus.RUN)
            {
                _counts.Running--;
            }
            else if (from != null)
            {
                _counts.Waiting--;
            }
            if (to == VideoTaskStatus.RUN)
            {
                _counts.Running++;
            }
            else if (to != null)
            {
                _counts.Waiting++;
            }
        }

        private static string Describe(VideoTaskStatus? status)
        {
            return status?.ToString() ?? "(not yet queried)";
        }

        private sealed class Entry
        {
            public Entry(string taskId, object input, VideoTask last)
            {
                TaskId = taskId;
                Input = input;
                Last = last;
            }

            public string TaskId { get; }

            public object Input { get; }

            public VideoTask Last { get; set; }

            public int Polls { get; set; }

            public TimeSpan Due { get; set; }

            public TimeSpan Deadline { get; set; }

            /// <summary>Order of arrival; breaks ties of Due.</summary>
            public long Sequence { get; set; }

            /// <summary>Which pending count holds this task; null before it is scheduled.</summary>
            public VideoTaskStatus? CountedAs { get; set; }
        }

        private sealed class EntryOrder : IComparer<Entry>
        {
            public static readonly EntryOrder Instance = new EntryOrder();

            public int Compare(Entry x, Entry y)
            {
                int byDue = x.Due.CompareTo(y.Due);
                return byDue != 0 ? byDue : x.Sequence.CompareTo(y.Sequence);
            }
        }
    }
}
