namespace MpsAigc.Engine
{
    /// <summary>
    /// What became of one input: its result, the error that stands in its place, or nothing of its own (an input
    /// that became other items, such as a task id that became its files). Every command's work ends in these, and
    /// one pump writes them, so an item fails the same way whichever command it is in.
    /// </summary>
    /// <typeparam name="T">The command's result: a task, a saved file.</typeparam>
    public sealed class Outcome<T>
        where T : class
    {
        private Outcome(T? value, MpsException? error, object? target)
        {
            Value = value;
            Error = error;
            Target = target;
        }

        /// <summary>The result to emit; null when this is an error, or nothing.</summary>
        public T? Value { get; }

        /// <summary>Carries the stable ErrorId, the kind (which gives the category) and the text; null when this is no error.</summary>
        public MpsException? Error { get; }

        /// <summary>What the user put in for this item: the error's TargetObject (null when the input was).</summary>
        public object? Target { get; }

        public static Outcome<T> Of(T value, object? target)
        {
            return new Outcome<T>(value, null, target);
        }

        public static Outcome<T> Failed(MpsException error, object? target)
        {
            return new Outcome<T>(null, error, target);
        }

        /// <summary>The input became other items of the batch, whose outcomes stand for it: nothing to write.</summary>
        public static Outcome<T> Nothing(object? target)
        {
            return new Outcome<T>(null, null, target);
        }
    }
}
