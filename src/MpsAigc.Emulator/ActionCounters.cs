using System.Collections.Generic;

namespace MpsAigc.Emulator
{
    /// <summary>MPS API calls by action, and those refused for rate, so a test can see each action's own limit at work.</summary>
    public sealed class ActionCounters
    {
        /// <summary>Where calls of actions the emulator does not serve are counted, so no caller can grow the table.</summary>
        public const string Unknown = "(unknown)";

        private readonly object _lock = new object();
        private readonly Dictionary<string, long> _calls = new Dictionary<string, long>();
        private readonly Dictionary<string, long> _refused = new Dictionary<string, long>();

        /// <summary>A call that passed authentication.</summary>
        public void RecordCall(string action)
        {
            Add(_calls, action);
        }

        public void RecordRefusedForRate(string action)
        {
            Add(_refused, action);
        }

        public void CopyTo(EmulatorStats stats)
        {
            lock (_lock)
            {
                stats.CallsByAction = new Dictionary<string, long>(_calls);
                stats.RefusedByAction = new Dictionary<string, long>(_refused);
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _calls.Clear();
                _refused.Clear();
            }
        }

        private void Add(Dictionary<string, long> counts, string action)
        {
            string key = TaskKind.Serves(action) ? action : Unknown;
            lock (_lock)
            {
                counts.TryGetValue(key, out long count);
                counts[key] = count + 1;
            }
        }
    }
}
