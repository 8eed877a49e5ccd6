using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    public sealed class EmulatorTests : IAsyncLifetime
    {
        private static readonly HttpClient Http = new HttpClient();
        // null! only until InitializeAsync, which xunit runs before every test, sets it.
        private EmulatorServer _server = null!;

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions { RateLimit = 0, VideoBytes = 300_000 };
            options.Credentials["AKIDtemp"] = ("temp-key", "temp-token");
            _server = await EmulatorServer.StartAsync(options);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task ABrokenAnswerWhoseIdNamesTheOtherKindIsStillAnswered()
        {
            // "img" in the id made its good twin an image task, unknown to the video action: the answer was an HTTP 500.
            JsonElement answer = await new RawCalls(_server).DemoSignedAsync("DescribeAigcVideoTask", "{\"TaskId\":\"bad-urlsstring-img\"}");

            Assert.Equal("DONE", answer.GetProperty("Status").GetString());
            Assert.Equal(JsonValueKind.String, answer.GetProperty("VideoUrls").ValueKind);
        }

        [Fact]
        public async Task ATaskMovesFromWaitThroughRunToDoneOnItsSchedule()
        {
            MpsClient client = Client();
            string id = "done-after3polls-x";

            AigcTaskStatus[] seen =
            {
                (await client.DescribeAsync(id, CancellationToken.None)).Status,
                (await client.DescribeAsync(id, CancellationToken.None)).Status,
                (await client.DescribeAsync(id, CancellationToken.None)).Status,
                (await client.DescribeAsync(id, CancellationToken.None)).Status,
            };

            Assert.Equal(new[] { AigcTaskStatus.WAIT, AigcTaskStatus.RUN, AigcTaskStatus.DONE, AigcTaskStatus.DONE }, seen);
        }

        [Fact]
        public async Task DoneTasksCarryServedUrlsAndFailedOnesAMessage()
        {
            VideoTask done = await Client().DescribeAsync("done-v2-r720-y", CancellationToken.None);
            VideoTask failed = await Client().DescribeAsync("fail-y", CancellationToken.None);

            Assert.Equal(2, done.VideoUrls.Length);
            Assert.All(done.VideoUrls, url => Assert.StartsWith(_server.BaseUrl + "/videos/", url));
            Assert.Equal("1080*720", done.Resolution);
            Assert.Equal(AigcTaskStatus.FAIL, failed.Status);
            Assert.Empty(failed.VideoUrls);
            Assert.False(string.IsNullOrEmpty(failed.Message));
        }

        [Fact]
        public async Task UnknownTasksAreNotFound()
        {
            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client().DescribeAsync("4-AigcVideo-nosuchtask", CancellationToken.None));
            Assert.Equal("ResourceNotFound.TaskNotFound", error.Code);
            Assert.False(string.IsNullOrEmpty(error.RequestId));
        }

        [Fact]
        public async Task AWrongKeyFailsTheSignature()
        {
            var error = await Assert.ThrowsAsync<MpsServiceException>(() =>
                Client(new TencentCredential(EmulatorOptions.DemoSecretId, "not-the-key", null, "test")).DescribeAsync("done-1", CancellationToken.None));
            Assert.Equal("AuthFailure.SignatureFailure", error.Code);
        }

        [Fact]
        public async Task AnUnknownSecretIdIsNotFound()
        {
            var error = await Assert.ThrowsAsync<MpsServiceException>(() =>
                Client(new TencentCredential("AKIDnobody", "key", null, "test")).DescribeAsync("done-1", CancellationToken.None));
            Assert.Equal("AuthFailure.SecretIdNotFound", error.Code);
        }

        [Fact]
        public async Task AClockTenMinutesOffIsRefusedAsExpiredWithTheServiceTimeInTheDateHeader()
        {
            (string? code, DateTimeOffset? date) = await RawAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", TimeSpan.FromMinutes(-10));

            Assert.Equal("AuthFailure.SignatureExpire", code);
            Assert.NotNull(date);
            Assert.InRange((date.Value - DateTimeOffset.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(30));
        }

        [Fact]
        public async Task TemporaryCredentialsNeedTheirToken()
        {
            var withToken = new TencentCredential("AKIDtemp", "temp-key", "temp-token", "test");
            var withoutToken = new TencentCredential("AKIDtemp", "temp-key", null, "test");

            Assert.Equal(AigcTaskStatus.DONE, (await Client(withToken).DescribeAsync("done-1", CancellationToken.None)).Status);
            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(withoutToken).DescribeAsync("done-1", CancellationToken.None));
            Assert.Equal("AuthFailure.TokenFailure", error.Code);
        }

        [Fact]
        public async Task TheHostIsAcceptedWithOrWithoutThePort()
        {
            string? withPort = await RawCodeAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", "application/json", "127.0.0.1:" + _server.Port);
            string? withoutPort = await RawCodeAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", "application/json", "127.0.0.1");

            Assert.Null(withPort);
            Assert.Null(withoutPort);
        }

        [Fact]
        public async Task AContentTypeThatDiffersFromTheSignedOneFails()
        {
            // Signed as application/json, sent with "; charset=utf-8" appended, as .NET's StringContent does.
            string? code = await RawCodeAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", "application/json", "127.0.0.1:" + _server.Port, sendCharset: true);
            Assert.Equal("AuthFailure.SignatureFailure", code);
        }

        [Fact]
        public async Task UnknownActionsAndParametersAreRefusedLikeTheService()
        {
            Assert.Equal("InvalidAction", await RawCodeAsync("DescribeNothing", "{}", "application/json", "127.0.0.1:" + _server.Port));
            Assert.Equal("MissingParameter", await RawCodeAsync("DescribeAigcVideoTask", "{}", "application/json", "127.0.0.1:" + _server.Port));
            Assert.Equal("UnknownParameter", await RawCodeAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\",\"Foo\":1}", "application/json", "127.0.0.1:" + _server.Port));
        }

        [Fact]
        public async Task CreatedTasksRunTheirLifecycleAndCreationNeedsAPromptOrImage()
        {
            Assert.Equal("InvalidParameter", await RawCodeAsync("CreateAigcVideoTask", "{\"ModelName\":\"Kling\"}", "application/json", "127.0.0.1:" + _server.Port));

            MpsResponse created = await Client().InvokeAsync("CreateAigcVideoTask", Encoding.UTF8.GetBytes("{\"ModelName\":\"Kling\",\"Prompt\":\"a cat surfing\"}"), CancellationToken.None);
            string taskId = created.GetString("TaskId") ?? string.Empty;

            Assert.StartsWith("4-AigcVideo-", taskId);
            Assert.Equal(AigcTaskStatus.WAIT, (await Client().DescribeAsync(taskId, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task VideosAreServedWholeAndByRangeWithAStableETag()
        {
            string url = (await Client().DescribeAsync("done-z", CancellationToken.None)).VideoUrls[0];

            using HttpResponseMessage whole = await Http.GetAsync(url);
            byte[] all = await whole.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(300_000, whole.Content.Headers.ContentLength);
            Assert.Equal(300_000, all.Length);
            Assert.NotNull(whole.Headers.ETag);

            var rangeRequest = new HttpRequestMessage(HttpMethod.Get, url);
            rangeRequest.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100_000, null);
            rangeRequest.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(whole.Headers.ETag);
            using HttpResponseMessage partial = await Http.SendAsync(rangeRequest);
            byte[] tail = await partial.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal("bytes 100000-299999/300000", partial.Content.Headers.ContentRange?.ToString());
            Assert.Equal(all.Skip(100_000).ToArray(), tail);

            var staleRequest = new HttpRequestMessage(HttpMethod.Get, url);
            staleRequest.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100_000, null);
            staleRequest.Headers.TryAddWithoutValidation("If-Range", "\"another-version\"");
            using HttpResponseMessage stale = await Http.SendAsync(staleRequest);
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Equal(SHA256.HashData(all), SHA256.HashData(await stale.Content.ReadAsByteArrayAsync()));

            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(3, stats.VideoRequests);
            Assert.Equal(1, stats.RangeRequests);
        }

        [Fact]
        public async Task ItsStatsCountTheTasksItKnowsOnceEachAndNotUnknownIds()
        {
            MpsClient client = Client();
            await client.DescribeAsync("done-k1", CancellationToken.None);
            await client.DescribeAsync("done-k1", CancellationToken.None);
            await client.DescribeAsync("run-k2", CancellationToken.None);
            await Assert.ThrowsAsync<MpsServiceException>(() => client.DescribeAsync("4-AigcVideo-unknown", CancellationToken.None));

            Assert.Equal(2, _server.Stats().TasksKnown);
            Assert.Equal(4, _server.Stats().Requests);
        }

        [Fact]
        public async Task TamperedLinksAreDeniedWithACosStyleBody()
        {
            string url = (await Client().DescribeAsync("done-t", CancellationToken.None)).VideoUrls[0];
            using HttpResponseMessage response = await Http.GetAsync(url.Replace("q-signature=", "q-signature=0"));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync());
        }

        [Theory]
        [InlineData(0, 1001)]
        [InlineData(13, 1001)]
        [InlineData(7, 5)]
        [InlineData(8, 16)]
        public void VideoBytesAreTheSameWhateverOffsetTheyAreComputedFrom(long offset, int length)
        {
            ulong seed = VideoContent.SeedOf("pin");
            byte[] whole = new byte[offset + length];
            VideoContent.Fill(seed, 0, whole);
            byte[] piece = new byte[length];
            VideoContent.Fill(seed, offset, piece);

            Assert.Equal(whole.Skip((int)offset).ToArray(), piece);
        }

        [Fact]
        public void VideoBytesStayTheSameAcrossVersionsOfTheEmulator()
        {
            byte[] bytes = new byte[1001];
            VideoContent.Fill(VideoContent.SeedOf("pin"), 13, bytes);

            Assert.Equal("C5F681E1EC6E97B58F1952D13444192282BD8C66A8CED2EF469DC378BC95A025", Convert.ToHexString(SHA256.HashData(bytes)));
        }

        [Theory]
        [InlineData("bytes=0-99", 1000, 0, 100)]
        [InlineData("bytes=900-", 1000, 900, 100)]
        [InlineData("bytes=-10", 1000, 990, 10)]
        [InlineData("bytes=990-5000", 1000, 990, 10)]
        public void RangesAreParsed(string header, long size, long offset, long length)
        {
            Assert.True(ResultStore.TryParseRange(header, size, out long o, out long l));
            Assert.Equal((offset, length), (o, l));
        }

        [Theory]
        [InlineData("bytes=1000-", 1000)]
        [InlineData("bytes=5-1", 1000)]
        [InlineData("bytes=0-1,5-6", 1000)]
        [InlineData("items=0-1", 1000)]
        public void UnsatisfiableRangesAreRefused(string header, long size)
        {
            Assert.False(ResultStore.TryParseRange(header, size, out _, out _));
        }

        private MpsClient Client(TencentCredential? credential = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri(_server.BaseUrl),
                Credential = credential ?? new TencentCredential(EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, null, "test"),
                MaxRequestsPerSecond = 0,
                Retry = RetryPolicy.None,
                Clock = SystemClock.Instance,
            });
        }

        /// <summary>Sends a hand-signed request and returns the error code, or null when there was none.</summary>
        private async Task<(string? Code, DateTimeOffset? Date)> RawAsync(string action, string json, TimeSpan clockOffset)
        {
            byte[] body = Encoding.UTF8.GetBytes(json);
            long timestamp = (DateTimeOffset.UtcNow + clockOffset).ToUnixTimeSeconds();
            var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/") { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-TC-Action", action);
            request.Headers.TryAddWithoutValidation("X-TC-Version", "2019-06-12");
            request.Headers.TryAddWithoutValidation("X-TC-Timestamp", timestamp.ToString());
            request.Headers.TryAddWithoutValidation("Authorization", Tc3Signer.BuildAuthorization(
                EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, "mps", "127.0.0.1:" + _server.Port, "application/json", body, timestamp));
            using HttpResponseMessage response = await Http.SendAsync(request);
            using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var envelope = document.RootElement.GetProperty("Response");
            return (envelope.TryGetProperty("Error", out var error) ? error.GetProperty("Code").GetString() : null, response.Headers.Date);
        }

        private async Task<string?> RawCodeAsync(string action, string json, string signedContentType, string signedHost, bool sendCharset = false)
        {
            byte[] body = Encoding.UTF8.GetBytes(json);
            long timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/")
            {
                Content = sendCharset ? new StringContent(json, Encoding.UTF8, "application/json") : new ByteArrayContent(body),
            };
            if (!sendCharset)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", signedContentType);
            }
            request.Headers.TryAddWithoutValidation("X-TC-Action", action);
            request.Headers.TryAddWithoutValidation("X-TC-Version", "2019-06-12");
            request.Headers.TryAddWithoutValidation("X-TC-Timestamp", timestamp.ToString());
            request.Headers.TryAddWithoutValidation("Authorization", Tc3Signer.BuildAuthorization(
                EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, "mps", signedHost, signedContentType, body, timestamp));
            using HttpResponseMessage response = await Http.SendAsync(request);
            using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var envelope = document.RootElement.GetProperty("Response");
            return envelope.TryGetProperty("Error", out var error) ? error.GetProperty("Code").GetString() : null;
        }
    }
}
