using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Resilience;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// A failed send, as each runtime shapes it: on .NET a SocketException or AuthenticationException inside the
    /// HttpRequestException; on .NET Framework (Windows PowerShell) a WebException between them, whose status may be
    /// all there is. The API client and the downloader read them alike.
    /// </summary>
    public class NetworkFailureTests
    {
        public static readonly TheoryData<string, string> Shapes = new TheoryData<string, string>
        {
            { "net-refused", ErrorIds.ConnectionRefused },
            { "netfx-refused", ErrorIds.ConnectionRefused },
            { "netfx-connect-failure", ErrorIds.ConnectionRefused },
            { "netfx-name-not-resolved", ErrorIds.ConnectionRefused },
            { "netfx-untrusted", ErrorIds.TlsFailure },
            { "netfx-no-common-protocol", ErrorIds.TlsFailure },
            { "netfx-trust-failure", ErrorIds.TlsFailure },
            { "netfx-closed-midway", ErrorIds.ConnectionFailed },
            { "net-reset", ErrorIds.ConnectionFailed },
        };

        [Theory]
        [MemberData(nameof(Shapes))]
        public void EachShapeOfAFailedSendIsReadAsWhatHappened(string shape, string errorId)
        {
            MpsException error = RetryRules.FailedSend(Failure(shape), "DescribeAigcVideoTask", "mps.tencentcloudapi.com");

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains("mps.tencentcloudapi.com", error.Message);
        }

        [Theory]
        [InlineData("netfx-refused")]
        [InlineData("netfx-name-not-resolved")]
        public async Task ACreateThatNeverConnectedOnNetFrameworkIsRetriedAndEndsRefusedNotOutcomeUnknown(string shape)
        {
            var handler = new StubHandler(_ => throw Failure(shape));
            var client = MpsClientTests.Client(handler, new Uri("http://127.0.0.1:7099"));

            var error = await Assert.ThrowsAsync<MpsException>(() => client.CreateAsync(new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None));

            Assert.Equal(ErrorIds.ConnectionRefused, error.ErrorId);
            Assert.Equal(RetryPolicy.Default.MaxAttempts, handler.Requests.Count);
        }

        [Theory]
        [InlineData("netfx-no-common-protocol")]
        [InlineData("netfx-trust-failure")]
        public async Task ATlsFailureOnNetFrameworkIsTlsFailureAtOnceForACreate(string shape)
        {
            var handler = new StubHandler(_ => throw Failure(shape));
            var client = MpsClientTests.Client(handler, new Uri("https://127.0.0.1:7098"));

            var error = await Assert.ThrowsAsync<MpsException>(() => client.CreateAsync(new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None));

            Assert.Equal(ErrorIds.TlsFailure, error.ErrorId);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ADownloadWhoseTlsFailsOnNetFrameworkIsTlsFailureAfterOneAttempt()
        {
            var handler = new StubHandler(_ => throw Failure("netfx-no-common-protocol"));
            var downloader = new ResultDownloader(RetryPolicy.Default, new FakeClock(DateTimeOffset.UtcNow), NullLog.Instance, TimeSpan.FromSeconds(30), handler);
            string path = Path.Combine(Path.GetTempPath(), "mpsaigc-tls-" + Guid.NewGuid().ToString("N") + ".mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => downloader.DownloadAsync(new Uri("https://cos.example/a.mp4"), path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal(ErrorIds.TlsFailure, error.ErrorId);
            Assert.Single(handler.Requests);
            Assert.False(File.Exists(path));
        }

        /// <summary>What HttpClient throws for each shape; the .NET Framework ones as its HttpClientHandler wraps WebRequest's.</summary>
        internal static Exception Failure(string shape)
        {
            const string Sending = "An error occurred while sending the request.";
            switch (shape)
            {
                case "net-refused":
                    return new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
                case "netfx-refused":
                    return new HttpRequestException(Sending, new WebException("Unable to connect to the remote server", new SocketException((int)SocketError.ConnectionRefused), WebExceptionStatus.ConnectFailure, null));
                case "netfx-connect-failure":
                    return new HttpRequestException(Sending, new WebException("Unable to connect to the remote server", null, WebExceptionStatus.ConnectFailure, null));
                case "netfx-name-not-resolved":
                    return new HttpRequestException(Sending, new WebException("The remote name could not be resolved: 'mps.example'", null, WebExceptionStatus.NameResolutionFailure, null));
                case "netfx-untrusted":
                    return new HttpRequestException(Sending, new WebException("The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.", new AuthenticationException("The remote certificate is invalid according to the validation procedure."), WebExceptionStatus.TrustFailure, null));
                case "netfx-no-common-protocol":
                    return new HttpRequestException(Sending, new WebException("The request was aborted: Could not create SSL/TLS secure channel.", null, WebExceptionStatus.SecureChannelFailure, null));
                case "netfx-trust-failure":
                    return new HttpRequestException(Sending, new WebException("Could not establish trust relationship for the SSL/TLS secure channel.", null, WebExceptionStatus.TrustFailure, null));
                case "netfx-closed-midway":
                    return new HttpRequestException(Sending, new WebException("The underlying connection was closed: An unexpected error occurred on a receive.", new IOException("Unable to read data from the transport connection."), WebExceptionStatus.ReceiveFailure, null));
                case "net-reset":
                    return new HttpRequestException("Connection reset by peer", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
                default:
                    throw new ArgumentOutOfRangeException(nameof(shape));
            }
        }
    }
}
