using System;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tasks;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class MpsClientTests
    {
        private const string Done = "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[\"https://cos.example/a.mp4?sign=x\"],\"Resolution\":\"1920x1088\",\"Message\":\"ok\",\"RequestId\":\"r-1\"}}";
        private const string Expired = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureExpire\",\"Message\":\"The signature expired.\"},\"RequestId\":\"r-0\"}}";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static int _port = 7100;

        [Fact]
        public async Task SendsTheDocumentedRequestSignedForMps()
        {
            var handler = new StubHandler(_ => StubHandler.Json(Done));
            MpsClient client = Client(handler, new Uri("http://127.0.0.1:8123"));

            VideoTask task = await client.DescribeAsync("4-AigcVideo-abc", CancellationToken.None);

            SentRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/", sent.Uri.AbsolutePath);
            Assert.Equal("application/json", sent.ContentType);
            Assert.Equal("{\"TaskId\":\"4-AigcVideo-abc\"}", Encoding.UTF8.GetString(sent.Body));
            Assert.Equal("DescribeAigcVideoTask", sent.Headers["X-TC-Action"]);
            Assert.Equal("2019-06-12", sent.Headers["X-TC-Version"]);
            Assert.Equal(Start.ToUnixTimeSeconds().ToString(), sent.Headers["X-TC-Timestamp"]);
            Assert.False(sent.Headers.ContainsKey("X-TC-Region"));
            Assert.False(sent.Headers.ContainsKey("X-TC-Token"));
            string expected = Tc3Signer.BuildAuthorization("AKIDtest", "key", "mps", "127.0.0.1:8123", "application/json", sent.Body, Start.ToUnixTimeSeconds());
            Assert.Equal(expected, sent.Headers["Authorization"]);
            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal("r-1", task.RequestId);
        }

        [Fact]
        public async Task RegionAndTokenHeadersAppearOnlyWhenGiven()
        {
            var handler = new StubHandler(_ => StubHandler.Json(Done));
            var credential = new TencentCredential("AKIDtest", "key", "temporary-token", "test");
            MpsClient client = Client(handler, new Uri("https://mps.intl.tencentcloudapi.com"), credential: credential, region: "ap-guangzhou");

            await client.DescribeAsync("t", CancellationToken.None);

            SentRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("ap-guangzhou", sent.Headers["X-TC-Region"]);
            Assert.Equal("temporary-token", sent.Headers["X-TC-Token"]);
        }

        [Fact]
        public async Task ServiceNameIsMpsWhateverTheEndpointHost()
        {
            var handler = new StubHandler(_ => StubHandler.Json(Done));
            MpsClient client = Client(handler, new Uri("https://gateway.example.com"));

            await client.DescribeAsync("t", CancellationToken.None);

            Assert.Contains("/mps/tc3_request", handler.Requests[0].Headers["Authorization"]);
        }

        [Fact]
        public async Task ServiceErrorCarriesCodeMessageAndRequestIdAndIsNotRetried()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound.TaskNotFound\",\"Message\":\"The task does not exist.\"},\"RequestId\":\"r-9\"}}"));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("ResourceNotFound.TaskNotFound", error.ErrorId);
            Assert.Equal(MpsErrorKind.NotFound, error.Kind);
            Assert.Equal("r-9", error.RequestId);
            Assert.Contains("The task does not exist.", error.Message);
            Assert.Contains("r-9", error.Message);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("InternalError")]
        [InlineData("RequestLimitExceeded")]
        [InlineData("RequestLimitExceeded.UinLimitExceeded")]
        public async Task TransientServiceErrorsAreRetried(string code)
        {
            var handler = new StubHandler(i => i < 2
                ? StubHandler.Json("{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"busy\"},\"RequestId\":\"r\"}}")
                : StubHandler.Json(Done));

            VideoTask task = await Client(handler).DescribeAsync("t", CancellationToken.None);

            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task HttpServerErrorsAreRetriedAtMostMaxAttemptsWithGrowingBackoff()
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502</html>") });
            var clock = new FakeClock(Start);

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler, clock: clock).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("HttpServerError", error.ErrorId);
            Assert.Equal(RetryPolicy.Default.MaxAttempts, handler.Requests.Count);
            Assert.Equal(RetryPolicy.Default.MaxAttempts - 1, clock.Delays.Count);
            for (int i = 0; i < clock.Delays.Count; i++)
            {
                Assert.InRange(clock.Delays[i], RetryPolicy.Default.DelayAfter(i + 1, 0), RetryPolicy.Default.DelayAfter(i + 1, 1));
            }
        }

        [Fact]
        public async Task ConnectionFailuresAreRetriedThenReported()
        {
            var handler = new StubHandler(_ => throw new HttpRequestException("Connection refused"));

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("ConnectionFailed", error.ErrorId);
            Assert.Equal(MpsErrorKind.Connection, error.Kind);
            Assert.Equal(RetryPolicy.Default.MaxAttempts, handler.Requests.Count);
        }

        [Fact]
        public async Task CancellationStopsWithoutRetrying()
        {
            using var cancel = new CancellationTokenSource();
            var handler = new StubHandler(_ =>
            {
                cancel.Cancel();
                throw new TaskCanceledException();
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).DescribeAsync("t", cancel.Token));

            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("<html><body>Bad gateway</body></html>", "not JSON")]
        [InlineData("{\"NoResponse\":{}}", "no Response object")]
        [InlineData("[1,2,3]", "no Response object")]
        [InlineData("", "not JSON")]
        public async Task MalformedAnswersAreInvalidResponse(string body, string said)
        {
            var handler = new StubHandler(_ => StubHandler.Json(body));

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("InvalidResponse", error.ErrorId);
            Assert.Contains(said, error.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task OversizedAnswerIsRefusedWithoutReadingItAll()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"Message\":\"" + new string('x', MpsClient.MaxResponseBytes) + "\"}}"));

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("InvalidResponse", error.ErrorId);
        }

        [Theory]
        [InlineData("http://example.com")]
        [InlineData("ftp://127.0.0.1")]
        [InlineData("file:///etc/passwd")]
        public void InsecureOrForeignEndpointsAreRefused(string endpoint)
        {
            var error = Assert.Throws<MpsException>(() => MpsEndpoint.Validate(new Uri(endpoint)));
            Assert.Equal("InvalidEndpoint", error.ErrorId);
        }

        [Theory]
        [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000")]
        [InlineData("http://localhost:5000", "localhost:5000")]
        [InlineData("http://[::1]:5000", "[::1]:5000")]
        [InlineData("https://mps.intl.tencentcloudapi.com", "mps.intl.tencentcloudapi.com")]
        public void LoopbackHttpAndAnyHttpsAreAccepted(string endpoint, string host)
        {
            Uri validated = MpsEndpoint.Validate(new Uri(endpoint));
            Assert.Equal(host, MpsEndpoint.HostHeader(validated));
        }

        [Fact]
        public async Task ACreateIsNeverSentTwiceWhenItMayHaveReachedTheService()
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502</html>") });

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler).CreateAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

            Assert.Equal("OutcomeUnknown", error.ErrorId);
            Assert.Contains("may or may not", error.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ACreateRefusedForRateIsRetriedBecauseNothingWasCreated()
        {
            var handler = new StubHandler(i => i == 0
                ? StubHandler.Json("{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow down\"},\"RequestId\":\"r\"}}")
                : StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcVideo-new\",\"RequestId\":\"r2\"}}"));

            VideoTask task = await Client(handler).CreateAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None);

            Assert.Equal("4-AigcVideo-new", task.TaskId);
            Assert.Equal(AigcTaskStatus.WAIT, task.Status);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal("CreateAigcVideoTask", handler.Requests[0].Headers["X-TC-Action"]);
        }

        [Fact]
        public void TheCreateBodyHoldsOnlyTheGivenFieldsAndAdditionalParametersAsAString()
        {
            var request = new CreateVideoTaskRequest
            {
                ModelName = "Kling",
                Prompt = "a 猫",
                Duration = 5,
                OffPeak = true,
                ImageInfos = new System.Collections.IDictionary[] { new System.Collections.Hashtable { ["ImageUrl"] = "https://i/1.png" } },
                AdditionalParameters = new System.Collections.Hashtable { ["seed"] = 3 },
            };

            Assert.Equal(
                "{\"ModelName\":\"Kling\",\"Prompt\":\"a 猫\",\"ImageInfos\":[{\"ImageUrl\":\"https://i/1.png\"}],\"Duration\":5,\"ExtraParameters\":{\"OffPeak\":true},\"AdditionalParameters\":\"{\\\"seed\\\":3}\"}",
                Encoding.UTF8.GetString(request.ToJson()));
        }

        [Fact]
        public async Task ARefusedTimestampIsCorrectedByTheServiceDateOnceAndSaidInVerbose()
        {
            var handler = new StubHandler(i => i == 0 ? WithDate(StubHandler.Json(Expired), Start.AddMinutes(10)) : StubHandler.Json(Done));
            var log = new ListLog();
            MpsClient client = Client(handler, NextEndpoint(), log: log);

            VideoTask task = await client.DescribeAsync("t", CancellationToken.None);

            Assert.Equal(AigcTaskStatus.DONE, task.Status);
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
            await Client(first, endpoint).DescribeAsync("t", CancellationToken.None);

            var second = new StubHandler(_ => StubHandler.Json(Done));
            await Client(second, endpoint).DescribeAsync("t", CancellationToken.None);

            SentRequest sent = Assert.Single(second.Requests);
            Assert.Equal(Start.AddMinutes(-10).ToUnixTimeSeconds().ToString(), sent.Headers["X-TC-Timestamp"]);
        }

        [Fact]
        public async Task ATimestampRefusedAgainAfterTheCorrectionIsAnError()
        {
            var handler = new StubHandler(_ => WithDate(StubHandler.Json(Expired), Start.AddMinutes(10)));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler, NextEndpoint()).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("AuthFailure.SignatureExpire", error.ErrorId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ACreateIsCorrectedTooForTheRefusalProvesNothingWasCreated()
        {
            var handler = new StubHandler(i => i == 0
                ? WithDate(StubHandler.Json(Expired), Start.AddMinutes(10))
                : StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcVideo-new\",\"RequestId\":\"r-2\"}}"));

            VideoTask task = await Client(handler, NextEndpoint()).CreateAsync(new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None);

            Assert.Equal("4-AigcVideo-new", task.TaskId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task AnUntrustedCertificateIsATlsFailureAndIsNotRetried()
        {
            var handler = new StubHandler(_ => throw new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("The remote certificate is invalid: UntrustedRoot")));

            var error = await Assert.ThrowsAsync<MpsException>(() => Client(handler, NextEndpoint()).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("TlsFailure", error.ErrorId);
            Assert.Contains("never skipped", error.Message);
            Assert.Single(handler.Requests);
        }

        private static HttpResponseMessage WithDate(HttpResponseMessage response, DateTimeOffset date)
        {
            response.Headers.Date = date;
            return response;
        }

        private static Uri NextEndpoint()
        {
            // The learnt clock offset is kept per endpoint for the process: each test has its own.
            return new Uri("http://127.0.0.1:" + Interlocked.Increment(ref _port));
        }

        [Fact]
        public async Task AColdClientWhoseFirstRequestCannotHaveItsKeysLetsTheOthersGo()
        {
            // The first request of a client with a budget of its process's own goes alone; the others wait for its
            // answer. Its keys that cannot be had are its answer too: the others must not wait for ever.
            var keys = new FirstFetchFails();
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"RequestId\":\"r\"}}"));
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri("http://127.0.0.1:" + (20000 + Environment.TickCount % 10000) + "/"),
                CredentialSource = keys,
                Handler = handler,
                MaxRequestsPerSecond = 1000,
                RateLimitScope = RateLimitScope.Process,
            });

            Task<VideoTask> first = client.DescribeAsync("t1", CancellationToken.None);
            Task<VideoTask> second = client.DescribeAsync("t2", CancellationToken.None);

            Assert.Equal(ErrorIds.CredentialUnavailable, (await Assert.ThrowsAsync<CredentialException>(() => first)).ErrorId);
            Assert.Equal(AigcTaskStatus.DONE, (await second.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        }

        private sealed class FirstFetchFails : CredentialSource
        {
            private int _fetches;

            public override string Name => "Flaky";

            public override string AccountKey => "AKIDflaky";

            public override TencentCredential? Current => null;

            internal override string CacheKey => "flaky";

            public override Task<TencentCredential> GetAsync(IMpsLog log, CancellationToken cancellationToken)
            {
                return Interlocked.Increment(ref _fetches) == 1
                    ? Task.FromException<TencentCredential>(new CredentialException(ErrorIds.CredentialUnavailable, "not now"))
                    : Task.FromResult(new TencentCredential("AKIDflaky", "key", null, "test"));
            }
        }

        internal static MpsClient Client(StubHandler handler, Uri? endpoint = null, TencentCredential? credential = null, string? region = null, FakeClock? clock = null, IMpsLog? log = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = endpoint ?? new Uri("http://127.0.0.1:9"),
                Credential = credential ?? new TencentCredential("AKIDtest", "key", null, "test"),
                Region = region,
                Handler = handler,
                Clock = clock ?? new FakeClock(Start),
                MaxRequestsPerSecond = 0,
                Log = log ?? NullLog.Instance,
            });
        }
    }
}
