using System;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// How long a task waits between polls: the first interval, growing by <see cref="Growth"/> each poll up
    /// to the maximum, each spread by ±<see cref="Jitter"/> so that tasks started together drift apart.
    /// </summary>
    public sealed class PollSchedule
    {
        public const double Growth = 1.5;
        public const double Jitter = 0.2;

        public PollSchedule(TimeSpan first, TimeSpan max)
        {
            if (first <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(first), "The poll interval must be positive.");
            }
            First = first;
            Max = max < first ? first : max;
        }

        /// <summary>Wait's -PollInterval and -MaxPollInterval, in seconds: a maximum shorter than the first interval is refused.</summary>
        public static PollSchedule FromSeconds(double pollInterval, double maxPollInterval)
        {
            if (maxPollInterval < pollInterval)
            {
                throw new MpsException(ErrorIds.InvalidPollInterval, MpsErrorKind.InvalidArgument, "-MaxPollInterval (" + maxPollInterval + " s) is shorter than -PollInterval (" + pollInterval + " s); make it at least as long.");
            }
            return new PollSchedule(TimeSpan.FromSeconds(pollInterval), TimeSpan.FromSeconds(maxPollInterval));
        }

        public TimeSpan First { get; }

        public TimeSpan Max { get; }

        /// <summary>The unjittered interval after the <paramref name="polls"/>th poll (1-based).</summary>
        public TimeSpan BaseInterval(int polls)
        {
            double ticks = First.Ticks * Math.Pow(Growth, Math.Min(Math.Max(polls, 1) - 1, 60));
            return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
        }

        /// <param name="random">A number in [0, 1).</param>
        public TimeSpan IntervalAfter(int polls, double random)
        {
            TimeSpan baseInterval = BaseInterval(polls);
            var jittered = TimeSpan.FromTicks((long)(baseInterval.Ticks * (1 - Jitter + (2 * Jitter * random))));
            return jittered > Max ? Max : jittered;
        }
    }
}
