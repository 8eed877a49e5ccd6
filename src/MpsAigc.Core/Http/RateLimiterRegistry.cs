using System;
using System.Collections.Concurrent;

namespace MpsAigc.Http
{
    /// <summary>
    /// One limiter per endpoint, SecretId and limit for the whole process, so every cmdlet and job that
    /// talks to the same account shares the same budget of requests.
    /// </summary>
    public static class RateLimiterRegistry
    {
        private static readonly ConcurrentDictionary<string, RequestRateLimiter> Limiters =
            new ConcurrentDictionary<string, RequestRateLimiter>(StringComparer.Ordinal);

        /// <returns>The shared limiter, or null when <paramref name="requestsPerSecond"/> is 0 (no client-side limit).</returns>
        public static RequestRateLimiter For(Uri endpoint, string secretId, int requestsPerSecond)
        {
            if (requestsPerSecond <= 0)
            {
                return null;
            }
            string key = endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + secretId + "|" + requestsPerSecond;
            return Limiters.GetOrAdd(key, _ => new RequestRateLimiter(requestsPerSecond, SystemClock.Instance));
        }
    }
}
