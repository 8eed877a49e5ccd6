namespace MpsAigc.Journal
{
    /// <summary>One create as the cmdlet hands it to its feed: the body that is sent, and what a journal decided for it.</summary>
    public sealed class CreateInput
    {
        public CreateInput(object? target, byte[] body, JournalDecision? journal)
        {
            Target = target;
            Body = body;
            Journal = journal;
        }

        /// <summary>The input as its errors name it (TargetObject).</summary>
        public object? Target { get; }

        public byte[] Body { get; }

        /// <summary>Null without a journal: the create is sent, once.</summary>
        public JournalDecision? Journal { get; }
    }
}
