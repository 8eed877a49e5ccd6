using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.RateLimiting
{
    /// <summary>A budget kept in this process's memory.</summary>
    internal sealed class ProcessBudgetStore : IBudgetStore
    {
        /// <summary>An answer always comes back in a process (a lease is returned by Dispose), so leases never end on their own.</summary>
        public static readonly TimeSpan Lease = TimeSpan.FromDays(3650);

        /// <summary>
        /// A quarter of a window's requests may go at once, the rest evenly spaced: a process that keeps its
        /// own budget may share the account with others it cannot see, which may start at the same moment,
        /// and spaced requests hear of a crowd after one refusal rather than after a burst of them.
        /// </summary>
        public const double BurstWindows = 0.25;

        private readonly object _lock = new object();
        private readonly BudgetState _state;
        private readonly IClock _clock;

        public ProcessBudgetStore(int limit, TimeSpan window, IClock clock)
        {
            Budget = new RequestBudget(limit, window, Lease, BurstWindows);
            _state = new BudgetState(limit);
            _clock = clock;
        }

        public RateLimitScope Scope => RateLimitScope.Process;

        public RequestBudget Budget { get; }

        /// <remarks>The lock is this process's and held for microseconds: nothing to cancel.</remarks>
        public Task<T> UpdateAsync<T>(Func<BudgetState, long, T> change, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(change(_state, _clock.Elapsed.Ticks));
            }
        }
    }
}
