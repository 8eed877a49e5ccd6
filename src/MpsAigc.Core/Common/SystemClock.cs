using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Common
{
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
