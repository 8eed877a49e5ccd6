#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace MpsAigc.Startup
{
    /// <summary>
    /// The first https call of a process spends most of its time before the handshake's first byte: loading the
    /// machine's trust store for certificate checks (about 150 ms here, with a store of one certificate) and
    /// OpenSSL's TLS side. Neither depends on the server, so the warm-up does both: it checks a
    /// throwaway certificate against the store, and writes a TLS hello to a connection that answers nothing.
    /// No socket is opened and nothing is sent anywhere.
    /// </summary>
    internal static class TlsWarmup
    {
        /// <summary>Returns how the throwaway certificate fared, so that a test sees the store was consulted.</summary>
        public static X509ChainStatusFlags Run()
        {
            X509ChainStatusFlags verdict = CheckThrowawayCertificate();
            using (var tls = new SslStream(new CannedAnswerConnection(Array.Empty<byte>())))
            {
                try
                {
                    tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "warmup.invalid" });
                }
                catch (IOException)
                {
                    // The connection ended after the hello, as it was made to.
                }
                catch (AuthenticationException)
                {
                }
            }
            return verdict;
        }

        /// <summary>
        /// A self-signed certificate made once for this (CN=MpsAigc TLS warm-up; its key was thrown away), read from
        /// bytes as a server's certificate is. Making one here instead would run key generation and certificate
        /// writing, which no https call needs.
        /// </summary>
        private const string ThrowawayCertificate =
            "MIIBkzCCATmgAwIBAgIUWEo9ZC36Xk8ikWwE5HzIWYmKH3owCgYIKoZIzj0EAwIwHjEcMBoGA1UEAwwTTXBzQWlnYyBUTFMgd2Fy" +
            "bS11cDAgFw0yNjEyMDIwMzAxMjNaGA8yMTI2MTEwODAzMDEyM1owHjEcMBoGA1UEAwwTTXBzQWlnYyBUTFMgd2FybS11cDBZMBMG" +
            "ByqGSM49AgEGCCqGSM49AwEHA0IABM5b2ZhWLUD8ArqqkkfCNxY2GryW50oFWnjqTMK1VXGHjdLGPhfogZgfOffCn6jrjdQne1Ps" +
            "WNOYIE4TgYXyWBujUzBRMB0GA1UdDgQWBBSAuHXuTdryWKM1RbVyOh1MVwZWTTAfBgNVHSMEGDAWgBSAuHXuTdryWKM1RbVyOh1M" +
            "VwZWTTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDXUcxjlkuCfKPSgUp0WW1XbF0jlo5Lb+2FxCb6hWsTWgIg" +
            "P+io3Fp/uwkqwIXYs3x3bOX5LwjaT/okjf4lDFpIEpU=";

        private static X509ChainStatusFlags CheckThrowawayCertificate()
        {
            using (var certificate = new X509Certificate2(Convert.FromBase64String(ThrowawayCertificate)))
            using (var chain = new X509Chain())
            {
                // As an https call checks a server by default: no revocation lists, nothing fetched.
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.DisableCertificateDownloads = true;
                chain.Build(certificate);
                X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    flags |= status.Status;
                }
                return flags;
            }
        }
    }
}
#endif
