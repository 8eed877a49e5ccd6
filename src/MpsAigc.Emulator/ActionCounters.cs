using System.Collections.Generic;

namespace MpsAigc.Emulator
{
    /// <summary>MPS API calls by action, those refused for rate, and the tasks each create action made, so a test can see each action's own limit at work and count what was billed.</summary>
    public sealed class ActionCounters
    {
        /// <summary>Where calls of actions the emulator does not serve are counted, so no caller can grow the table.</summary>
        public const string Unknown = "(unknown)";

        private readonly object _lock = new object();
        private readonly Dictionary<string, long> _calls = new Dictionary<string, long>();
        private readonly Dictionary<string, long> _refused = new Dictionary<string, long>();
        private readonly Dictionary<string, long> _created = new Dictionary<string, long>();

        /// <summary>A call that passed authentication.</summary>
        public void RecordCall(string action)
        {
            Add(_calls, action);
        }

        public void RecordRefusedForRate(string action)
        {
            Add(_refused, action);
        }

        /// <summary>A task made by a create action, answered or not.</summary>
        public void RecordCreated(string action)
        {
            Add(_created, action);
        }

        public void CopyTo(EmulatorStats stats)
        {
            lock (_lock)
            {
                stats.CallsByAction = new Dictionary<string, long>(_calls);
                stats.RefusedByAction = new Dictionary<string, long>(_refused);
                stats.CreatedByAction = new Dictionary<string, long>(_created);
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _calls.Clear();
                _refused.Clear();
                _created.Clear();
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
