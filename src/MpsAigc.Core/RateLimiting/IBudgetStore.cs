using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.RateLimiting
{
    /// <summary>Where a budget's state lives, and the lock every change to it is made under.</summary>
    internal interface IBudgetStore
    {
        RateLimitScope Scope { get; }

        /// <summary>The rules this store's state follows.</summary>
        RequestBudget Budget { get; }

        /// <summary>
        /// Runs <paramref name="change"/> on the state under the store's lock, with the machine clock's
        /// reading (ticks) taken once the lock is held, and keeps what it changed.
        /// </summary>
        /// <param name="cancellationToken">Ends a wait for a lock another process holds (Ctrl+C).</param>
        /// <exception cref="BudgetStoreException">The store cannot be used (unreadable, unwritable, corrupt).</exception>
        /// <remarks>Asynchronous because a lock another process holds is waited for without holding a thread.</remarks>
        Task<T> UpdateAsync<T>(Func<BudgetState, long, T> change, CancellationToken cancellationToken);
    }
}
