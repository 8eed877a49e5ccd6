using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    public class RateLimitTests
    {
        [Fact]
        public async Task RequestsOverTheLimitInOneSecondAreRefused()
        {
            // A clock that stands still puts all 30 in one second, however slow the machine: 5 pass.
            var clock = ManualClock.StartingAtAWholeSecond();
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 5, UtcClock = () => clock.Now });
            MpsClient client = Client(server, maxPerSecond: 0);

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
            {
                try
                {
                    await client.DescribeAsync("done-" + i, CancellationToken.None);
                    return null;
                }
                catch (MpsServiceException e)
                {
                    return e.Code;
                }
            }));

            EmulatorStats stats = server.Log.Snapshot();
            int refused = outcomes.Count(code => code == "RequestLimitExceeded");
            Assert.Equal(30, stats.Requests);
            Assert.Equal(refused, stats.RequestLimitExceeded);
            Assert.Equal(25, refused);
            Assert.DoesNotContain(outcomes, code => code != null && code != "RequestLimitExceeded");
        }

        [Fact]
        public async Task TheClientLimiterKeepsEverySecondWithinTheLimit()
        {
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 20 });
            MpsClient client = Client(server, maxPerSecond: 20);

            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.DescribeAsync("done-" + i, CancellationToken.None)));

            EmulatorStats stats = server.Log.Snapshot();
            Assert.Equal(50, stats.Requests);
            Assert.Equal(0, stats.RequestLimitExceeded);
            Assert.InRange(stats.MaxRequestsInOneSecond, 1, 20);
            // The module names its process on every request.
            Assert.Equal(50, stats.Clients[MpsClient.ClientId].Requests);
        }

        [Fact]
        public void TheLimitIsTheAccountsAcrossItsClientsAndEachClientsRefusalsAreCounted()
        {
            var log = new RequestLog();
            var second = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

            // One account, two client processes, a limit of 3 in a second: the fourth and fifth are refused, whoever sends them.
            bool[] passed =
            {
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second, 3, "a"),
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second, 3, "b"),
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second, 3, "a"),
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second, 3, "b"),
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second.AddMilliseconds(900), 3, null),
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", second.AddSeconds(1), 3, "b"),
            };

            EmulatorStats stats = log.Snapshot();
            Assert.Equal(new[] { true, true, true, false, false, true }, passed);
            Assert.Equal(2, stats.RequestLimitExceeded);
            Assert.Equal((2, 0), (stats.Clients["a"].Requests, stats.Clients["a"].RequestLimitExceeded));
            Assert.Equal((3, 1), (stats.Clients["b"].Requests, stats.Clients["b"].RequestLimitExceeded));
            Assert.Equal((1, 1), (stats.Clients[RequestLog.UnnamedClient].Requests, stats.Clients[RequestLog.UnnamedClient].RequestLimitExceeded));
            log.Reset();
            Assert.Empty(log.Snapshot().Clients);
        }

        [Fact]
        public void AFloodOfClientIdsIsCountedTogetherBeyondTheCap()
        {
            var log = new RequestLog();
            for (int i = 0; i < RequestLog.MaxClients + 50; i++)
            {
                log.RecordApiRequest("AKID|DescribeAigcVideoTask", DateTimeOffset.UnixEpoch.AddSeconds(i), 0, "client-" + i);
            }

            EmulatorStats stats = log.Snapshot();
            Assert.Equal(RequestLog.MaxClients + 1, stats.Clients.Count);
            Assert.Equal(RequestLog.MaxClients + 50, stats.Clients.Values.Sum(c => c.Requests));
        }

        private static MpsClient Client(EmulatorServer server, int maxPerSecond)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri(server.BaseUrl),
                Credential = new TencentCredential(EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, null, "test"),
                MaxRequestsPerSecond = maxPerSecond,
                RateLimiter = maxPerSecond == 0 ? null : new RequestRateLimiter(maxPerSecond, SystemClock.Instance),
                Retry = RetryPolicy.None,
            });
        }
    }
}
