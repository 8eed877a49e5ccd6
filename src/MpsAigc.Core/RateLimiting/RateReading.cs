using System.Globalization;

namespace MpsAigc.RateLimiting
{
    /// <summary>What a budget of requests is doing now, for a progress line.</summary>
    public sealed class RateReading
    {
        public RateReading(int limit, double allowedPerSecond, double sentPerSecond, RateLimitScope scope)
        {
            Limit = limit;
            AllowedPerSecond = allowedPerSecond;
            SentPerSecond = sentPerSecond;
            Scope = scope;
        }

        /// <summary>The configured limit: the most the budget ever allows.</summary>
        public int Limit { get; }

        /// <summary>What the budget allows now: the limit, or less after the service refused requests for their rate.</summary>
        public double AllowedPerSecond { get; }

        /// <summary>This process's requests per second over the last few seconds.</summary>
        public double SentPerSecond { get; }

        /// <summary>Machine when the budget is shared with this machine's other processes.</summary>
        public RateLimitScope Scope { get; }

        /// <summary>For a progress line: "47.5 requests/s of 50", or what a refusal cut the budget to.</summary>
        public override string ToString()
        {
            return AllowedPerSecond < Limit
                ? string.Format(CultureInfo.InvariantCulture, "{0:0.#} requests/s, held to {1:0.#} of {2} after RequestLimitExceeded", SentPerSecond, AllowedPerSecond, Limit)
                : string.Format(CultureInfo.InvariantCulture, "{0:0.#} requests/s of {1}", SentPerSecond, Limit);
        }
    }
}
