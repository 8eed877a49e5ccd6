namespace MpsAigc.Http
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

    internal struct BudgetSlot
    {
        /// <summary>When the slot may carry its next request: a window after its last answer.</summary>
        public long FreeAt;

        /// <summary>While a request is in flight: when its holder's lease ends (a holder that died frees it then). 0 otherwise.</summary>
        public long LeaseUntil;

        /// <summary>Who holds or last held the slot, so that a late release of a reclaimed slot changes nothing.</summary>
        public long LeaseId;

        /// <summary>The service refused the slot's last request for its rate.</summary>
        public bool Refused;

        /// <summary>
        /// A waiting request booked the slot for <see cref="ReservedAt"/> (its lease id; 0 for none), so that
        /// waiters of every process are served in the order they came, each sleeping until its own time.
        /// </summary>
        public long ReservedBy;

        public long ReservedAt;

        /// <summary>When the booking's request came to the budget: an earlier one is served first.</summary>
        public long ReservedSince;
    }
}
