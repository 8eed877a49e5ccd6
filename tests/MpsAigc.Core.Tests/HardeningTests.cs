using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Credentials;
using MpsAigc.Downloads;
using MpsAigc.Http;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What the fault suite found worth pinning down at the core: clock skew, TLS, redirects, full disks.</summary>
    public sealed class HardeningTests : IDisposable
    {
        private const string Done = "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[],\"RequestId\":\"r-1\"}}";
        private const string Expired = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureExpire\",\"Message\":\"The signature expired.\"},\"RequestId\":\"r-0\"}}";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static int _port = 7100;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-hard-" + Guid.NewGuid().ToString("N"));

        public HardeningTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task ARefusedTimestampIsCorrectedByTheServiceDateOnceAndSaidInVerbose()
        {
            var handler = new StubHandler(i => i == 0 ? WithDate(StubHandler.Json(Expired), Start.AddMinutes(10)) : StubHandler.Json(Done));
            var log = new ListLog();
            MpsClient client = Client(handler, log);

            VideoTask task = await client.DescribeAsync("t", CancellationToken.None);

            Assert.Equal(VideoTaskStatus.DONE, task.Status);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(Start.ToUnixTimeSeconds().ToString(), handler.Requests[0].Headers["X-TC-Timestamp"]);
            Assert.Equal(Start.AddMinutes(10).ToUnixTimeSeconds().ToString(), handler.Requests[1].Headers["X-TC-Timestamp"]);
            Assert.Contains(log.Lines, line => line.Contains("600 s behind"));
        }

        [Fact]
        public async Task TheCorrectionHoldsForLaterClientsOfTheSameEndpoint()
        {
            Uri endpoint = NextEndpoint();
            var first = new StubHandler(i => i == 0 ? WithDate(StubHandler.Json(Expired), Start.AddMinutes(-10)) : StubHandler.Json(Done));
            await Client(first, endpoint: endpoint).DescribeAsync("t", CancellationToken.None);

            var second = new StubHandler(_ => StubHandler.Json(Done));
            await Client(second, endpoint: endpoint).DescribeAsync("t", CancellationToken.None);

            SentRequest sent = Assert.Single(second.Requests);
            Assert.Equal(Start.AddMinutes(-10).ToUnixTimeSeconds().ToString(), sent.Headers["X-TC-Timestamp"]);
        }

        [Fact]
        public async Task ATimestampRefusedAgainAfterTheCorrectionIsAnError()
        {
            var handler = new StubHandler(_ => WithDate(StubHandler.Json(Expired), Start.AddMinutes(10)));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("AuthFailure.SignatureExpire", error.ErrorId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ACreateIsCorrectedTooForTheRefusalProvesNothingWasCreated()
        {
            var handler = new StubHandler(i => i == 0
                ? WithDate(StubHandler.Json(Expired), Start.AddMinutes(10))
                : StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcVideo-new\",\"RequestId\":\"r-2\"}}"));

            VideoTask task = await Client(handler).CreateAsync(new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None);

            Assert.Equal("4-AigcVideo-new", task.TaskId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task AnUntrustedCertificateIsATlsFailureAndIsNotRetried()
        {
            var handler = new StubHandler(_ => throw new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("The remote certificate is invalid: UntrustedRoot")));

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("TlsFailure", error.ErrorId);
            Assert.Contains("never skipped", error.Message);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("ftp://cos.example/a.mp4?q-signature=secret")]
        [InlineData("http://cos.example/a.mp4?q-signature=secret")]
        [InlineData("file:///etc/passwd")]
        public async Task RedirectsToAnotherSchemeOrFromHttpsToHttpAreRefused(string location)
        {
            var handler = new StubHandler(_ => Redirect(location));
            string path = Path.Combine(_folder, "a.mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(handler).DownloadAsync(new Uri("https://cos.example/a.mp4?q-signature=secret"), path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal("RedirectRefused", error.ErrorId);
            Assert.DoesNotContain("secret", error.Message);
            Assert.Single(handler.Requests);
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task ARelativeRedirectWithinHttpsIsFollowed()
        {
            byte[] video = { 1, 2, 3, 4, 5 };
            var handler = new StubHandler(i => i == 0 ? Redirect("/moved/a.mp4?q-signature=new") : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(video) });
            string path = Path.Combine(_folder, "a.mp4");

            long length = await Downloader(handler).DownloadAsync(new Uri("https://cos.example/a.mp4?q-signature=secret"), path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(5, length);
            Assert.Equal(video, File.ReadAllBytes(path));
            Assert.Equal("https://cos.example/moved/a.mp4?q-signature=new", handler.Requests[1].Uri.ToString());
        }

        [Theory]
        [InlineData(28, "DiskFull")]
        [InlineData(unchecked((int)0x80070070), "DiskFull")]
        [InlineData(5, "FileWriteFailed")]
        public void AFailedWriteIsNamedNotRetried(int hresult, string errorId)
        {
            var error = Assert.Throws<MpsException>(() => WriteGuard.Run("/videos/a.mp4.part", () => throw new IOException("No space left on device", hresult)));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains("/videos/a.mp4.part", error.Message);
            Assert.Equal(MpsErrorKind.InvalidOperation, error.Kind);
        }

        [Fact]
        public async Task ADownloadThatBreaksButKeepsDeliveringIsFollowedPastMaxAttempts()
        {
            byte[] video = new byte[100_000];
            new Random(3).NextBytes(video);
            // Ten responses of 10,000 bytes each, every one cut short but the last: ten attempts against a policy of three.
            var handler = new StubHandler(i => Slice(video, i * 10_000, (i + 1) * 10_000));
            string path = Path.Combine(_folder, "a.mp4");

            long length = await Downloader(handler, attempts: 3).DownloadAsync(new Uri("https://cos.example/a.mp4"), path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(video.Length, length);
            Assert.Equal(video, File.ReadAllBytes(path));
            Assert.Equal(10, handler.Requests.Count);
        }

        [Fact]
        public async Task ADownloadThatDeliversNothingStopsAfterMaxAttempts()
        {
            byte[] video = new byte[100_000];
            var handler = new StubHandler(i => Slice(video, 0, 0));
            string path = Path.Combine(_folder, "a.mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(handler, attempts: 3).DownloadAsync(new Uri("https://cos.example/a.mp4"), path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal("DownloadFailed", error.ErrorId);
            Assert.Equal(3, handler.Requests.Count);
            Assert.False(File.Exists(path));
        }

        /// <summary>Bytes [from, to) of the video, announced as the rest of it: a body that ends early unless to is the end.</summary>
        private static HttpResponseMessage Slice(byte[] video, int from, int to)
        {
            var content = new ByteArrayContent(video, from, to - from);
            content.Headers.ContentLength = video.Length - from;
            var response = new HttpResponseMessage(from == 0 ? HttpStatusCode.OK : HttpStatusCode.PartialContent) { Content = content };
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"v\"");
            if (from > 0)
            {
                content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(from, video.Length - 1, video.Length);
            }
            return response;
        }

        private static HttpResponseMessage Redirect(string location)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            return response;
        }

        private static HttpResponseMessage WithDate(HttpResponseMessage response, DateTimeOffset date)
        {
            response.Headers.Date = date;
            return response;
        }

        private static Uri NextEndpoint()
        {
            // The learnt offset is kept per endpoint for the process: each test has its own.
            return new Uri("http://127.0.0.1:" + Interlocked.Increment(ref _port));
        }

        private static MpsClient Client(StubHandler handler, IMpsLog log = null, Uri endpoint = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = endpoint ?? NextEndpoint(),
                Credential = new TencentCredential("AKIDtest", "key", null, "test"),
                Handler = handler,
                Clock = new FakeClock(Start),
                MaxRequestsPerSecond = 0,
                Log = log ?? NullLog.Instance,
            });
        }

        private static VideoDownloader Downloader(StubHandler handler, int attempts = 5)
        {
            return new VideoDownloader(new RetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)), new FakeClock(DateTimeOffset.UnixEpoch), NullLog.Instance, TimeSpan.FromSeconds(30), handler);
        }

        private sealed class ListLog : IMpsLog
        {
            public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();

            public void Verbose(string message) => Lines.Enqueue(message);

            public void Debug(string message) => Lines.Enqueue(message);
        }
    }
}
