namespace MpsAigc.Journal
{
    /// <summary>What the journal makes of one input, decided on the pipeline thread in input order.</summary>
    public sealed class JournalDecision
    {
        private JournalDecision(Actions action, JournalClaim? claim, AigcTask? task, MpsException? error)
        {
            Action = action;
            Claim = claim;
            Task = task;
            Error = error;
        }

        public enum Actions
        {
            /// <summary>Create it: <see cref="Claim"/> is this command's.</summary>
            Send,

            /// <summary>The journal has its task: emit <see cref="Task"/>, send nothing.</summary>
            Emit,

            /// <summary>Send nothing: <see cref="Error"/> is its outcome (OutcomeUnknown, IdempotencyKeyMismatch).</summary>
            Fail,

            /// <summary>A command of this process is creating it now: its outcome is <see cref="Claim"/>'s.</summary>
            Await,
        }

        public Actions Action { get; }

        public JournalClaim? Claim { get; }

        public AigcTask? Task { get; }

        public MpsException? Error { get; }

        internal static JournalDecision Send(JournalClaim claim) => new JournalDecision(Actions.Send, claim, null, null);

        internal static JournalDecision Emit(AigcTask task) => new JournalDecision(Actions.Emit, null, task, null);

        internal static JournalDecision Fail(MpsException error) => new JournalDecision(Actions.Fail, null, null, error);

        internal static JournalDecision Await(JournalClaim claim) => new JournalDecision(Actions.Await, claim, null, null);
    }
}
