using System;
using System.Security.Authentication;

namespace MpsAigc.Http
{
    /// <summary>
    /// A TLS handshake that failed (an untrusted or wrong certificate, no common protocol): never transient,
    /// never worked around. The module never skips certificate checks.
    /// </summary>
    public static class TlsFailure
    {
        public const string ErrorId = ErrorIds.TlsFailure;

        /// <returns>The error to report, or null when <paramref name="e"/> is not a TLS failure (<see cref="NetworkFailures.IsTls"/>).</returns>
        public static MpsException? From(Exception e, string host)
        {
            return NetworkFailures.IsTls(e) ? For(e, host) : null;
        }

        internal static MpsException For(Exception e, string host)
        {
            return new MpsException(
                ErrorId,
                MpsErrorKind.Security,
                "The secure connection to " + host + " failed: " + Cause(e).TrimEnd('.') + ". Certificate checks are never skipped; use an endpoint whose certificate this computer trusts (plain http is accepted for this computer's own emulator only).",
                e);
        }

        /// <summary>The handshake's own words when there are any, else the innermost (.NET Framework may give only "Could not create SSL/TLS secure channel").</summary>
        private static string Cause(Exception e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return inner.Message;
                }
            }
            return ExceptionText.Innermost(e);
        }
    }
}
