using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Engine
{
    /// <summary>
    /// Calls that must run on the thread that drives a pump, made from work on other threads: a question for the
    /// user (-Confirm, -WhatIf) may only be asked on the pipeline thread. The pump runs them as it runs, between
    /// inputs and while it waits for outcomes; on that thread itself a call runs at once.
    /// </summary>
    public sealed class PumpThread
    {
        private readonly ConcurrentQueue<Action> _calls = new ConcurrentQueue<Action>();
        private Action? _wake;
        private int _threadId = -1;

        /// <summary>Runs <paramref name="call"/> on the pump's thread and gives its result; ends at once when cancelled.</summary>
        public Task<T> RunAsync<T>(Func<T> call, CancellationToken cancellationToken)
        {
            if (Environment.CurrentManagedThreadId == Volatile.Read(ref _threadId))
            {
                return Task.FromResult(call());
            }
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _calls.Enqueue(() =>
            {
                try
                {
                    result.TrySetResult(call());
                }
                catch (Exception e)
                {
                    result.TrySetException(e);
                }
            });
            Volatile.Read(ref _wake)?.Invoke();
            return result.Task.WithCancellation(cancellationToken);
        }

        /// <summary>The pump that drives it: it is woken by a call, and the thread it runs on now is the one calls run on.</summary>
        internal void Attach(Action wake)
        {
            Volatile.Write(ref _wake, wake);
        }

        /// <summary>On the pump's thread: runs the calls waiting now, and marks this thread as the one they run on.</summary>
        internal void RunWaiting()
        {
            Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);
            while (_calls.TryDequeue(out Action? call))
            {
                call();
            }
        }
    }
}
