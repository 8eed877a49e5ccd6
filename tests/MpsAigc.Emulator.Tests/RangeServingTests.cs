using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>
    /// The store serves ranges as storage does, so that the client's ranged downloads are tested against
    /// something faithful: many ranges at once, If-Range by ETag or date, a file replaced under a client, and a
    /// server that serves no ranges at all.
    /// </summary>
    public sealed class RangeServingTests
    {
        private static readonly HttpClient Http = new HttpClient();

        [Fact]
        public async Task RangesAskedAtOnceComeAtOnceAndTogetherMakeTheFile()
        {
            await using EmulatorServer server = await StartAsync(new EmulatorOptions { RateLimit = 0, VideoBytes = 1_000_000, BandwidthBytesPerSecond = 2_000_000 });
            string url = await UrlAsync(server, "done-r1");
            byte[] whole = await Http.GetByteArrayAsync(url);

            byte[][] parts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(i * 250_000, i * 250_000 + 249_999);
                using HttpResponseMessage response = await Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
                Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
                return await response.Content.ReadAsByteArrayAsync();
            }));

            Assert.Equal(whole, parts.SelectMany(p => p).ToArray());
            Assert.Equal(4, server.Log.Snapshot().MaxDownloadsAtOnce);
        }

        [Fact]
        public async Task IfRangeHoldsToTheEtagOrTheDateAndAReplacedFileAnswersWhole()
        {
            await using EmulatorServer server = await StartAsync(new EmulatorOptions { RateLimit = 0, VideoBytes = 100_000 });
            string url = await UrlAsync(server, "done-r2");
            using HttpResponseMessage first = await Http.GetAsync(url);
            string etag = first.Headers.ETag!.ToString();
            string date = first.Content.Headers.LastModified!.Value.ToString("R");

            Assert.Equal(HttpStatusCode.PartialContent, await StatusOfRangeAsync(url, etag));
            Assert.Equal(HttpStatusCode.PartialContent, await StatusOfRangeAsync(url, date));

            using HttpResponseMessage replaced = await Http.PostAsync(server.BaseUrl + "/_emulator/replace" + new Uri(url).AbsolutePath, null);
            Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
            Assert.Equal(HttpStatusCode.OK, await StatusOfRangeAsync(url, etag));
            using HttpResponseMessage again = await Http.GetAsync(url);
            Assert.NotEqual(etag, again.Headers.ETag!.ToString());
            Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task AServerWithoutRangesSaysSoAndAnswersEveryRangeWithTheWholeFile()
        {
            await using EmulatorServer server = await StartAsync(new EmulatorOptions { RateLimit = 0, VideoBytes = 100_000, NoRanges = true });
            string url = await UrlAsync(server, "done-r3");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(0, null);

            using HttpResponseMessage response = await Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("none", response.Headers.AcceptRanges.Single());
            Assert.Equal(100_000, (await response.Content.ReadAsByteArrayAsync()).Length);
            Assert.Equal(0, server.Log.Snapshot().RangeRequests);
        }

        private static async Task<HttpStatusCode> StatusOfRangeAsync(string url, string ifRange)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(50_000, null);
            request.Headers.TryAddWithoutValidation("If-Range", ifRange);
            using HttpResponseMessage response = await Http.SendAsync(request);
            return response.StatusCode;
        }

        private static Task<EmulatorServer> StartAsync(EmulatorOptions options)
        {
            return EmulatorServer.StartAsync(options);
        }

        private static async Task<string> UrlAsync(EmulatorServer server, string taskId)
        {
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri(server.BaseUrl),
                Credential = new TencentCredential(EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, null, "test"),
                MaxRequestsPerSecond = 0,
                Retry = RetryPolicy.None,
                Clock = SystemClock.Instance,
            });
            return (await client.DescribeAsync(taskId, CancellationToken.None)).VideoUrls[0];
        }
    }
}
