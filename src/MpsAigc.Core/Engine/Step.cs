using System;

namespace MpsAigc.Engine
{
    /// <summary>What one go at an item's work came to: its end, or when to run it again.</summary>
    public sealed class Step<T>
        where T : class
    {
        private Step(Outcome<T>? outcome, TimeSpan again)
        {
            Outcome = outcome;
            Again = again;
        }

        /// <summary>The item's end; null when it is to run again.</summary>
        public Outcome<T>? Outcome { get; }

        /// <summary>How long from now the item's work runs again, when it has not ended.</summary>
        public TimeSpan Again { get; }

        public static Step<T> Done(Outcome<T> outcome)
        {
            return new Step<T>(outcome, TimeSpan.Zero);
        }

        public static Step<T> After(TimeSpan delay)
        {
            return new Step<T>(null, delay);
        }
    }
}
