using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Engine;

namespace MpsAigc.Journal
{
    /// <summary>
    /// One command's right to create one identity: made when the command decides to send it, and settled
    /// when its answer comes (or it is given up). Another command of this process that meets the identity
    /// meanwhile waits for it and takes the same task or error, rather than creating it a second time.
    /// </summary>
    public sealed class JournalClaim
    {
        private readonly TaskJournal _journal;
        private readonly TaskCompletionSource<Settled> _settled = new TaskCompletionSource<Settled>(TaskCreationOptions.RunContinuationsAsynchronously);

        internal JournalClaim(TaskJournal journal, JournalEntry entry, JournalUse owner, string label, bool sendsAgain)
        {
            _journal = journal;
            Entry = entry;
            Owner = owner;
            Label = label;
            SendsAgain = sendsAgain;
        }

        internal enum States
        {
            /// <summary>Decided, not sent: it may still be given up.</summary>
            Claimed,

            /// <summary>Its Sending line is on disk, and the create is on its way.</summary>
            Sending,

            Done,
        }

        /// <summary>What a person recognises the input by (never a signed link's query).</summary>
        public string Label { get; }

        /// <summary>True when the journal says it was sent before with no answer, and -RetryUnknown sends it again.</summary>
        public bool SendsAgain { get; }

        /// <summary>The identity as a message names it.</summary>
        public string Identity => Entry.Identity.ToString();

        internal JournalEntry Entry { get; }

        internal JournalUse Owner { get; }

        /// <summary>Changed under the journal's lock only.</summary>
        internal States State { get; set; }

        /// <summary>Before the create is sent. See <see cref="TaskJournal.RecordSending"/>.</summary>
        public void RecordSending() => _journal.RecordSending(this);

        public void RecordCreated(AigcTask task) => _journal.RecordCreated(this, task);

        public void RecordRefused(MpsException error) => _journal.RecordRefused(this, error);

        public void RecordUnanswered() => _journal.RecordUnanswered(this);

        /// <summary>Not sent after all (-Confirm said no): the identity is as it was.</summary>
        public void Release() => _journal.Release(this);

        /// <summary>What a command waiting for this claim emits for its own input: the same task, or the same error.</summary>
        public async Task<Outcome<AigcTask>> OutcomeAsync(object? target, CancellationToken cancellationToken)
        {
            Settled settled = await _settled.Task.WithCancellation(cancellationToken).ConfigureAwait(false);
            return settled.Task != null ? Outcome<AigcTask>.Of(settled.Task, target)
                : Outcome<AigcTask>.Failed(settled.Error ?? new MpsException(
                    ErrorIds.OperationStopped,
                    MpsErrorKind.InvalidOperation,
                    "'" + Label + "' (" + Identity + ") was being created by another command of this process, which did not send it after all (it was stopped, or -Confirm said no). Run this again."), target);
        }

        internal void Settle(Settled result) => _settled.TrySetResult(result);

        /// <summary>How a claim ended: its task, an error, or neither (released).</summary>
        internal sealed class Settled
        {
            public static readonly Settled Released = new Settled(null, null);

            private Settled(AigcTask? task, MpsException? error)
            {
                Task = task;
                Error = error;
            }

            public AigcTask? Task { get; }

            public MpsException? Error { get; }

            public static Settled Created(AigcTask task) => new Settled(task, null);

            public static Settled Failed(MpsException error) => new Settled(null, error);
        }
    }
}
