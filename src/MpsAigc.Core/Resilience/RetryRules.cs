using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// The one place a failure is judged: what a failed send was, whether the endpoint answered at all, whether
    /// trying again may help, and whether the failure proves nothing happened (so even a billed create may go
    /// again). The loops that retry (the API client, the downloader, a wait, the journal) ask here and decide
    /// nothing of their own; how long they pause is <see cref="RetryPolicy"/>'s.
    /// </summary>
    public static class RetryRules
    {
        /// <summary>
        /// The error for <paramref name="e"/>, a failure to send <paramref name="what"/> to <paramref name="host"/>:
        /// a TLS failure (never retried), a connection that never opened (nothing was sent), or one that broke.
        /// Each runtime shapes it its own way: .NET puts a SocketException or AuthenticationException inside the
        /// HttpRequestException; .NET Framework (Windows PowerShell) a WebException between them, whose status may
        /// be all it says. The whole chain is read.
        /// </summary>
        public static MpsException FailedSend(Exception e, string what, string host)
        {
            if (IsTls(e))
            {
                return new MpsException(
                    ErrorIds.TlsFailure,
                    MpsErrorKind.Security,
                    "The secure connection to " + host + " failed: " + HandshakeCause(e).TrimEnd('.') + ". Certificate checks are never skipped; use an endpoint whose certificate this computer trusts (plain http is accepted for this computer's own emulator only).",
                    e);
            }
            return new MpsException(
                NeverConnected(e) ? ErrorIds.ConnectionRefused : ErrorIds.ConnectionFailed,
                MpsErrorKind.Connection,
                what + ": cannot reach " + host + ": " + ExceptionText.Innermost(e),
                e);
        }

        /// <summary>The service refused the request for its rate (RequestLimitExceeded and its sub-codes): nothing happened.</summary>
        public static bool IsThrottling(MpsException e)
        {
            return e.ErrorId.StartsWith(ErrorIds.RequestLimitExceeded, StringComparison.Ordinal);
        }

        /// <summary>
        /// The endpoint did not answer: no connection (refused, unresolvable, broken, TLS handshake cut), no answer
        /// in time, or the service's own 5xx (HTTP 5xx, InternalError, ServiceUnavailable). An answer of any other
        /// kind, a refusal for rate or a TaskNotFound, is an answer. A certificate that is not trusted is not an
        /// outage: it is refused at once, never retried.
        /// </summary>
        public static bool IsUnreachable(MpsException e)
        {
            return e.ErrorId == ErrorIds.ServiceInternalError || e.ErrorId == ErrorIds.ServiceUnavailable
                || e.Kind == MpsErrorKind.Connection || e.Kind == MpsErrorKind.Timeout || e.ErrorId == ErrorIds.HttpServerError;
        }

        /// <summary>Worth another try later: a refusal for rate, or the endpoint not answering.</summary>
        public static bool IsTransient(MpsException e)
        {
            return IsThrottling(e) || IsUnreachable(e);
        }

        /// <summary>A refusal for rate, a connection that never opened, or a request held back while the endpoint is down: the request did nothing.</summary>
        public static bool ProvesNothingHappened(MpsException e)
        {
            return IsThrottling(e) || e.ErrorId == ErrorIds.ConnectionRefused || e.ErrorId == ErrorIds.EndpointUnreachable;
        }

        /// <summary>
        /// A request that changes something (a create) failed in a way that says nothing of whether the service
        /// carried it out: the connection broke or timed out after it was sent, or the service failed (5xx) or
        /// answered what is no answer. Such a create is OutcomeUnknown, never sent again.
        /// </summary>
        public static bool MayHaveHappened(MpsException e)
        {
            return !ProvesNothingHappened(e)
                && (e.Kind == MpsErrorKind.Connection || e.Kind == MpsErrorKind.Timeout || e.Kind == MpsErrorKind.ServiceError || e.Kind == MpsErrorKind.InvalidResponse);
        }

        /// <summary>
        /// What proves a create made nothing: <see cref="ProvesNothingHappened"/>, the service's own refusal (an error
        /// code in its answer that is not a failure of the service: InvalidParameter...), keys that could not be had, a
        /// TLS handshake that failed. Anything else may have created the task.
        /// </summary>
        /// <param name="answered">True when the service answered with an error code of its own.</param>
        public static bool ProvesNothingCreated(MpsException e, bool answered)
        {
            return ProvesNothingHappened(e) || e.ErrorId == ErrorIds.CredentialUnavailable || e.Kind == MpsErrorKind.Security
                || (answered && !MayHaveHappened(e));
        }

        /// <summary>A download's failure worth another try: the endpoint's rules, or a connection or read that broke.</summary>
        public static bool IsTransientDownload(Exception e)
        {
            switch (e)
            {
                case MpsException mps:
                    return IsTransient(mps);
                case System.Net.Http.HttpRequestException _:
                case System.IO.IOException _:
                case OperationCanceledException _:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The handshake failed: an untrusted or wrong certificate, or no protocol both sides speak.</summary>
        public static bool IsTls(Exception e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException
                    || (inner is WebException web && (web.Status == WebExceptionStatus.SecureChannelFailure || web.Status == WebExceptionStatus.TrustFailure)))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Refused, unresolvable or unreachable: no connection opened, so nothing was sent.</summary>
        public static bool NeverConnected(Exception e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                switch (inner)
                {
                    case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound
                        || socket.SocketErrorCode == SocketError.TryAgain || socket.SocketErrorCode == SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == SocketError.HostUnreachable:
                    case WebException web when web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure
                        || web.Status == WebExceptionStatus.ProxyNameResolutionFailure:
                        return true;
                }
            }
            return false;
        }

        /// <summary>The handshake's own words when there are any, else the innermost (.NET Framework may give only "Could not create SSL/TLS secure channel").</summary>
        private static string HandshakeCause(Exception e)
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
