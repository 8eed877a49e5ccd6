namespace MpsAigc.RateLimiting
{
    /// <summary>A slot booked for now, or when to ask again.</summary>
    internal struct BudgetDecision
    {
        public bool IsGranted { get; private set; }

        public int Slot { get; private set; }

        /// <summary>The budget's cut count when the slot was taken.</summary>
        public long Epoch { get; private set; }

        /// <summary>Granted: when. Otherwise: when asking again can succeed (the time booked, if one was).</summary>
        public long Time { get; private set; }

        /// <summary>Every slot that could free up is in flight: ask again after an answer (or <see cref="Time"/>, when a lease ends).</summary>
        public bool AwaitsAnswer { get; private set; }

        public static BudgetDecision Granted(int slot, long epoch, long at) => new BudgetDecision { IsGranted = true, Slot = slot, Epoch = epoch, Time = at };

        public static BudgetDecision At(long time) => new BudgetDecision { Time = time };

        public static BudgetDecision AfterAnAnswer(long leaseEnd) => new BudgetDecision { Time = leaseEnd, AwaitsAnswer = true };
    }
}
