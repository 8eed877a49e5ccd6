namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// What one budget of requests remembers, in one process's memory or in a file every process of the
    /// machine shares. Times are ticks of the machine's monotonic clock (<see cref="IClock.Elapsed"/>).
    /// Only <see cref="RequestBudget"/> changes it, always under its store's lock.
    /// </summary>
    internal sealed class BudgetState
    {
        public BudgetState(int slots)
        {
            Slots = new BudgetSlot[slots];
        }

        /// <summary>One per request the limit allows in a window.</summary>
        public BudgetSlot[] Slots { get; }

        /// <summary>The rate of the last cut; 0 when the service never refused a request of this budget.</summary>
        public double Peak { get; set; }

        public long CutAt { get; set; }

        /// <summary>The rate allowed just before the last cut.</summary>
        public double CutFrom { get; set; }

        /// <summary>Counts the cuts, so that refusals of requests sent before the last one do not cut again.</summary>
        public long Epoch { get; set; }

        /// <summary>When the next request is due if requests go evenly (GCRA's theoretical arrival time).</summary>
        public long PaceAt { get; set; }

        /// <summary>After a refusal, nothing goes before this: the end of the service's full second.</summary>
        public long HeldUntil { get; set; }
    }
}
