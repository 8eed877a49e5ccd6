using System.Collections.Generic;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The last calls the API and STS answered, with what each carried that a client's settings decide (region,
    /// who signed, a role's name and length): how a test sees that a setting reached a request. Never a key or token.
    /// </summary>
    public sealed class RecentCalls
    {
        public const int Kept = 100;

        private readonly object _lock = new object();
        private readonly Queue<CallRecord> _calls = new Queue<CallRecord>();

        public void Record(CallRecord call)
        {
            lock (_lock)
            {
                _calls.Enqueue(call);
                while (_calls.Count > Kept)
                {
                    _calls.Dequeue();
                }
            }
        }

        public List<CallRecord> Snapshot()
        {
            lock (_lock)
            {
                return new List<CallRecord>(_calls);
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _calls.Clear();
            }
        }
    }
}
