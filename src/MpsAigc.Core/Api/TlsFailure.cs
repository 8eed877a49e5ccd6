using System;
using System.Security.Authentication;

namespace MpsAigc.Api
{
    /// <summary>
    /// A TLS handshake that failed (an untrusted or wrong certificate, no common protocol): never transient,
    /// never worked around. The module never skips certificate checks.
    /// </summary>
    public static class TlsFailure
    {
        public const string ErrorId = ErrorIds.TlsFailure;

        /// <returns>The error to report, or null when <paramref name="e"/> is not a TLS failure.</returns>
        public static MpsException? From(Exception e, string host)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return new MpsException(
                        ErrorId,
                        MpsErrorKind.Security,
                        "The secure connection to " + host + " failed: " + inner.Message.TrimEnd('.') + ". Certificate checks are never skipped; use an endpoint whose certificate this computer trusts (plain http is accepted for this computer's own emulator only).",
                        e);
                }
            }
            return null;
        }
    }
}
