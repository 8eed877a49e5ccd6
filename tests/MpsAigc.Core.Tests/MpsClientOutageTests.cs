using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What the client's requests do while their endpoint is down: wait for its probe rather than each retrying.</summary>
    public class MpsClientOutageTests
    {
        private const string Done = "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[\"https://cos.example/a.mp4\"],\"RequestId\":\"r-1\"}}";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static readonly Uri Endpoint = new Uri("http://127.0.0.1:7390");

        private readonly ManualClock _clock = new ManualClock(Start);
        private readonly ListLog _log = new ListLog();
        private volatile bool _up;

        [Fact]
        public async Task AThousandRequestsIntoAnOutageSendAboutOneAttemptASecondAndOneWarningThenOneWhenItIsBack()
        {
            var handler = new StubHandler(_ => _up ? StubHandler.Json(Done) : throw Refused());
            EndpointHealth health = new EndpointHealth(Endpoint, _clock);
            MpsClient client = Client(handler, health);
            await JudgeDownAsync(client);
            int sentBefore = handler.Requests.Count;

            Task<VideoTask>[] requests = Enumerable.Range(0, 1000).Select(i => client.DescribeAsync("t-" + i, CancellationToken.None)).ToArray();
            await RunClockUntilAsync(() => requests.All(r => r.IsCompleted));

            // Each request alone would have been sent five times: 5,000. A probe a second went instead.
            int sent = handler.Requests.Count - sentBefore;
            Assert.InRange(sent, 1, (int)_clock.Elapsed.TotalSeconds + 1);
            string[] errorIds = requests.Select(r => ((MpsException)r.Exception!.InnerException!).ErrorId).Distinct().OrderBy(id => id).ToArray();
            Assert.Subset(new[] { ErrorIds.ConnectionRefused, ErrorIds.EndpointUnreachable }.ToHashSet(), errorIds.ToHashSet());
            Assert.Single(_log.Lines, line => line.Contains(" is unreachable since "));

            _up = true;
            _clock.Advance(health.ProbeInterval);
            Assert.Equal(AigcTaskStatus.DONE, (await client.DescribeAsync("t-back", CancellationToken.None)).Status);
            Assert.Equal(2, _log.Lines.Count(line => line.StartsWith(Endpoint.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)));
            Assert.Single(_log.Lines, line => line.Contains(" answers again, after "));
            Assert.Null(health.Outage);
        }

        [Fact]
        public async Task RequestsSentBeforeTheOutageWasFoundEndWithWhatTheyGotThen()
        {
            var handler = new StubHandler(_ => throw Refused());
            MpsClient client = Client(handler, new EndpointHealth(Endpoint, _clock));

            Task<VideoTask>[] requests = Enumerable.Range(0, 3).Select(i => client.DescribeAsync("t-" + i, CancellationToken.None)).ToArray();
            await RunClockUntilAsync(() => requests.All(r => r.IsCompleted));

            // Each was sent and refused before the endpoint was judged down: held back after, it says so, not EndpointUnreachable.
            Assert.All(requests, r => Assert.Equal(ErrorIds.ConnectionRefused, ((MpsException)r.Exception!.InnerException!).ErrorId));
            Assert.NotNull(client.Outage);
        }

        [Fact]
        public async Task ACreateHeldBackWhileTheEndpointIsDownIsNotSentAndItsOutcomeIsKnown()
        {
            var handler = new StubHandler(_ => throw Refused());
            EndpointHealth health = new EndpointHealth(Endpoint, _clock);
            MpsClient client = Client(handler, health);
            await JudgeDownAsync(client);
            _clock.Advance(health.Patience);
            // The probe of this second, refused: the create that comes next takes its answer.
            int before = handler.Requests.Count;
            Task<VideoTask> probe = client.DescribeAsync("t-probe", CancellationToken.None);
            await RunClockUntilAsync(() => handler.Requests.Count > before);
            int sent = handler.Requests.Count;

            MpsException error = await Assert.ThrowsAsync<MpsException>(() => client.CreateAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

            Assert.Equal(ErrorIds.EndpointUnreachable, error.ErrorId);
            Assert.Equal(sent, handler.Requests.Count);
            await RunClockUntilAsync(() => probe.IsCompleted);
        }

        [Fact]
        public async Task AClientWithAHandlerOfItsOwnJudgesNoEndpointUnlessGivenAHealth()
        {
            var handler = new StubHandler(_ => throw Refused());
            MpsClient client = Client(handler, null, new FakeClock(Start));

            for (int i = 0; i < 3; i++)
            {
                await Assert.ThrowsAsync<MpsException>(() => client.DescribeAsync("t", CancellationToken.None));
            }

            Assert.Equal(3 * RetryPolicy.Default.MaxAttempts, handler.Requests.Count);
            Assert.Null(client.Outage);
            Assert.DoesNotContain(_log.Lines, line => line.Contains("unreachable"));
        }

        /// <summary>Three requests refused in a row: the endpoint is down.</summary>
        private async Task JudgeDownAsync(MpsClient client)
        {
            Task<VideoTask> first = client.DescribeAsync("t-first", CancellationToken.None);
            await RunClockUntilAsync(() => first.IsCompleted);
            await Assert.ThrowsAnyAsync<MpsException>(() => first);
            Assert.NotNull(client.Outage);
        }

        /// <summary>Moves the clock a tenth of a second at a time until <paramref name="done"/>, for at most a minute of it.</summary>
        private async Task RunClockUntilAsync(Func<bool> done)
        {
            for (int step = 0; step < 600 && !done(); step++)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(100));
                // Lets the requests that the step woke take their next step before the clock moves again.
                await Task.Delay(2);
            }
            Assert.True(done(), "not done within a minute of the clock");
        }

        private MpsClient Client(StubHandler handler, EndpointHealth? health, IClock? clock = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = Endpoint,
                Credential = new TencentCredential("AKIDtest", "key", null, "test"),
                Handler = handler,
                Clock = clock ?? _clock,
                MaxRequestsPerSecond = 0,
                EndpointHealth = health,
                Log = _log,
            });
        }

        private static HttpRequestException Refused()
        {
            return new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        }
    }
}
