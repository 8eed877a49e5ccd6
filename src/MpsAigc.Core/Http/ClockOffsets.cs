using System;
using System.Collections.Concurrent;

namespace MpsAigc.Http
{
    /// <summary>
    /// How far this computer's clock is from each endpoint's, as learnt from a refused timestamp and the
    /// service's Date header. Process-wide, so one correction serves every later command of the session.
    /// </summary>
    public static class ClockOffsets
    {
        private static readonly ConcurrentDictionary<string, TimeSpan> Offsets = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

        public static TimeSpan For(Uri endpoint)
        {
            return Offsets.TryGetValue(endpoint.GetLeftPart(UriPartial.Authority), out TimeSpan offset) ? offset : TimeSpan.Zero;
        }

        public static void Set(Uri endpoint, TimeSpan offset)
        {
            Offsets[endpoint.GetLeftPart(UriPartial.Authority)] = offset;
        }
    }
}
