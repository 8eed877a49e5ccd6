namespace MpsAigc.RateLimiting
{
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
