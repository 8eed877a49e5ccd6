using System;

namespace MpsAigc.Http
{
    /// <summary>
    /// The rules of one budget of requests, applied to its <see cref="BudgetState"/> under its store's lock.
    /// <para>
    /// A request holds a slot while it is in flight, and the slot is free again one window after the answer
    /// came back. The service saw the request before the answer left it, so the next request on that slot
    /// reaches the service at least one window after the last one did: no jitter on the way can put more
    /// than the limit into one of its seconds. (A token bucket, or a window counted from send times, fails
    /// that when early requests are delayed and arrive together with the next window's.)
    /// </para>
    /// <para>
    /// After a refusal for rate the budget uses fewer of its slots, as many as <see cref="AdaptiveRate"/>
    /// allows, and spaces its requests evenly (GCRA), so that a client which shares the account with others
    /// it cannot see hears the next refusal after one request rather than after a burst.
    /// </para>
    /// </summary>
    internal sealed class RequestBudget
    {
        private readonly long _window;
        private readonly long _lease;
        private readonly long _burst;

        /// <param name="lease">How long a request in flight keeps its slot if its holder never answers (it died).</param>
        /// <param name="burstWindows">
        /// How much of a window's requests may go at once before they are spaced: 1 when the budget is the
        /// machine's; less when others may start at the same moment without knowing of each other.
        /// </param>
        public RequestBudget(int limit, TimeSpan window, TimeSpan lease, double burstWindows)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "The limit must be at least 1.");
            }
            Limit = limit;
            Window = window;
            _window = window.Ticks;
            _lease = lease.Ticks;
            _burst = (long)(window.Ticks * burstWindows);
        }

        public int Limit { get; }

        public TimeSpan Window { get; }

        /// <summary>Requests per window the budget allows at <paramref name="now"/>.</summary>
        public double RateAt(BudgetState state, long now)
        {
            return AdaptiveRate.At(Limit, state.Peak, TimeSpan.FromTicks(now - state.CutAt));
        }

        /// <summary>Books a slot for one request now, or says when to ask again.</summary>
        public BudgetDecision TryTake(BudgetState state, long now, long leaseId)
        {
            double rate = RateAt(state, now);
            int usable = Math.Max(1, Math.Min(Limit, (int)Math.Floor(rate + 1e-9)));
            var cooling = new long[state.Slots.Length];
            int coolingCount = 0;
            int busy = 0;
            int free = -1;
            long firstLeaseEnd = long.MaxValue;
            for (int i = 0; i < state.Slots.Length; i++)
            {
                ref BudgetSlot slot = ref state.Slots[i];
                if (slot.LeaseUntil != 0)
                {
                    if (slot.LeaseUntil > now)
                    {
                        busy++;
                        firstLeaseEnd = Math.Min(firstLeaseEnd, slot.LeaseUntil);
                        continue;
                    }
                    // Its holder never answered within the lease (it died): free a window after the lease ended.
                    slot.FreeAt = slot.LeaseUntil + _window;
                    slot.LeaseUntil = 0;
                }
                if (slot.FreeAt > now)
                {
                    busy++;
                    cooling[coolingCount++] = slot.FreeAt;
                }
                else if (free < 0)
                {
                    free = i;
                }
            }
            if (busy >= usable)
            {
                int needed = busy - usable + 1;
                if (needed > coolingCount)
                {
                    return BudgetDecision.AfterAnAnswer(firstLeaseEnd);
                }
                Array.Sort(cooling, 0, coolingCount);
                return BudgetDecision.At(cooling[needed - 1]);
            }
            if (state.PaceAt - _burst > now)
            {
                return BudgetDecision.At(state.PaceAt - _burst);
            }
            state.PaceAt = Math.Max(state.PaceAt, now) + (long)(_window / rate);
            ref BudgetSlot taken = ref state.Slots[free];
            taken.LeaseUntil = now + _lease;
            taken.LeaseId = leaseId;
            taken.Refused = false;
            return BudgetDecision.Granted(free, state.Epoch, now);
        }

        /// <summary>The answer is in: the slot is free again a window later (longer while the rate is below one a window).</summary>
        public void Release(BudgetState state, int slot, long leaseId, long now)
        {
            ref BudgetSlot held = ref state.Slots[slot];
            if (held.LeaseId != leaseId || held.LeaseUntil == 0)
            {
                // Reclaimed after its lease ran out, and perhaps taken again since.
                return;
            }
            held.LeaseUntil = 0;
            held.FreeAt = now + (long)(_window * Math.Max(1, 1 / RateAt(state, now)));
        }

        /// <summary>
        /// The service refused the slot's request for its rate. The first refusal of a request sent at the
        /// current rate cuts it to what was getting through; refusals of requests sent before that cut were
        /// part of the same crowd and change nothing more.
        /// </summary>
        public RateCut Refused(BudgetState state, int slot, long leaseId, long epoch, long now)
        {
            if (state.Slots[slot].LeaseId == leaseId)
            {
                state.Slots[slot].Refused = true;
            }
            if (epoch != state.Epoch)
            {
                return default(RateCut);
            }
            double before = RateAt(state, now);
            int accepted = 0;
            foreach (BudgetSlot each in state.Slots)
            {
                if (each.LeaseUntil == 0 && each.FreeAt > now && !each.Refused)
                {
                    accepted++;
                }
            }
            state.Peak = AdaptiveRate.PeakAfterRefusal(Limit, before, accepted);
            state.CutAt = now;
            state.Epoch++;
            return new RateCut(before, RateAt(state, now));
        }

        /// <summary>
        /// Forgets times that cannot be from this boot of the machine (the counter restarts with it), so a
        /// file left from before a restart never holds a slot for longer than a lease and a window.
        /// </summary>
        public void Repair(BudgetState state, long now)
        {
            long longestCooling = (long)(_window / AdaptiveRate.Min);
            for (int i = 0; i < state.Slots.Length; i++)
            {
                ref BudgetSlot slot = ref state.Slots[i];
                if (slot.LeaseUntil > now + _lease)
                {
                    slot.LeaseUntil = 0;
                    slot.FreeAt = 0;
                }
                if (slot.FreeAt > now + longestCooling)
                {
                    slot.FreeAt = 0;
                }
            }
            if (state.PaceAt > now + longestCooling + _burst)
            {
                state.PaceAt = now;
            }
            if (state.CutAt > now)
            {
                state.Peak = 0;
                state.CutAt = 0;
            }
        }
    }

    /// <summary>A slot booked, or when to ask again.</summary>
    internal struct BudgetDecision
    {
        public bool IsGranted { get; private set; }

        public int Slot { get; private set; }

        /// <summary>The budget's cut count when the slot was booked.</summary>
        public long Epoch { get; private set; }

        /// <summary>Granted: when. Otherwise: the earliest time asking again can succeed.</summary>
        public long Time { get; private set; }

        /// <summary>Every slot that could free up is in flight: ask again after an answer (or <see cref="Time"/>, when a lease ends).</summary>
        public bool AwaitsAnswer { get; private set; }

        public static BudgetDecision Granted(int slot, long epoch, long at) => new BudgetDecision { IsGranted = true, Slot = slot, Epoch = epoch, Time = at };

        public static BudgetDecision At(long time) => new BudgetDecision { Time = time };

        public static BudgetDecision AfterAnAnswer(long leaseEnd) => new BudgetDecision { Time = leaseEnd, AwaitsAnswer = true };
    }

    /// <summary>A refusal's effect on the rate; <see cref="IsCut"/> is false when it changed nothing.</summary>
    internal struct RateCut
    {
        public RateCut(double before, double after)
        {
            IsCut = true;
            Before = before;
            After = after;
        }

        public bool IsCut { get; }

        public double Before { get; }

        public double After { get; }
    }
}
