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

        /// <summary>
        /// A monotonic reading for measuring intervals; unaffected by wall-clock changes. The system clock's
        /// reading is the same for every process of the machine, so budgets shared by processes can compare them.
        /// </summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        // Stopwatch's timestamp is the machine's monotonic counter (CLOCK_MONOTONIC on Linux, mach time on macOS,
        // QueryPerformanceCounter on Windows): one origin for every process, unlike a Stopwatch started here.
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public TimeSpan Elapsed
        {
            get
            {
                long timestamp = Stopwatch.GetTimestamp();
                long frequency = Stopwatch.Frequency;
                return TimeSpan.FromTicks((timestamp / frequency * TimeSpan.TicksPerSecond) + (timestamp % frequency * TimeSpan.TicksPerSecond / frequency));
            }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
        }
    }
}
