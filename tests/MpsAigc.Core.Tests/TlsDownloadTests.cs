using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Resilience;
#if !CORE_NETSTANDARD
using MpsAigc.Downloads.Connections;
#endif
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// Downloads over TLS through the modern build's connections, against a TLS server on loopback whose
    /// certificate only these clients trust: the small reads of the TLS layer are served from large pieces,
    /// and still every byte arrives, a quiet link still delivers, and the connection serves the next request.
    /// </summary>
    public sealed class TlsDownloadTests : IDisposable
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate = Certificate();
        private readonly HttpClient _http;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-tls-" + Guid.NewGuid().ToString("N"));

        public TlsDownloadTests()
        {
            _listener.Start();
            _http = new HttpClient(TrustingOnlyOurCertificate(), disposeHandler: true);
            Directory.CreateDirectory(_folder);
        }

        private string Url => "https://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/v.mp4";

        public void Dispose()
        {
            _http.Dispose();
            _listener.Stop();
            _certificate.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task EveryByteArrivesAndTheConnectionServesTheNextRequest()
        {
            // Uneven writes make records and pieces of every size; the second answer is far smaller than a piece.
            byte[][] bodies = { Body(5 * 1024 * 1024 + 12_345, 1), Body(100, 2) };
            int connections = 0;
            Task server = ServeAsync(async tls =>
            {
                Interlocked.Increment(ref connections);
                foreach (byte[] body in bodies)
                {
                    await ReadRequestAsync(tls);
                    await tls.WriteAsync(Headers(body.Length));
                    for (int sent = 0, size = 1000; sent < body.Length; sent += size, size = size * 7 % 70_001 + 1)
                    {
                        await tls.WriteAsync(body.AsMemory(sent, Math.Min(size, body.Length - sent)));
                    }
                }
                await ReadRequestAsync(tls);
            });

            foreach (byte[] body in bodies)
            {
                Assert.Equal(body, await ReadWholeAsync().WaitAsync(Bound));
            }

            Assert.Equal(1, connections);
            _http.Dispose();
            await server.WaitAsync(Bound);
        }

        [Fact]
        public async Task AStreamingLinkThatGoesQuietStillDeliversWhatItSent()
        {
            // Enough first for the connection to count as streaming, so its next read waits for a large piece.
            byte[] body = Body(2 * 1024 * 1024, 3);
            const int sentFirst = 300_000;
            var received = new TaskCompletionSource();
            Task server = ServeAsync(async tls =>
            {
                await ReadRequestAsync(tls);
                await tls.WriteAsync(Headers(body.Length));
                await tls.WriteAsync(body.AsMemory(0, sentFirst));
                await tls.FlushAsync();
                await received.Task.WaitAsync(Bound);
                await tls.WriteAsync(body.AsMemory(sentFirst));
            });

            using HttpResponseMessage response = await _http.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
            using Stream content = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[body.Length];
            int total = 0;
            while (total < sentFirst)
            {
                total += await content.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Bound);
            }
            received.SetResult();
            while (total < buffer.Length)
            {
                int read = await content.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Bound);
                Assert.NotEqual(0, read);
                total += read;
            }

            Assert.Equal(body, buffer);
            await server.WaitAsync(Bound);
        }

        [Fact]
        public async Task TheDownloaderSavesATlsBodyWhole()
        {
            byte[] body = Body(3 * 1024 * 1024 + 7, 4);
            Task server = ServeAsync(async tls =>
            {
                await ReadRequestAsync(tls);
                await tls.WriteAsync(Headers(body.Length));
                for (int sent = 0; sent < body.Length; sent += 50_000)
                {
                    await tls.WriteAsync(body.AsMemory(sent, Math.Min(50_000, body.Length - sent)));
                }
            });
            string path = Path.Combine(_folder, "v.mp4");
            long told = 0;
            var downloader = new ResultDownloader(new RetryPolicy(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)), new FakeClock(DateTimeOffset.UnixEpoch), NullLog.Instance, TimeSpan.FromSeconds(30), TrustingOnlyOurCertificate());

            long length = await downloader.DownloadAsync(new Uri(Url), path, false, bytes => Interlocked.Add(ref told, bytes), _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(body.Length, length);
            Assert.Equal(body.Length, Interlocked.Read(ref told));
            Assert.Equal(body, await File.ReadAllBytesAsync(path));
            Assert.Single(Directory.GetFiles(_folder));
            await server.WaitAsync(Bound);
        }

        private HttpMessageHandler TrustingOnlyOurCertificate()
        {
            string thumbprint = _certificate.Thumbprint;
#if CORE_NETSTANDARD
            // The Windows PowerShell build's downloads use the platform's own handler.
            return new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate != null && certificate.Thumbprint == thumbprint };
#else
            var handler = (SocketsHttpHandler)CoalescingHttpHandler.Create();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 presented && presented.Thumbprint == thumbprint;
            return handler;
#endif
        }

        /// <summary>Accepts one connection, speaks TLS on it, and hands it to <paramref name="serve"/>.</summary>
        private Task ServeAsync(Func<SslStream, Task> serve)
        {
            return Task.Run(async () =>
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync();
                using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(_certificate);
                await serve(tls);
                await tls.FlushAsync();
            });
        }

        private async Task<byte[]> ReadWholeAsync()
        {
            using HttpResponseMessage response = await _http.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
            using Stream content = await response.Content.ReadAsStreamAsync();
            using var copy = new MemoryStream();
            var buffer = new byte[1024 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer)) > 0)
            {
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }

        private static X509Certificate2 Certificate()
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=MpsAigc TLS test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }

        private static byte[] Body(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static byte[] Headers(int length)
        {
            return Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\nETag: \"v1\"\r\nContent-Type: video/mp4\r\n\r\n");
        }

        /// <summary>Reads one request's head (these requests have no body), or up to the client's going away.</summary>
        private static async Task ReadRequestAsync(Stream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) > 0)
            {
                head.Append((char)one[0]);
            }
        }
    }
}
