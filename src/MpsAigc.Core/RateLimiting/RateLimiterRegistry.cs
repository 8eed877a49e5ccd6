using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using MpsAigc.Common;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// One limiter per budget for the whole process: every cmdlet and job that calls the same action on
    /// the same endpoint with the same account and limit shares it, and at machine scope the limiter's
    /// budget is shared with the machine's other processes too.
    /// </summary>
    /// <remarks>
    /// The service counts requests per action, access region (the endpoint's host) and CAM identity. The
    /// account key is that identity as far as the client can know it: a permanent key's SecretId, or the
    /// role a source of temporary keys assumes (so renewals keep one budget). Two SecretIds of one CAM user,
    /// one role named by name and by id, or two hosts that reach the same region cannot be told apart here,
    /// and count as different budgets; the adaptive rate then settles them among themselves.
    /// </remarks>
    public static class RateLimiterRegistry
    {
        private static readonly ConcurrentDictionary<string, RequestRateLimiter> Limiters =
            new ConcurrentDictionary<string, RequestRateLimiter>(StringComparer.Ordinal);

        private static int _tidied;

        /// <returns>The shared limiter, or null when <paramref name="requestsPerSecond"/> is 0 (no client-side limit).</returns>
        public static RequestRateLimiter? For(Uri endpoint, string accountKey, string action, int requestsPerSecond, RateLimitScope scope)
        {
            if (requestsPerSecond <= 0)
            {
                return null;
            }
            string budget = endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + accountKey + "|" + action + "|" + requestsPerSecond;
            return Limiters.GetOrAdd(budget + "|" + scope, _ => Create(budget, requestsPerSecond, scope));
        }

        private static RequestRateLimiter Create(string budget, int requestsPerSecond, RateLimitScope scope)
        {
            if (scope == RateLimitScope.Process)
            {
                return new RequestRateLimiter(requestsPerSecond, SystemClock.Instance);
            }
            string folder = MachineBudgetFolder.Default();
            string file = MachineBudgetFolder.FileFor(folder, "v1|" + budget);
            // Files pile up only as new budgets are made: tidying then, not at every start, spares a process
            // whose budget already has its file a look at every file in the folder before its first request.
            if (!File.Exists(file) && Interlocked.Exchange(ref _tidied, 1) == 0)
            {
                MachineBudgetFolder.RemoveStale(folder);
            }
            return RequestRateLimiter.SharedByMachine(file, requestsPerSecond, RequestRateLimiter.DefaultWindow, SystemClock.Instance);
        }
    }
}
