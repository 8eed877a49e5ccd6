using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace MpsAigc.Http
{
    /// <summary>
    /// What a failed send was, for the API client and the downloader alike: a TLS failure (never retried), a
    /// connection that never opened (nothing was sent: even a create may go again), or one that broke. Each runtime
    /// shapes it its own way: .NET puts a SocketException or AuthenticationException inside the HttpRequestException;
    /// .NET Framework (Windows PowerShell) a WebException between them, whose status may be all it says. The whole
    /// chain is read.
    /// </summary>
    public static class NetworkFailures
    {
        /// <summary>The error for <paramref name="e"/>, a failure to send <paramref name="what"/> to <paramref name="host"/>.</summary>
        public static MpsException Of(Exception e, string what, string host)
        {
            if (IsTls(e))
            {
                return TlsFailure.For(e, host);
            }
            return new MpsException(
                NeverConnected(e) ? ErrorIds.ConnectionRefused : ErrorIds.ConnectionFailed,
                MpsErrorKind.Connection,
                what + ": cannot reach " + host + ": " + ExceptionText.Innermost(e),
                e);
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
    }
}
