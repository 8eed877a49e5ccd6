using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Common
{
    /// <summary>Time as the core sees it, so tests can run the limiter and retries on a fake clock.</summary>
    public interface IClock
    {
        /// <summary>Wall-clock time, for request timestamps.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>
        /// A monotonic reading for measuring intervals; unaffected by wall-clock changes. The system clock's
        /// reading is the same for every process of the machine, so budgets shared by processes can compare them.
        /// </summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }
}
