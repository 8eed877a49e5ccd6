using System;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// The rules of one budget of requests, applied to its <see cref="BudgetState"/> under its store's lock: slots
    /// held until the answer, bookings served in order, even spacing after a refusal (ARCHITECTURE.md, "The budget").
    /// </summary>
    internal sealed class RequestBudget
    {
        /// <summary>
        /// Another process's answer cannot wake a waiter: while only answers can free a slot of a shared
        /// budget, a waiter looks again this often.
        /// </summary>
        public static readonly TimeSpan AnswerPoll = TimeSpan.FromMilliseconds(5);

        /// <summary>How long a booking waits for its holder after its time: longer than any timer is late, short enough not to idle.</summary>
        private static readonly long BookingGrace = TimeSpan.FromMilliseconds(200).Ticks;

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

        /// <summary>Books a slot for one request now, or for a later time to come back at.</summary>
        /// <param name="leaseId">The request's id: the same on every try, so it finds its booking.</param>
        /// <param name="arrived">When the request came to the budget (its place in line); now when not given.</param>
        public BudgetDecision TryTake(BudgetState state, long now, long leaseId, long? arrived = null)
        {
            if (now < state.HeldUntil)
            {
                return HoldBack(state, leaseId);
            }
            double rate = RateAt(state, now);
            int usable = Math.Max(1, Math.Min(Limit, (int)Math.Floor(rate + 1e-9)));
            var cooling = new long[state.Slots.Length];
            var coolingSlot = new int[state.Slots.Length];
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
                if (slot.ReservedBy == leaseId)
                {
                    if (now >= slot.ReservedAt)
                    {
                        // Its time has come: the rate and the spacing were settled when it was booked.
                        return Take(state, i, now, leaseId);
                    }
                    return BudgetDecision.At(slot.ReservedAt);
                }
                if (slot.ReservedBy != 0)
                {
                    if (slot.ReservedAt + BookingGrace > now)
                    {
                        // Promised to an earlier waiter: as good as busy.
                        busy++;
                        continue;
                    }
                    slot.ReservedBy = 0;
                }
                if (slot.FreeAt > now)
                {
                    busy++;
                    coolingSlot[coolingCount] = i;
                    cooling[coolingCount++] = slot.FreeAt;
                }
                else if (free < 0)
                {
                    free = i;
                }
            }

            int chosen;
            long at;
            if (busy < usable)
            {
                chosen = free;
                at = now;
            }
            else
            {
                int needed = busy - usable + 1;
                if (needed > coolingCount)
                {
                    return BudgetDecision.AfterAnAnswer(firstLeaseEnd);
                }
                Array.Sort(cooling, coolingSlot, 0, coolingCount);
                chosen = coolingSlot[needed - 1];
                at = cooling[needed - 1];
            }
            at = Math.Max(at, state.PaceAt - _burst);
            state.PaceAt = Math.Max(state.PaceAt, at) + (long)(_window / rate);
            if (at <= now)
            {
                return Take(state, chosen, now, leaseId);
            }
            return Book(state, chosen, at, leaseId, arrived ?? now);
        }

        /// <summary>
        /// Books <paramref name="slot"/> at <paramref name="at"/>, in the order requests came: bookings of
        /// requests that came later give way, each moving to the next later time (so a sleeper only ever
        /// wakes early, finds its new time, and sleeps again), and the last of them takes this one. Each
        /// process's first request in line so waits as long as it has, as one process's requests do.
        /// </summary>
        private static BudgetDecision Book(BudgetState state, int slot, long at, long leaseId, long arrived)
        {
            var later = new System.Collections.Generic.List<int>();
            for (int i = 0; i < state.Slots.Length; i++)
            {
                BudgetSlot other = state.Slots[i];
                if (other.ReservedBy != 0 && other.ReservedBy != leaseId && other.ReservedSince > arrived && other.ReservedAt < at)
                {
                    later.Add(i);
                }
            }
            later.Sort((a, b) => state.Slots[a].ReservedAt.CompareTo(state.Slots[b].ReservedAt));
            long id = leaseId;
            long since = arrived;
            foreach (int place in later)
            {
                // This place goes to the earlier arrival; the one that held it moves on to the next.
                ref BudgetSlot held = ref state.Slots[place];
                long movedId = held.ReservedBy;
                long movedSince = held.ReservedSince;
                held.ReservedBy = id;
                held.ReservedSince = since;
                id = movedId;
                since = movedSince;
            }
            state.Slots[slot].ReservedBy = id;
            state.Slots[slot].ReservedAt = at;
            state.Slots[slot].ReservedSince = since;
            return BudgetDecision.At(later.Count == 0 ? at : state.Slots[later[0]].ReservedAt);
        }

        /// <summary>The service's second is full: whatever goes now is refused too. A booking keeps its place.</summary>
        private static BudgetDecision HoldBack(BudgetState state, long leaseId)
        {
            for (int i = 0; i < state.Slots.Length; i++)
            {
                if (state.Slots[i].ReservedBy == leaseId)
                {
                    state.Slots[i].ReservedAt = Math.Max(state.Slots[i].ReservedAt, state.HeldUntil);
                }
            }
            return BudgetDecision.At(state.HeldUntil);
        }

        /// <summary>A request that stopped waiting (cancelled) gives its booking back at once.</summary>
        public void Leave(BudgetState state, long leaseId)
        {
            for (int i = 0; i < state.Slots.Length; i++)
            {
                if (state.Slots[i].ReservedBy == leaseId)
                {
                    state.Slots[i].ReservedBy = 0;
                }
            }
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
        /// The service refused the slot's request for its rate: the service's current second is full. The
        /// first refusal of a request sent at the current rate cuts it, by the share of the window's answers
        /// that got through, and holds every request back until <paramref name="secondEnds"/>, as anything sent
        /// into a full second is refused too. Refusals of requests sent before that cut are part of the same
        /// crowd: they only deepen it to the share measured on more answers. One of a request sent after it
        /// speaks of a later second, and cuts again.
        /// </summary>
        /// <param name="secondEnds">When the service's current second ends, as near as the client can tell (ticks).</param>
        public RateCut Refused(BudgetState state, int slot, long leaseId, long epoch, long now, long secondEnds)
        {
            if (state.Slots[slot].LeaseId == leaseId)
            {
                state.Slots[slot].Refused = true;
            }
            int answered = 0;
            int refused = 0;
            foreach (BudgetSlot each in state.Slots)
            {
                if (each.LeaseUntil == 0 && each.FreeAt > now)
                {
                    answered++;
                    refused += each.Refused ? 1 : 0;
                }
            }
            if (epoch == state.Epoch - 1 && state.Peak > 0)
            {
                // One more of the crowd that caused the last cut: the share that got through, measured on more
                // answers now, may be smaller than it first looked. The cut deepens; it never eases here.
                state.Peak = Math.Min(state.Peak, AdaptiveRate.PeakAfterRefusal(Limit, state.CutFrom, answered, refused));
                return default(RateCut);
            }
            if (epoch != state.Epoch)
            {
                return default(RateCut);
            }
            state.HeldUntil = Math.Max(state.HeldUntil, secondEnds);
            double before = RateAt(state, now);
            state.CutFrom = before;
            state.Peak = AdaptiveRate.PeakAfterRefusal(Limit, before, answered, refused);
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
                if (slot.ReservedAt > now + longestCooling + _burst + _window)
                {
                    slot.ReservedBy = 0;
                }
            }
            if (state.PaceAt > now + longestCooling + _burst)
            {
                state.PaceAt = now;
            }
            if (state.HeldUntil > now + _window + _window)
            {
                state.HeldUntil = 0;
            }
            if (state.CutAt > now)
            {
                state.Peak = 0;
                state.CutAt = 0;
            }
        }

        private BudgetDecision Take(BudgetState state, int slot, long now, long leaseId)
        {
            ref BudgetSlot taken = ref state.Slots[slot];
            taken.LeaseUntil = now + _lease;
            taken.LeaseId = leaseId;
            taken.Refused = false;
            taken.ReservedBy = 0;
            return BudgetDecision.Granted(slot, state.Epoch, now);
        }
    }
}
