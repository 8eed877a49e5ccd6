using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Credentials;
using MpsAigc.Http;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    public class RateLimitTests
    {
        [Fact]
        public async Task RequestsOverTheLimitInOneSecondAreRefused()
        {
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 5 });
            MpsClient client = Client(server, maxPerSecond: 0);

            // 30 at once land within far less than a second: at most 5 of any one second pass.
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
            Assert.InRange(refused, 20, 25);
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
