using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Engine
{
    /// <summary>What one go at an item's work came to: its end, or when to run it again.</summary>
    public sealed class Step
    {
        private Step(Outcome? outcome, TimeSpan again)
        {
            Outcome = outcome;
            Again = again;
        }

        /// <summary>The item's end; null when it is to run again.</summary>
        public Outcome? Outcome { get; }

        /// <summary>How long from now the item's work runs again, when it has not ended.</summary>
        public TimeSpan Again { get; }

        public static Step Done(Outcome outcome)
        {
            return new Step(outcome, TimeSpan.Zero);
        }

        public static Step After(TimeSpan delay)
        {
            return new Step(null, delay);
        }
    }
}
