using System;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// What a journal knows of one identity: sent (with no answer yet), refused, or created with its TaskId;
    /// and, while a command of this process is creating it, that command's claim. Kept small: a journal of
    /// 100,000 entries is read into memory whole.
    /// </summary>
    internal sealed class JournalEntry
    {
        public JournalEntry(JournalIdentity identity, TaskKind kind)
        {
            Identity = identity;
            Kind = kind;
        }

        public enum States
        {
            /// <summary>Not in the file yet: a claim made it, and nothing has been sent.</summary>
            New,

            /// <summary>Sent, and no answer recorded: the task may or may not exist.</summary>
            Sent,

            /// <summary>The service refused it, so nothing was created: it may be sent again.</summary>
            Refused,

            /// <summary>Created: its TaskId is known. Final.</summary>
            Created,
        }

        public JournalIdentity Identity { get; }

        public TaskKind Kind { get; }

        public States State { get; set; }

        public string? TaskId { get; set; }

        /// <summary>When it was last sent or created (UTC ticks): what an emitted task's QueriedAt says.</summary>
        public long AtTicks { get; set; }

        public DateTimeOffset At => new DateTimeOffset(AtTicks, TimeSpan.Zero);

        /// <summary>Where it was created; shared by the entries of one journal (see TaskJournal's interning).</summary>
        public Uri? Endpoint { get; set; }

        public string? Region { get; set; }

        /// <summary>The claim of a command of this process that is creating it now; null when none is.</summary>
        public JournalClaim? Claim { get; set; }
    }
}
