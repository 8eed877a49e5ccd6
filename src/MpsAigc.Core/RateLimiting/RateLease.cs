using System;
using System.Threading;

namespace MpsAigc.RateLimiting
{
    /// <summary>One request's booking in a budget; dispose it when the answer (or the failure) is in.</summary>
    public sealed class RateLease : IDisposable
    {
        private RequestRateLimiter? _owner;

        internal RateLease(RequestRateLimiter owner, IBudgetStore store, BudgetDecision booking, long id)
        {
            _owner = owner;
            Store = store;
            Slot = booking.Slot;
            Epoch = booking.Epoch;
            GrantedAt = booking.Time;
            Id = id;
        }

        internal IBudgetStore Store { get; }

        internal int Slot { get; }

        internal long Epoch { get; }

        internal long Id { get; }

        /// <summary>The machine clock's ticks when the slot was booked.</summary>
        internal long GrantedAt { get; }

        public void Dispose()
        {
            Interlocked.Exchange(ref _owner, null)?.Return(this);
        }
    }
}
