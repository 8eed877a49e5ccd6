using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using BigGustave;
using BitMiracle.LibJpeg;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>
    /// The images behind ImageUrls: real PNG and JPEG files that open in independent decoders, their types, links
    /// that do not (or wrongly) tell the format, ranges, sizes, cuts and the 12-hour rule.
    /// </summary>
    public sealed class ImageFileTests : IAsyncLifetime
    {
        private static readonly HttpClient Http = new HttpClient();
        private readonly ManualClock _clock = ManualClock.StartingAtAWholeSecond();
        // null! only until InitializeAsync, which xunit runs before every test, sets them.
        private EmulatorServer _server = null!;
        private RawCalls _calls = null!;

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions { UtcClock = () => _clock.Now };
            options.RateLimits.Keys.ToList().ForEach(action => options.RateLimits[action] = 0);
            _server = await EmulatorServer.StartAsync(options);
            _calls = new RawCalls(_server);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task ImagesAlternatePngAndJpegAndEachOpensInARealDecoder()
        {
            string[] urls = await ImageUrlsAsync("done-img-i4-open");

            byte[][] images = await Task.WhenAll(urls.Select(url => Http.GetByteArrayAsync(url)));

            Assert.Equal(new[] { "png", "jpeg", "png", "jpeg" }, images.Select(FormatOf));
            foreach (byte[] image in images)
            {
                (int width, int height, (byte, byte, byte) corner) = Decode(image);
                Assert.Equal((64, 64), (width, height));
            }
            // The same picture in both formats would show a task's images as copies: each image has its own colours.
            Assert.Equal(4, images.Select(image => Decode(image).Corner).Distinct().Count());
        }

        [Fact]
        public void TheJpegDecodesToTheColoursOfThePngOfTheSameName()
        {
            var mosaic = Mosaic.FromSeed(VideoContent.SeedOf("pin"));
            byte[] png = ImageContent.Build("pin", ImageFormat.Png, null);
            byte[] jpeg = ImageContent.Build("pin", ImageFormat.Jpeg, null);

            Png decodedPng = Png.Open(new MemoryStream(png));
            var decodedJpeg = new JpegImage(new MemoryStream(jpeg));
            for (int y = 4; y < 64; y += 8)
            {
                SampleRow row = decodedJpeg.GetRow(y);
                for (int x = 4; x < 64; x += 8)
                {
                    (byte r, byte g, byte b) = mosaic.Pixel(y, x);
                    Pixel fromPng = decodedPng.GetPixel(x, y);
                    Assert.Equal((r, g, b), (fromPng.R, fromPng.G, fromPng.B));
                    Sample sample = row.GetAt(x);
                    // YCbCr rounding leaves a JPEG within a few levels of the colour, never more.
                    Assert.InRange(sample.GetComponent(0) - r, -3, 3);
                    Assert.InRange(sample.GetComponent(1) - g, -3, 3);
                    Assert.InRange(sample.GetComponent(2) - b, -3, 3);
                }
            }
        }

        [Fact]
        public async Task ImagesAreServedWithTheirContentTypeWhateverTheLinkSays()
        {
            string[] urls = await ImageUrlsAsync("done-img-i3-types");

            using HttpResponseMessage noExtension = await Http.GetAsync(urls[0]);
            using HttpResponseMessage wrongExtension = await Http.GetAsync(urls[1]);
            using HttpResponseMessage rightExtension = await Http.GetAsync(urls[2]);

            // Links take turns: no extension, the other format's, the right one.
            Assert.Equal("/images/done-img-i3-types/1", new Uri(urls[0]).AbsolutePath);
            Assert.Equal("/images/done-img-i3-types/2.png", new Uri(urls[1]).AbsolutePath);
            Assert.Equal("/images/done-img-i3-types/3.png", new Uri(urls[2]).AbsolutePath);
            Assert.Equal("image/png", noExtension.Content.Headers.ContentType?.MediaType);
            Assert.Equal("image/jpeg", wrongExtension.Content.Headers.ContentType?.MediaType);
            Assert.Equal("image/png", rightExtension.Content.Headers.ContentType?.MediaType);
            Assert.Equal("jpeg", FormatOf(await wrongExtension.Content.ReadAsByteArrayAsync()));
        }

        [Theory]
        [InlineData("done-img-i2-jpeg-noext-a", "jpeg", "/images/done-img-i2-jpeg-noext-a/2")]
        [InlineData("done-img-i2-png-wrongext-a", "png", "/images/done-img-i2-png-wrongext-a/2.jpg")]
        [InlineData("done-img-i2-jpeg-rightext-a", "jpeg", "/images/done-img-i2-jpeg-rightext-a/2.jpg")]
        public async Task TheIdCanFixTheFormatAndHowLinksAreNamed(string taskId, string format, string secondPath)
        {
            string[] urls = await ImageUrlsAsync(taskId);

            byte[][] images = await Task.WhenAll(urls.Select(url => Http.GetByteArrayAsync(url)));

            Assert.All(images, image => Assert.Equal(format, FormatOf(image)));
            Assert.Equal(secondPath, new Uri(urls[1]).AbsolutePath);
        }

        [Fact]
        public async Task OctetImagesTellNothingButTheirBytes()
        {
            string url = (await ImageUrlsAsync("done-img-octet-noext-a"))[0];

            using HttpResponseMessage response = await Http.GetAsync(url);

            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("png", FormatOf(await response.Content.ReadAsByteArrayAsync()));
        }

        [Fact]
        public async Task ACreatedTasksImagesHaveTheOutputFormatItAskedFor()
        {
            JsonElement created = await _calls.DemoSignedAsync("CreateAigcImageTask", "{\"ModelName\":\"GEM\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"OutputFormat\":\"JPEG\"}}");
            string taskId = RawCalls.Text(created.GetProperty("TaskId"));
            for (int poll = 0; poll < _server.Options.CreatedTaskPolls - 1; poll++)
            {
                await _calls.DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"" + taskId + "\"}");
            }

            string url = (await ImageUrlsAsync(taskId))[0];
            using HttpResponseMessage response = await Http.GetAsync(url);

            Assert.Equal("/images/" + taskId + "/1", new Uri(url).AbsolutePath);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("jpeg", FormatOf(await response.Content.ReadAsByteArrayAsync()));
        }

        [Theory]
        [InlineData("done-img-png-size5000-s", 5000, "png")]
        [InlineData("done-img-jpeg-size5000-s", 5000, "jpeg")]
        [InlineData("done-img-jpeg-size300000-s", 300000, "jpeg")]
        [InlineData("done-img-png-size300000-s", 300000, "png")]
        public async Task SizedImagesHaveExactlyThatSizeAndStillOpen(string taskId, int size, string format)
        {
            byte[] image = await Http.GetByteArrayAsync((await ImageUrlsAsync(taskId))[0]);

            Assert.Equal(size, image.Length);
            Assert.Equal(format, FormatOf(image));
            Assert.Equal((64, 64), (Decode(image).Width, Decode(image).Height));
        }

        [Fact]
        public async Task ImagesAreServedByRangeWithAStableETagAndTheirHashOnRequest()
        {
            string url = (await ImageUrlsAsync("done-img-range"))[0];

            using HttpResponseMessage whole = await Http.GetAsync(url);
            byte[] all = await whole.Content.ReadAsByteArrayAsync();
            var rangeRequest = new HttpRequestMessage(HttpMethod.Get, url);
            rangeRequest.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, null);
            rangeRequest.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(whole.Headers.ETag ?? throw new InvalidOperationException("The image was served without an ETag."));
            using HttpResponseMessage partial = await Http.SendAsync(rangeRequest);
            string hash = await Http.GetStringAsync(_server.BaseUrl + "/_emulator/sha256" + new Uri(url).AbsolutePath);

            Assert.Equal(all.Length, whole.Content.Headers.ContentLength);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(all.Skip(100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal(Convert.ToHexString(SHA256.HashData(all)), hash);
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(2, stats.ImageRequests);
            Assert.Equal(0, stats.VideoRequests);
            Assert.Equal(all.Length + all.Length - 100, stats.ImageBytesServed);
            Assert.Equal(1, stats.RangeRequests);
        }

        [Fact]
        public async Task NoImageLinkOutlivesTheTwelveHoursAfterTheTaskFinished()
        {
            string url = (await ImageUrlsAsync("done-img-expiry"))[0];
            using HttpResponseMessage fresh = await Http.GetAsync(url);
            _clock.Advance(TimeSpan.FromHours(11));
            string renewed = (await ImageUrlsAsync("done-img-expiry"))[0];
            _clock.Advance(TimeSpan.FromMinutes(59));
            using HttpResponseMessage renewedBefore = await Http.GetAsync(renewed);
            _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
            using HttpResponseMessage expired = await Http.GetAsync(url);
            using HttpResponseMessage renewedAfter = await Http.GetAsync(renewed);
            using HttpResponseMessage askedAfter = await Http.GetAsync((await ImageUrlsAsync("done-img-expiry"))[0]);

            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.Equal(HttpStatusCode.OK, renewedBefore.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.Contains("Request has expired", await expired.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Forbidden, renewedAfter.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, askedAfter.StatusCode);
        }

        [Fact]
        public async Task AnExpiredLinkIsRenewedByAskingAgainWhileTheImagesAreKept()
        {
            var options = new EmulatorOptions { UtcClock = () => _clock.Now, UrlLifetime = TimeSpan.FromHours(1) };
            await using EmulatorServer shortLinks = await EmulatorServer.StartAsync(options);
            var calls = new RawCalls(shortLinks);
            const string describe = "{\"TaskId\":\"done-img-renew\"}";
            string url = RawCalls.Text((await calls.DemoSignedAsync("DescribeAigcImageTask", describe)).GetProperty("ImageUrls")[0]);

            _clock.Advance(TimeSpan.FromHours(2));
            using HttpResponseMessage expired = await Http.GetAsync(url);
            string renewed = RawCalls.Text((await calls.DemoSignedAsync("DescribeAigcImageTask", describe)).GetProperty("ImageUrls")[0]);
            byte[] image = await Http.GetByteArrayAsync(renewed);

            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.NotEqual(url, renewed);
            Assert.Equal("png", FormatOf(image));
        }

        [Theory]
        [InlineData("?seconds=-1")]
        [InlineData("?seconds=86401")]
        [InlineData("?seconds=soon")]
        [InlineData("")]
        public async Task ALinkLifetimeSetMidRunHoldsForTheLinksGivenFromThenOnOnly(string badQuery)
        {
            // A test lets a first link expire on time while the one that renews it outlives any pause of a busy machine.
            var options = new EmulatorOptions { UtcClock = () => _clock.Now, UrlLifetime = TimeSpan.FromSeconds(1) };
            await using EmulatorServer server = await EmulatorServer.StartAsync(options);
            var calls = new RawCalls(server);
            const string describe = "{\"TaskId\":\"done-img-lifetime\"}";
            string first = RawCalls.Text((await calls.DemoSignedAsync("DescribeAigcImageTask", describe)).GetProperty("ImageUrls")[0]);

            using HttpResponseMessage refused = await Http.PostAsync(server.BaseUrl + "/_emulator/url-lifetime" + badQuery, null);
            using HttpResponseMessage set = await Http.PostAsync(server.BaseUrl + "/_emulator/url-lifetime?seconds=3600", null);
            string second = RawCalls.Text((await calls.DemoSignedAsync("DescribeAigcImageTask", describe)).GetProperty("ImageUrls")[0]);
            _clock.Advance(TimeSpan.FromSeconds(3));
            using HttpResponseMessage firstLater = await Http.GetAsync(first);
            using HttpResponseMessage secondLater = await Http.GetAsync(second);

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("?seconds=N, from 0 to 86400", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, firstLater.StatusCode);
            Assert.Equal(HttpStatusCode.OK, secondLater.StatusCode);
        }

        [Fact]
        public async Task TamperedImageLinksAreDeniedWithACosStyleBody()
        {
            string url = (await ImageUrlsAsync("done-img-t"))[0];

            using HttpResponseMessage response = await Http.GetAsync(url.Replace("q-signature=", "q-signature=0"));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task DownloadFaultsCutImagesShortToo()
        {
            var options = new EmulatorOptions { Cuts = new FaultPlan(1, new[] { "cut" }, 1), CutAfterBytes = 100 };
            await using EmulatorServer flaky = await EmulatorServer.StartAsync(options);
            JsonElement answer = await new RawCalls(flaky).DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"done-img-cut\"}");
            string url = RawCalls.Text(answer.GetProperty("ImageUrls")[0]);

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.GetByteArrayAsync(url));

            Assert.Equal(1, flaky.Log.Snapshot().CutResponses);
        }

        private async Task<string[]> ImageUrlsAsync(string taskId)
        {
            JsonElement answer = await _calls.DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"" + taskId + "\"}");
            Assert.Null(RawCalls.ErrorCode(answer));
            Assert.Equal("DONE", answer.GetProperty("Status").GetString());
            return answer.GetProperty("ImageUrls").EnumerateArray().Select(RawCalls.Text).ToArray();
        }

        private static string FormatOf(byte[] image)
        {
            if (image.Take(8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            {
                return "png";
            }
            return image.Take(3).SequenceEqual(new byte[] { 0xFF, 0xD8, 0xFF }) ? "jpeg" : "unknown";
        }

        private static (int Width, int Height, (byte, byte, byte) Corner) Decode(byte[] image)
        {
            if (FormatOf(image) == "png")
            {
                Png png = Png.Open(new MemoryStream(image));
                Pixel pixel = png.GetPixel(0, 0);
                return (png.Width, png.Height, (pixel.R, pixel.G, pixel.B));
            }
            var jpeg = new JpegImage(new MemoryStream(image));
            Sample sample = jpeg.GetRow(0).GetAt(0);
            return (jpeg.Width, jpeg.Height, ((byte)sample.GetComponent(0), (byte)sample.GetComponent(1), (byte)sample.GetComponent(2)));
        }
    }
}
