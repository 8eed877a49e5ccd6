using System;
using System.Collections.Concurrent;

namespace MpsAigc.Api
{
    /// <summary>
    /// How far this computer's clock is from each endpoint's, as learnt from a refused timestamp and the
    /// service's Date header. Process-wide, so one correction serves every later command of the session.
    /// Keyed by <see cref="KeyOf"/>, which a client computes once rather than on every request.
    /// </summary>
    public static class ClockOffsets
    {
        private static readonly ConcurrentDictionary<string, TimeSpan> Offsets = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

        public static string KeyOf(Uri endpoint)
        {
            return endpoint.GetLeftPart(UriPartial.Authority);
        }

        public static TimeSpan For(string key)
        {
            return Offsets.TryGetValue(key, out TimeSpan offset) ? offset : TimeSpan.Zero;
        }

        public static void Set(string key, TimeSpan offset)
        {
            Offsets[key] = offset;
        }
    }
}
