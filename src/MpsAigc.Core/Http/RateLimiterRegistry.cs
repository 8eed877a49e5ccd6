using System;
using System.Collections.Concurrent;

namespace MpsAigc.Http
{
    /// <summary>
    /// One limiter per endpoint, SecretId, API and limit for the whole process, so every cmdlet and job
    /// that talks to the same account shares the same budget of requests for that API.
    /// </summary>
    public static class RateLimiterRegistry
    {
        private static readonly ConcurrentDictionary<string, RequestRateLimiter> Limiters =
            new ConcurrentDictionary<string, RequestRateLimiter>(StringComparer.Ordinal);

        /// <returns>The shared limiter, or null when <paramref name="requestsPerSecond"/> is 0 (no client-side limit).</returns>
        public static RequestRateLimiter For(Uri endpoint, string secretId, int requestsPerSecond, string scope = "DescribeAigcVideoTask")
        {
            if (requestsPerSecond <= 0)
            {
                return null;
            }
            string key = endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + secretId + "|" + scope + "|" + requestsPerSecond;
            return Limiters.GetOrAdd(key, _ => new RequestRateLimiter(requestsPerSecond, SystemClock.Instance));
        }
    }
}
