using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.Signing;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// MpsClient over a source of temporary keys: the keys are asked for before every attempt, a refused
    /// token is renewed and the call tried once more, and the account keeps one rate limiter across renewals.
    /// </summary>
    public class RenewingMpsClientTests
    {
        private const string Done = "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[\"https://cos.example/a.mp4\"],\"RequestId\":\"r-1\"}}";
        private const string Created = "{\"Response\":{\"TaskId\":\"4-AigcVideo-new\",\"RequestId\":\"r-2\"}}";
        private const string TokenFailure = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.TokenFailure\",\"Message\":\"The token is invalid or expired.\"},\"RequestId\":\"r-t\"}}";
        private const string InternalError = "{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"busy\"},\"RequestId\":\"r-i\"}}";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static int _port = 7600;

        private readonly FakeClock _clock = new FakeClock(Start);

        [Fact]
        public async Task ARefusedTokenIsRenewedAndTheCallRetriedOnceWithTheNewKeys()
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            RenewingCredentialSource source = Renewing(fetch);
            var handler = new StubHandler(i => StubHandler.Json(i == 0 ? TokenFailure : Done));
            var log = new LevelLog();

            VideoTask task = await Client(handler, source, log: log).DescribeAsync("t", CancellationToken.None);

            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(2, fetch.Calls);
            AssertSignedBy(handler.Requests[0], "id-1", "key-1");
            Assert.Equal("token-1", handler.Requests[0].Headers["X-TC-Token"]);
            AssertSignedBy(handler.Requests[1], "id-2", "key-2");
            Assert.Equal("token-2", handler.Requests[1].Headers["X-TC-Token"]);
            Assert.Equal("id-2", source.Current?.SecretId);
            Assert.Contains(log.VerboseLines, l => l.Contains("AuthFailure.TokenFailure") && l.Contains("CvmRole mps-runbook"));
            Assert.All(log.Lines, l => Assert.DoesNotContain("key-", l.Text));
            Assert.All(log.Lines, l => Assert.DoesNotContain("token-", l.Text));
        }

        [Fact]
        public async Task ASecondRefusalIsTheCallsErrorNotALoop()
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            var handler = new StubHandler(_ => StubHandler.Json(TokenFailure));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler, Renewing(fetch)).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("AuthFailure.TokenFailure", error.ErrorId);
            Assert.Equal(MpsErrorKind.Authentication, error.Kind);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(2, fetch.Calls);
        }

        [Fact]
        public async Task FixedKeysAreNotRetriedOnARefusedToken()
        {
            var handler = new StubHandler(_ => StubHandler.Json(TokenFailure));
            CredentialSource fixedKeys = CredentialSource.Fixed(new TencentCredential("AKIDfixed", "fixed-key", "fixed-token", "test"), "Parameter (-Credential)");

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler, fixedKeys).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("AuthFailure.TokenFailure", error.ErrorId);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ACreateRefusedForItsTokenIsRetriedOnceForTheRefusalProvesNothingWasCreated()
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            var handler = new StubHandler(i => StubHandler.Json(i == 0 ? TokenFailure : Created));

            VideoTask task = await Client(handler, Renewing(fetch)).CreateAsync(Encoding.UTF8.GetBytes("{\"ModelName\":\"Kling\"}"), CancellationToken.None);

            Assert.Equal("4-AigcVideo-new", task.TaskId);
            Assert.Equal(2, handler.Requests.Count);
            Assert.All(handler.Requests, r => Assert.Equal("CreateAigcVideoTask", r.Headers["X-TC-Action"]));
            AssertSignedBy(handler.Requests[1], "id-2", "key-2");
        }

        [Fact]
        public async Task ACreateRefusedTwiceForItsTokenIsSentTwiceAtMost()
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            var handler = new StubHandler(_ => StubHandler.Json(TokenFailure));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(handler, Renewing(fetch)).CreateAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

            Assert.Equal("AuthFailure.TokenFailure", error.ErrorId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task KeysRenewedBetweenTwoAttemptsSignTheNextOne()
        {
            // Keys valid for 2 s; the first attempt takes 3 s and fails transiently.
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromSeconds(2));
            var handler = new StubHandler(i =>
            {
                if (i == 0)
                {
                    _clock.Advance(TimeSpan.FromSeconds(3));
                    return StubHandler.Json(InternalError);
                }
                return StubHandler.Json(Done);
            });

            await Client(handler, Renewing(fetch)).DescribeAsync("t", CancellationToken.None);

            Assert.Equal(2, handler.Requests.Count);
            AssertSignedBy(handler.Requests[0], "id-1", "key-1");
            AssertSignedBy(handler.Requests[1], "id-2", "key-2");
            Assert.Equal("token-2", handler.Requests[1].Headers["X-TC-Token"]);
        }

        [Fact]
        public async Task KeysThatCannotBeHadFailTheCallWithoutSendingIt()
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            fetch.ThenFail(new MpsException("MetadataUnreachable", MpsErrorKind.Connection, "the metadata service is unreachable."));
            var handler = new StubHandler(_ => StubHandler.Json(Done));

            var error = await Assert.ThrowsAsync<CredentialException>(() => Client(handler, Renewing(fetch)).DescribeAsync("t", CancellationToken.None));

            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.StartsWith("CvmRole mps-runbook: ", error.Message);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public void AClientNeedsASourceUnlessItIsUnsigned()
        {
            Assert.Throws<ArgumentException>(() => new MpsClient(new MpsClientOptions { Endpoint = NextEndpoint(), Handler = new StubHandler(_ => StubHandler.Json(Done)) }));
            Assert.NotNull(new MpsClient(new MpsClientOptions { Endpoint = NextEndpoint(), Unsigned = true, Handler = new StubHandler(_ => StubHandler.Json(Done)) }));
        }

        [Fact]
        public async Task AnUnsignedClientSendsSkipAndNoToken()
        {
            var handler = new StubHandler(_ => StubHandler.Json(Done));
            var client = new MpsClient(new MpsClientOptions { Endpoint = NextEndpoint(), Unsigned = true, Handler = handler, Clock = _clock, MaxRequestsPerSecond = 50 });

            await client.DescribeAsync("t", CancellationToken.None);

            SentRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("SKIP", sent.Headers["Authorization"]);
            Assert.False(sent.Headers.ContainsKey("X-TC-Token"));
        }

        [Fact]
        public async Task TwoClientsOverOneRenewingSourceShareOneLimiterBeforeAndAfterARenewal()
        {
            Uri endpoint = NextEndpoint();
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromHours(2));
            RenewingCredentialSource source = Renewing(fetch, "cvm-role:limiter-" + Guid.NewGuid().ToString("N"));
            var release = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            var handler = new RouteHandler((sent, index) => index == 0 ? release.Task : Task.FromResult(StubHandler.Json(Done)));
            // One request per second for the account: the first client's request in flight holds it all.
            MpsClient first = LimitedClient(endpoint, source, handler);
            TencentCredential keys = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            Task<VideoTask> inFlight = first.DescribeAsync("t-1", CancellationToken.None);
            await Eventually.TrueAsync(() => handler.Requests.Count == 1, "the first request");

            source.Reject(keys);
            Assert.Equal("id-2", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
            MpsClient second = LimitedClient(endpoint, source, handler);
            using var cancel = new CancellationTokenSource();
            Task<VideoTask> waiting = second.DescribeAsync("t-2", cancel.Token);

            // The second client, signing with the renewed keys, waits for the account's one slot.
            Assert.False(waiting.IsCompleted);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(waiting, "the cancelled call"));
            Assert.Single(handler.Requests);
            release.SetResult(StubHandler.Json(Done));
            Assert.Equal(AigcTaskStatus.DONE, (await Eventually.WithinAsync(inFlight, "the first call")).Status);
        }

        private static MpsClient LimitedClient(Uri endpoint, CredentialSource source, HttpMessageHandler handler)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = endpoint,
                CredentialSource = source,
                Handler = handler,
                Clock = new FakeClock(Start),
                MaxRequestsPerSecond = 1,
            });
        }

        private RenewingCredentialSource Renewing(ScriptedFetch fetch, string accountKey = "cvm-role:mps-runbook")
        {
            return new RenewingCredentialSource("CvmRole mps-runbook", accountKey, "test|" + Guid.NewGuid().ToString("N"), fetch.Fetch, _clock);
        }

        private MpsClient Client(StubHandler handler, CredentialSource source, IMpsLog? log = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = NextEndpoint(),
                CredentialSource = source,
                Handler = handler,
                Clock = _clock,
                MaxRequestsPerSecond = 0,
                Log = log ?? NullLog.Instance,
            });
        }

        private static void AssertSignedBy(SentRequest sent, string secretId, string secretKey)
        {
            long timestamp = long.Parse(sent.Headers["X-TC-Timestamp"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("TC3-HMAC-SHA256 Credential=" + secretId + "/", sent.Headers["Authorization"]);
            Assert.Equal(
                Tc3Signer.BuildAuthorization(secretId, secretKey, "mps", sent.Uri.Authority, "application/json", sent.Body, timestamp),
                sent.Headers["Authorization"]);
        }

        private static Uri NextEndpoint()
        {
            // Clock offsets and limiters are kept per endpoint for the process: each test has its own.
            return new Uri("http://127.0.0.1:" + Interlocked.Increment(ref _port));
        }
    }
}
