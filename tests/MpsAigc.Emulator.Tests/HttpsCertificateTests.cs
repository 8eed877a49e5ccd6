using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MpsAigc.Emulator;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>
    /// --https --certificate-out: the emulator writes the certificate it serves, so that one run's clients can trust
    /// it (curl --cacert, SSL_CERT_FILE) while every other client still refuses it.
    /// </summary>
    public sealed class HttpsCertificateTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-cert-" + Guid.NewGuid().ToString("N"));

        public HttpsCertificateTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task TheWrittenCertificateIsTheOneServedAndTrustsOnlyThisEmulator()
        {
            string pem = Path.Combine(_folder, "a.pem");
            string other = Path.Combine(_folder, "b.pem");
            await using EmulatorServer server = await EmulatorServer.StartAsync(EmulatorOptions.Parse(new[] { "--port", "0", "--https", "--certificate-out", pem }));
            await using EmulatorServer second = await EmulatorServer.StartAsync(EmulatorOptions.Parse(new[] { "--port", "0", "--https", "--certificate-out", other }));
            using X509Certificate2 written = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
            using X509Certificate2 otherWritten = X509Certificate2.CreateFromPem(File.ReadAllText(other));

            Assert.StartsWith("https://127.0.0.1:", server.BaseUrl);
            Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(pem));
            // Distinct names: one PEM bundle can trust several emulators, as the bench's does.
            Assert.NotEqual(written.Subject, otherWritten.Subject);
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented != null && presented.Thumbprint == written.Thumbprint,
            };
            using var client = new HttpClient(handler);
            using HttpResponseMessage answer = await client.GetAsync(server.BaseUrl + "/_emulator/stats");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(second.BaseUrl + "/_emulator/stats"));
        }

        [Fact]
        public void CertificateOutWithoutHttpsIsRefusedWithWhatToDo()
        {
            var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--certificate-out", Path.Combine(_folder, "c.pem") }));

            Assert.Contains("--https", error.Message);
        }
    }
}
