using System;

namespace MpsAigc.Resilience
{
    /// <summary>Capped exponential backoff with jitter, for a bounded number of attempts.</summary>
    public sealed class RetryPolicy
    {
        public static readonly RetryPolicy Default = new RetryPolicy(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

        public static readonly RetryPolicy None = new RetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero);

        [ThreadStatic]
        private static Random? _random;

        public RetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            if (maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts), "At least one attempt is needed.");
            }
            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay;
            MaxDelay = maxDelay;
        }

        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        /// <summary>
        /// The pause after failed attempt number <paramref name="attempt"/> (1-based): half the capped
        /// exponential step fixed, half random, so clients that failed together do not retry together.
        /// </summary>
        public TimeSpan DelayAfter(int attempt, double random)
        {
            double step = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
            double capped = Math.Min(step, MaxDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(capped / 2 + (capped / 2 * random));
        }

        public TimeSpan DelayAfter(int attempt)
        {
            if (_random == null)
            {
                _random = new Random(Guid.NewGuid().GetHashCode());
            }
            return DelayAfter(attempt, _random.NextDouble());
        }
    }
}
