using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using MpsAigc.Tasks;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>A refusal for rate slows the budget down, and it grows back: on a fake clock, so every figure is exact.</summary>
    public class AdaptiveRateTests
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

        [Fact]
        public void TheRateDropsToBetaOfThePeakAndGrowsBackNeverAboveTheLimit()
        {
            const int Limit = 50;
            const double Peak = 20;
            double plateau = Math.Pow(Peak * (1 - AdaptiveRate.Beta) / AdaptiveRate.Scale, 1.0 / 3);

            Assert.Equal(Limit, AdaptiveRate.At(Limit, 0, TimeSpan.Zero));
            Assert.Equal(Peak * AdaptiveRate.Beta, AdaptiveRate.At(Limit, Peak, TimeSpan.Zero), 9);
            Assert.Equal(Peak, AdaptiveRate.At(Limit, Peak, TimeSpan.FromSeconds(plateau)), 9);
            double last = 0;
            for (int tenth = 0; tenth <= 200; tenth++)
            {
                double rate = AdaptiveRate.At(Limit, Peak, TimeSpan.FromSeconds(tenth / 10.0));
                Assert.True(rate >= last, "the rate never shrinks while nothing is refused");
                Assert.InRange(rate, AdaptiveRate.Min, Limit);
                last = rate;
            }
            Assert.Equal(Limit, last);
        }

        [Fact]
        public void APeakIsTheAllowedRateTimesTheShareOfAnswersThatGotThrough()
        {
            Assert.Equal(12.5, AdaptiveRate.PeakAfterRefusal(50, 50, 40, 30));
            Assert.Equal(29.4, AdaptiveRate.PeakAfterRefusal(50, 30, 50, 1), 9);
            Assert.Equal(AdaptiveRate.Min, AdaptiveRate.PeakAfterRefusal(50, 50, 3, 3));
            Assert.Equal(AdaptiveRate.Min, AdaptiveRate.PeakAfterRefusal(50, 50, 0, 0));
        }

        [Fact]
        public async Task ARefusalCutsTheRateByTheShareThatGotThroughAndSaysSo()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(10, Window, clock);
            var log = new LevelLog();
            // Four answered and let through; the fifth refused: four fifths of 10 got through.
            for (int i = 0; i < 4; i++)
            {
                (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            }
            RateLease refused = await limiter.AcquireAsync(CancellationToken.None);
            refused.Dispose();

            await limiter.RefusedAsync(refused, log, "DescribeAigcVideoTask");

            RateReading reading = limiter.Reading;
            Assert.Equal(8 * AdaptiveRate.Beta, reading.AllowedPerSecond, 9);
            Assert.Equal(10, reading.Limit);
            string line = Assert.Single(log.VerboseLines);
            Assert.Contains("DescribeAigcVideoTask: the service refused a request for its rate", line);
            Assert.Contains("at most 5.6/s from now on (was 10)", line);
            Assert.Contains("held to 5.6 of 10", reading.ToString());
        }

        [Fact]
        public async Task RefusalsOfRequestsSentBeforeTheCutDoNotCutAgain()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(10, Window, clock);
            var log = new LevelLog();
            RateLease[] crowd = { await limiter.AcquireAsync(CancellationToken.None), await limiter.AcquireAsync(CancellationToken.None), await limiter.AcquireAsync(CancellationToken.None) };
            foreach (RateLease lease in crowd)
            {
                lease.Dispose();
            }

            foreach (RateLease lease in crowd)
            {
                await limiter.RefusedAsync(lease, log, "DescribeAigcVideoTask");
            }
            double afterCrowd = limiter.Reading.AllowedPerSecond;
            RateLease later = await limiter.AcquireAsync(CancellationToken.None);
            later.Dispose();
            await limiter.RefusedAsync(later, log, "DescribeAigcVideoTask");

            // One cut for the three sent together, one more for the one sent at the cut rate.
            Assert.Equal(2, log.VerboseLines.Count);
            Assert.True(limiter.Reading.AllowedPerSecond < afterCrowd);
        }

        [Fact]
        public async Task AfterACutNoWindowCarriesMoreThanTheRateAllowsAndTheRateComesBack()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(20, Window, clock);
            var log = new LevelLog();
            for (int i = 0; i < 9; i++)
            {
                (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            }
            RateLease refused = await limiter.AcquireAsync(CancellationToken.None);
            refused.Dispose();
            await limiter.RefusedAsync(refused, log, "DescribeAigcVideoTask");
            TimeSpan cutAt = clock.Elapsed;
            // Nine of ten answers got through at 20 a window.
            const double peak = 18;
            Assert.Equal(peak * AdaptiveRate.Beta, limiter.Reading.AllowedPerSecond, 9);

            var starts = new List<TimeSpan>();
            while (clock.Elapsed - cutAt < TimeSpan.FromSeconds(30))
            {
                using (await limiter.AcquireAsync(CancellationToken.None))
                {
                    starts.Add(clock.Elapsed);
                }
            }

            // Never more in a window than the rate allowed at its start (it only grows while nothing is refused).
            for (int i = 0; i < starts.Count; i++)
            {
                int inWindow = starts.Skip(i).TakeWhile(t => t - starts[i] < Window).Count();
                Assert.True(inWindow <= Math.Floor(AdaptiveRate.At(20, peak, starts[i] - cutAt + Window)) + 1, "window at " + starts[i] + " carried " + inWindow);
            }
            // And it grows back to the full limit: the last five windows carried 20 each.
            Assert.Equal(20, limiter.Reading.AllowedPerSecond);
            TimeSpan last = starts[^1];
            Assert.Equal(100, starts.Count(t => t < last && last - t <= 5 * Window));
        }

        [Fact]
        public async Task ARefusedRequestIsCutAndWaitsForTheLimiterInsteadOfRetryingAtOnce()
        {
            var clock = new FakeClock(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
            var handler = new StubHandler(i => i == 0
                ? StubHandler.Json("{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded.UinLimitExceeded\",\"Message\":\"slow down\"},\"RequestId\":\"r\"}}")
                : StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[],\"RequestId\":\"r-2\"}}"));
            var log = new LevelLog();
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri("http://127.0.0.1:9"),
                Credential = new TencentCredential("AKIDtest", "key", null, "test"),
                Handler = handler,
                Clock = clock,
                RateLimiter = new RequestRateLimiter(2, Window, clock),
                Log = log,
            });

            VideoTask task = await client.DescribeAsync("t", CancellationToken.None);

            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Contains(log.VerboseLines, l => l.Contains("refused a request for its rate") && l.Contains("(was 2)"));
            Assert.Contains(log.VerboseLines, l => l.Contains("retrying when the rate limit allows (attempt 2 of 5)"));
            // The retry took the budget's next slot: a window after the refused answer, rather than a backoff
            // of its own or none at all.
            long first = long.Parse(handler.Requests[0].Headers["X-TC-Timestamp"]);
            long second = long.Parse(handler.Requests[1].Headers["X-TC-Timestamp"]);
            Assert.Equal(1, second - first);
            Assert.InRange(client.RateOf(VideoKind.Kind.Describe)!.AllowedPerSecond, AdaptiveRate.Min, 1);
        }

        [Fact]
        public async Task EachActionDrawsFromItsOwnBudgetAtItsDocumentedLimit()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"TaskId\":\"t\",\"Status\":\"WAIT\",\"RequestId\":\"r\"}}"));
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri("http://127.0.0.1:" + new Random().Next(20000, 30000)),
                Credential = new TencentCredential("AKIDbudget" + Guid.NewGuid().ToString("N"), "key", null, "test"),
                Handler = handler,
            });

            await client.DescribeAsync("t", CancellationToken.None);
            await client.CreateAsync(new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None);

            Assert.Equal(50, client.RateOf(VideoKind.Kind.Describe)!.Limit);
            Assert.Equal(10, client.RateOf(VideoKind.Kind.Create)!.Limit);
            Assert.Equal(RateLimitScope.Process, client.RateOf(VideoKind.Kind.Describe)!.Scope);
            // Every request names this process, outside the signature (content-type;host, as the SDKs sign).
            Assert.All(handler.Requests, r => Assert.Equal(MpsClient.ClientId, r.Headers[MpsClient.ClientHeader]));
            Assert.All(handler.Requests, r => Assert.Contains("SignedHeaders=content-type;host,", r.Headers["Authorization"]));
        }

        [Fact]
        public async Task AColdClientOfAProcessBudgetSendsOneRequestUntilItsAnswerIsIn()
        {
            var firstAnswer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var handler = new HeldFirstAnswer(firstAnswer.Task);
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri("http://127.0.0.1:9"),
                Credential = new TencentCredential("AKIDtest", "key", null, "test"),
                Handler = handler,
                RateLimiter = new RequestRateLimiter(50, SystemClock.Instance),
            });

            Task<VideoTask>[] calls = Enumerable.Range(0, 3).Select(i => client.DescribeAsync("done-" + i, CancellationToken.None)).ToArray();
            await Task.Delay(100);
            int beforeTheAnswer = handler.Sent;
            firstAnswer.SetResult(true);
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

            // Held up by the first answer (JIT, a connection to open), the others would have reached the service together.
            Assert.Equal(1, beforeTheAnswer);
            Assert.Equal(3, handler.Sent);
        }

        /// <summary>Answers DONE; the first answer only once the test lets it go.</summary>
        private sealed class HeldFirstAnswer : System.Net.Http.HttpMessageHandler
        {
            private readonly Task _release;
            private int _sent;

            public HeldFirstAnswer(Task release)
            {
                _release = release;
            }

            public int Sent => Volatile.Read(ref _sent);

            protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _sent) == 1)
                {
                    await _release;
                }
                return StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[],\"RequestId\":\"r\"}}");
            }
        }
    }
}
