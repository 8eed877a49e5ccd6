
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>One event line of a journal as read back: what it says of one identity.</summary>
    internal struct JournalRecord
    {
        public JournalLines.Events Event;

        public TaskKind Kind;

        public JournalIdentity Identity;

        /// <summary>UTC ticks of the line's At.</summary>
        public long AtTicks;

        /// <summary>Created lines only.</summary>
        public string? TaskId;

        public string? Endpoint;

        public string? Region;
    }
}
