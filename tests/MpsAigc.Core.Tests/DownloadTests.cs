using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Resilience;
using MpsAigc.Saving;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public sealed class DownloadTests : IDisposable
    {
        private static readonly Uri Url = new Uri("https://cos.example/videos/a.mp4?q-signature=secret");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-dl-" + Guid.NewGuid().ToString("N"));

        public DownloadTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Theory]
        [InlineData("{TaskId}.mp4", "4-AigcVideo-x", 1, 1, "4-AigcVideo-x.mp4")]
        [InlineData("{TaskId}.mp4", "4-AigcVideo-x", 2, 3, "4-AigcVideo-x_2.mp4")]
        [InlineData("{taskid}-{INDEX}.mp4", "t", 1, 1, "t-1.mp4")]
        [InlineData("../../{TaskId}.mp4", "t", 1, 1, ".._.._t.mp4")]
        [InlineData("{TaskId}.mp4", "../../etc/passwd", 1, 1, ".._.._etc_passwd.mp4")]
        [InlineData("{Resolution}.mp4", "t", 1, 1, "1080_720.mp4")]
        [InlineData("a<b>c:d|e?f*g\u0001.mp4", "t", 1, 1, "a_b_c_d_e_f_g_.mp4")]
        [InlineData("CON.mp4", "t", 1, 1, "_CON.mp4")]
        [InlineData("{TaskId}.mp4", "{TaskId}", 1, 1, "{TaskId}.mp4")]
        [InlineData("{TaskId}_{Index}.mp4", "{Index}", 2, 2, "{Index}_2.mp4")]
        public void FileNamesAreSafeAndStayInTheFolder(string template, string taskId, int index, int count, string expected)
        {
            var namer = new TemplateFileNamer(_folder, template, "{TaskId}.mp4");

            string path = namer.PathFor(taskId, index, count, new (string, string?)[] { ("{Resolution}", "1080*720") });

            Assert.Equal(Path.Combine(Path.GetFullPath(_folder), expected), path);
        }

        [Theory]
        [InlineData("..")]
        [InlineData("...")]
        [InlineData("  ")]
        public void TemplatesThatNameNothingAreRefused(string template)
        {
            var error = Assert.Throws<MpsException>(() => new TemplateFileNamer(_folder, template, "{TaskId}.mp4").PathFor("t", 1, 1, new (string, string?)[0]));
            Assert.Equal("InvalidFileName", error.ErrorId);
        }

        [Fact]
        public void ShownUrlsNeverCarryTheSignedQuery()
        {
            Assert.Equal("https://cos.example/videos/a.mp4", SafeUrl.Show(Url));
            Assert.Equal("ftp://cos.example/...", SafeUrl.Show(new Uri("ftp://cos.example/a.mp4?q-signature=secret")));
            Assert.DoesNotContain("secret", Assert.Throws<MpsException>(() => SafeUrl.Parse("ftp://cos.example/a.mp4?q-signature=secret")).Message);
            Assert.DoesNotContain("secret", Assert.Throws<MpsException>(() => SafeUrl.Parse("not a url?q-signature=secret")).Message);
        }

        [Fact]
        public async Task ACutShortBodyIsResumedWithRangeAndIfRange()
        {
            byte[] video = Video(100_000);
            var handler = new StubHandler(i => i == 0
                ? Respond(HttpStatusCode.OK, video, 0, 40_000, "\"v1\"", declaredLength: video.Length)
                : Respond(HttpStatusCode.PartialContent, video, 40_000, video.Length, "\"v1\""));
            string path = Path.Combine(_folder, "a.mp4");

            long length = await Downloader(handler).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(video.Length, length);
            Assert.Equal(video, File.ReadAllBytes(path));
            Assert.Equal("bytes=40000-", handler.Requests[1].Headers["Range"]);
            Assert.Equal("\"v1\"", handler.Requests[1].Headers["If-Range"]);
            Assert.Empty(Directory.GetFiles(_folder, "*.part"));
        }

        [Fact]
        public async Task APartOfAnotherVersionIsThrownAwayNotSpliced()
        {
            string path = Path.Combine(_folder, "a.mp4");
            byte[] old = Video(100_000, seed: 1);
            byte[] fresh = Video(100_000, seed: 2);
            var first = new StubHandler(_ => Respond(HttpStatusCode.OK, old, 0, 30_000, "\"old\"", declaredLength: old.Length));
            await Assert.ThrowsAsync<MpsException>(() => Downloader(first, attempts: 1).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));
            Assert.Single(Directory.GetFiles(_folder, "a.mp4.*.part"));

            var second = new StubHandler(i => i == 0
                ? Respond(HttpStatusCode.PartialContent, fresh, 30_000, fresh.Length, "\"new\"")
                : Respond(HttpStatusCode.OK, fresh, 0, fresh.Length, "\"new\""));
            await Downloader(second).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(fresh, File.ReadAllBytes(path));
            Assert.Equal("bytes=30000-", second.Requests[0].Headers["Range"]);
            Assert.Equal("bytes=0-", second.Requests[1].Headers["Range"]);
            Assert.False(second.Requests[1].Headers.ContainsKey("If-Range"));
        }

        [Fact]
        public async Task AConnectionThatBreaksKeepsEveryByteThatCameAndTheResumeStartsAfterThem()
        {
            // Less than one written piece comes before the break: it must reach the part all the same.
            string path = Path.Combine(_folder, "a.mp4");
            byte[] video = Video(1_500_000);
            const int cut = 300_001;
            var first = new StubHandler(_ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(video, cut)) };
                response.Content.Headers.ContentLength = video.Length;
                response.Headers.ETag = EntityTagHeaderValue.Parse("\"v1\"");
                return response;
            });
            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(first, attempts: 1).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));
            Assert.Equal("DownloadFailed", error.ErrorId);
            Assert.Equal(cut, new FileInfo(Assert.Single(Directory.GetFiles(_folder, "a.mp4.*.part"))).Length);

            var second = new StubHandler(_ => Respond(HttpStatusCode.PartialContent, video, cut, video.Length, "\"v1\""));
            await Downloader(second).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal("bytes=" + cut + "-", second.Requests[0].Headers["Range"]);
            Assert.Equal(video, File.ReadAllBytes(path));
        }

        [Fact]
        public async Task APartOfTheSameVersionFromAnEarlierRunIsResumed()
        {
            string path = Path.Combine(_folder, "a.mp4");
            byte[] video = Video(100_000);
            var first = new StubHandler(_ => Respond(HttpStatusCode.OK, video, 0, 30_000, "\"v\"", declaredLength: video.Length));
            await Assert.ThrowsAsync<MpsException>(() => Downloader(first, attempts: 1).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));

            var second = new StubHandler(_ => Respond(HttpStatusCode.PartialContent, video, 30_000, video.Length, "\"v\""));
            await Downloader(second).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(video, File.ReadAllBytes(path));
            Assert.Single(second.Requests);
        }

        [Theory]
        [InlineData(HttpStatusCode.Forbidden, "ResultUrlExpired")]
        [InlineData(HttpStatusCode.NotFound, "ResultUrlExpired")]
        [InlineData(HttpStatusCode.BadRequest, "DownloadFailed")]
        public async Task RefusalsAreNotRetriedAndLeaveNoFile(HttpStatusCode status, string errorId)
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(status) { Content = new StringContent("<Error><Code>AccessDenied</Code></Error>") });
            string path = Path.Combine(_folder, "a.mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(handler).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.DoesNotContain("secret", error.Message);
            Assert.Single(handler.Requests);
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task AWrongContentLengthNeverReachesTheFinalName()
        {
            byte[] video = Video(10_000);
            var handler = new StubHandler(_ => Respond(HttpStatusCode.OK, video, 0, 9_000, "\"v\"", declaredLength: 10_000));
            string path = Path.Combine(_folder, "a.mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(handler).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal("DownloadFailed", error.ErrorId);
            Assert.False(File.Exists(path));
            Assert.Equal(RetryPolicy.Default.MaxAttempts, handler.Requests.Count);
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
            byte[] video = Video(100_000);
            // Ten responses of 10,000 bytes each, every one cut short but the last: ten attempts against a policy of three.
            var handler = new StubHandler(i => Respond(i == 0 ? HttpStatusCode.OK : HttpStatusCode.PartialContent, video, i * 10_000, (i + 1) * 10_000, "\"v\"", declaredLength: video.Length - i * 10_000));
            string path = Path.Combine(_folder, "a.mp4");

            long length = await Downloader(handler, attempts: 3).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None);

            Assert.Equal(video.Length, length);
            Assert.Equal(video, File.ReadAllBytes(path));
            Assert.Equal(10, handler.Requests.Count);
        }

        [Fact]
        public async Task ADownloadThatDeliversNothingStopsAfterMaxAttempts()
        {
            byte[] video = Video(100_000);
            var handler = new StubHandler(i => Respond(HttpStatusCode.OK, video, 0, 0, "\"v\"", declaredLength: video.Length));
            string path = Path.Combine(_folder, "a.mp4");

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(handler, attempts: 3).DownloadAsync(Url, path, false, _ => { }, _ => { }, CancellationToken.None));

            Assert.Equal("DownloadFailed", error.ErrorId);
            Assert.Equal(3, handler.Requests.Count);
            Assert.False(File.Exists(path));
        }

        private static HttpResponseMessage Redirect(string location)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            return response;
        }

        private static ResultDownloader Downloader(StubHandler handler, int attempts = 5)
        {
            return new ResultDownloader(new RetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)), new FakeClock(DateTimeOffset.UnixEpoch), NullLog.Instance, TimeSpan.FromSeconds(30), handler);
        }

        private static byte[] Video(int length, int seed = 7)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        /// <summary>Serves bytes [from, to) of a video; a body shorter than declaredLength ends early, as a cut connection does.</summary>
        private static HttpResponseMessage Respond(HttpStatusCode status, byte[] video, int from, int to, string etag, long? declaredLength = null)
        {
            var content = new ByteArrayContent(video.Skip(from).Take(to - from).ToArray());
            var response = new HttpResponseMessage(status) { Content = content };
            response.Headers.ETag = EntityTagHeaderValue.Parse(etag);
            if (status == HttpStatusCode.PartialContent)
            {
                content.Headers.ContentRange = new ContentRangeHeaderValue(from, to - 1, video.Length);
            }
            if (declaredLength != null)
            {
                content.Headers.ContentLength = declaredLength;
            }
            return response;
        }
    }

    /// <summary>A body that delivers its first bytes, a few at a time, and then breaks like a reset connection.</summary>
    internal sealed class BreakingStream : Stream
    {
        private readonly byte[] _bytes;
        private readonly int _breakAt;
        private int _position;

        public BreakingStream(byte[] bytes, int breakAt)
        {
            _bytes = bytes;
            _breakAt = breakAt;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= _breakAt)
            {
                throw new IOException("The connection was reset.");
            }
            int take = Math.Min(Math.Min(count, 16_384), _breakAt - _position);
            Array.Copy(_bytes, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
