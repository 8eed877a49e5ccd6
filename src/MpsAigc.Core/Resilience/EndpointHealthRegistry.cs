using System;
using System.Collections.Concurrent;
using MpsAigc.Common;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// One <see cref="EndpointHealth"/> per endpoint (scheme, host and port) for the whole process: every
    /// command, job and runspace that calls it shares what is known of it, as they share its rate limiters.
    /// </summary>
    public static class EndpointHealthRegistry
    {
        private static readonly ConcurrentDictionary<string, EndpointHealth> Healths =
            new ConcurrentDictionary<string, EndpointHealth>(StringComparer.OrdinalIgnoreCase);

        public static EndpointHealth For(Uri endpoint)
        {
            return Healths.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority), _ => new EndpointHealth(endpoint, SystemClock.Instance));
        }
    }
}
