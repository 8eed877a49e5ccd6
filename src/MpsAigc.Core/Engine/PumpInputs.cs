using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace MpsAigc.Engine
{
    /// <summary>
    /// The inputs of a job, as its pipeline hands them over: the pump reads them as they come, and each one (and the
    /// end of them) wakes it at once.
    /// </summary>
    public sealed class PumpInputs<T>
    {
        private readonly ConcurrentQueue<T> _queue = new ConcurrentQueue<T>();
        private Action? _arrived;
        private int _added;
        private volatile bool _addingCompleted;

        /// <summary>How many were added in all.</summary>
        public int Count => Volatile.Read(ref _added);

        /// <summary>True once no more will come and every one was taken.</summary>
        public bool IsCompleted => _addingCompleted && _queue.IsEmpty;

        public void Add(T input)
        {
            if (_addingCompleted)
            {
                throw new InvalidOperationException("No input can be added after the last one.");
            }
            _queue.Enqueue(input);
            Interlocked.Increment(ref _added);
            Volatile.Read(ref _arrived)?.Invoke();
        }

        public void CompleteAdding()
        {
            _addingCompleted = true;
            Volatile.Read(ref _arrived)?.Invoke();
        }

        public bool TryTake([MaybeNullWhen(false)] out T input)
        {
            return _queue.TryDequeue(out input);
        }

        /// <summary>Whom an input, or the end of them, wakes: the pump that reads them.</summary>
        internal void OnArrival(Action wake)
        {
            Volatile.Write(ref _arrived, wake);
            wake();
        }
    }
}
