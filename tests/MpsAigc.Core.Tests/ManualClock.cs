using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// A clock that moves only when the test moves it: a delay ends when <see cref="Advance"/> reaches it (or
    /// is cancelled), so code that waits can be watched while it waits. Unlike <see cref="FakeClock"/>, whose
    /// delays pass at once.
    /// </summary>
    internal sealed class ManualClock : IClock
    {
        private readonly object _lock = new object();
        private readonly List<(TimeSpan Due, TaskCompletionSource<bool> Done)> _sleepers = new List<(TimeSpan, TaskCompletionSource<bool>)>();
        private readonly DateTimeOffset _start;
        private TimeSpan _elapsed;

        public ManualClock(DateTimeOffset start)
        {
            _start = start;
        }

        public DateTimeOffset UtcNow => _start + Elapsed;

        public TimeSpan Elapsed
        {
            get { lock (_lock) { return _elapsed; } }
        }

        /// <summary>Delays waiting for an <see cref="Advance"/>: a test moves the clock once its waiters sleep, not before.</summary>
        public int Sleeping
        {
            get { lock (_lock) { return _sleepers.FindAll(s => !s.Done.Task.IsCompleted).Count; } }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (delay <= TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _sleepers.Add((_elapsed + delay, done));
            }
            cancellationToken.Register(() => done.TrySetCanceled());
            return done.Task;
        }

        public void Advance(TimeSpan by)
        {
            var due = new List<TaskCompletionSource<bool>>();
            lock (_lock)
            {
                _elapsed += by;
                _sleepers.RemoveAll(s =>
                {
                    if (s.Due > _elapsed)
                    {
                        return false;
                    }
                    due.Add(s.Done);
                    return true;
                });
            }
            foreach (TaskCompletionSource<bool> done in due)
            {
                done.TrySetResult(true);
            }
        }
    }
}
