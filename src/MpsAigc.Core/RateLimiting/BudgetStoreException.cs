using System;
using System.Threading;

namespace MpsAigc.RateLimiting
{
    /// <summary>A budget store that cannot be used; the limiter then keeps the budget in its own process.</summary>
    internal sealed class BudgetStoreException : Exception
    {
        public BudgetStoreException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
