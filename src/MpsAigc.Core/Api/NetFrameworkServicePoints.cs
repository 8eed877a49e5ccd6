using System;
using System.Net;
#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;
#endif

namespace MpsAigc.Api
{
    /// <summary>
    /// What .NET Framework (Windows PowerShell) needs before it connects, and modern .NET does by itself. There
    /// HttpClientHandler obeys ServicePointManager: by default two connections per host, "Expect: 100-continue" on
    /// every POST (a wait for an answer MPS never sends), Nagle's algorithm, and on older Windows only SSL 3 and TLS
    /// 1.0 offered. Connections, Expect and Nagle are set per endpoint, as the AWS SDK and Azure.Core do, so the process's
    /// defaults stay the user's; TLS 1.2 is the one process-wide change, added to what the user chose (never taken away).
    /// </summary>
    public static class NetFrameworkServicePoints
    {
        /// <summary>Windows decides (.NET Framework 4.7+); netstandard2.0 has no name for it.</summary>
        private const SecurityProtocolType SystemDefault = 0;

#if !NET8_0_OR_GREATER
        private static readonly bool OnNetFramework = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
#endif

        /// <summary>
        /// Readies the connections to <paramref name="uri"/>'s host, each time before they are used: .NET Framework
        /// drops a service point idle for 100 s and makes the next one with its defaults. Nothing elsewhere.
        /// </summary>
        public static void Prepare(Uri uri)
        {
#if !NET8_0_OR_GREATER
            if (!OnNetFramework)
            {
                return;
            }
            SecurityProtocolType protocols = ServicePointManager.SecurityProtocol;
            if (WithTls12(protocols) != protocols)
            {
                ServicePointManager.SecurityProtocol = WithTls12(protocols);
            }
            ServicePoint point = ServicePointManager.FindServicePoint(uri);
            // As many as the requests in flight, as modern .NET allows: the engine's -ThrottleLimit bounds them.
            point.ConnectionLimit = int.MaxValue;
            point.Expect100Continue = false;
            point.UseNagleAlgorithm = false;
#endif
        }

        /// <summary>
        /// The protocols with TLS 1.2 added, never taken away: SystemDefault (Windows decides, as it should) and a
        /// choice that already includes TLS 1.2 are kept as they are.
        /// </summary>
        public static SecurityProtocolType WithTls12(SecurityProtocolType current)
        {
            return current == SystemDefault || (current & SecurityProtocolType.Tls12) != 0
                ? current
                : current | SecurityProtocolType.Tls12;
        }
    }
}
