namespace MpsAigc.Engine
{
    /// <summary>
    /// What became of one input: an object to emit, or the error that stands in its place. Every cmdlet's
    /// work ends in these, and one pump writes them, so an item fails the same way whichever cmdlet it is in.
    /// </summary>
    public sealed class Outcome
    {
        private Outcome(object? value, MpsException? error, object? target)
        {
            Value = value;
            Error = error;
            Target = target;
        }

        /// <summary>The object to emit; null when this is an error.</summary>
        public object? Value { get; }

        /// <summary>Carries the stable ErrorId, the kind (which gives the category) and the text; null when this is an object.</summary>
        public MpsException? Error { get; }

        /// <summary>What the user put in for this item: the error's TargetObject (null when the input was).</summary>
        public object? Target { get; }

        public static Outcome Of(object? value, object? target)
        {
            return new Outcome(value, null, target);
        }

        public static Outcome Failed(MpsException error, object? target)
        {
            return new Outcome(null, error, target);
        }
    }
}
