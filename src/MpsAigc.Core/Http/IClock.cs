using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Http
{
    /// <summary>Time as the core sees it, so tests can run the limiter and retries on a fake clock.</summary>
    public interface IClock
    {
        /// <summary>Wall-clock time, for request timestamps.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>A monotonic reading for measuring intervals; unaffected by wall-clock changes.</summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
        }
    }
}
