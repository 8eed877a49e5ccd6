using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace MpsAigc.Engine
{
    /// <summary>
    /// Work finishes in any order; this hands the results out in the order places were reserved, each as
    /// soon as it and everything before it is done. Appending takes a place and fills it at once, for
    /// results that go out in the order they finish.
    /// </summary>
    public sealed class OrderedCompletionQueue<T>
    {
        private readonly object _lock = new object();
        private readonly Dictionary<int, T> _done = new Dictionary<int, T>();
        private int _reserved;
        private int _next;

        /// <summary>Takes a place in the output order for work about to start.</summary>
        public int Reserve()
        {
            lock (_lock)
            {
                return _reserved++;
            }
        }

        public void Complete(int index, T value)
        {
            lock (_lock)
            {
                _done[index] = value;
            }
        }

        /// <summary>Puts a result at the end of the order.</summary>
        public void Append(T value)
        {
            lock (_lock)
            {
                Complete(_reserved++, value);
            }
        }

        /// <summary>Takes the next result in order if it is already done; never waits.</summary>
        public bool TryTake([MaybeNullWhen(false)] out T value)
        {
            lock (_lock)
            {
                if (_done.TryGetValue(_next, out value))
                {
                    _done.Remove(_next);
                    _next++;
                    return true;
                }
                return false;
            }
        }
    }
}
