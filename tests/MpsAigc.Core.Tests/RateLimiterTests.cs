using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class RateLimiterTests
    {
        [Fact]
        public async Task NeverMoreThanTheLimitInAnyWindow()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(50, TimeSpan.FromSeconds(1), clock);
            var starts = new List<TimeSpan>();

            for (int i = 0; i < 500; i++)
            {
                (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
                starts.Add(clock.Elapsed);
            }

            for (int i = 50; i < starts.Count; i++)
            {
                // The 51st start after any start is at least one window later.
                Assert.True(starts[i] - starts[i - 50] >= TimeSpan.FromSeconds(1), "start " + i + " came too early");
            }
            // And the limiter is not wastefully slow: a process's own budget lets a quarter of a window's
            // requests go at once (13) and spaces the rest evenly at 50 a window: the 14th at 10 ms, then one
            // every 20 ms, so the 500th starts at 9.73 s.
            Assert.Equal(TimeSpan.FromMilliseconds(9730), starts[^1]);
        }

        [Fact]
        public async Task ConcurrentAcquirersShareOneBudget()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(10, TimeSpan.FromSeconds(1), clock);
            var starts = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 25; i++)
                {
                    using (await limiter.AcquireAsync(CancellationToken.None))
                    {
                        starts.Add(clock.Elapsed);
                    }
                }
            })));

            TimeSpan[] ordered = starts.OrderBy(t => t).ToArray();
            Assert.Equal(200, ordered.Length);
            for (int i = 10; i < ordered.Length; i++)
            {
                Assert.True(ordered[i] - ordered[i - 10] >= TimeSpan.FromSeconds(1));
            }
        }

        [Fact]
        public async Task ASlotIsFreeOneWindowAfterItsAnswerNotItsStart()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(2, TimeSpan.FromSeconds(1), clock);

            IDisposable first = await limiter.AcquireAsync(CancellationToken.None);
            // Two a window are spaced: the second goes a quarter of a window later.
            IDisposable second = await limiter.AcquireAsync(CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(250), clock.Elapsed);
            clock.Advance(TimeSpan.FromMilliseconds(500));
            first.Dispose();
            clock.Advance(TimeSpan.FromMilliseconds(100));
            second.Dispose();
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();

            // The first answer came at 0.75 s: its slot was free again at 1.75 s, not a window after it started.
            Assert.Equal(TimeSpan.FromMilliseconds(1750), clock.Elapsed);
        }

        [Fact]
        public async Task WhenEverySlotIsInFlightTheNextRequestWaitsForAnAnswer()
        {
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            var limiter = new RequestRateLimiter(1, TimeSpan.FromSeconds(1), clock);
            IDisposable inFlight = await limiter.AcquireAsync(CancellationToken.None);

            Task<RateLease> waiting = limiter.AcquireAsync(CancellationToken.None);
            await Task.Delay(50);
            Assert.False(waiting.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(300));
            inFlight.Dispose();
            (await waiting).Dispose();

            Assert.Equal(TimeSpan.FromMilliseconds(1300), clock.Elapsed);
        }

        [Fact]
        public async Task CancellationEndsTheWait()
        {
            var limiter = new RequestRateLimiter(1, TimeSpan.FromHours(1), SystemClock.Instance);
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(cancel.Token));
        }

        [Fact]
        public void TheRegistrySharesOneLimiterPerEndpointAccountAndAction()
        {
            const string Describe = "DescribeAigcVideoTask";
            var a = RateLimiterRegistry.For(new Uri("https://mps.example/"), "AKID1", Describe, 50, RateLimitScope.Process);
            var b = RateLimiterRegistry.For(new Uri("https://MPS.example"), "AKID1", Describe, 50, RateLimitScope.Process);
            var c = RateLimiterRegistry.For(new Uri("https://mps.example/"), "AKID2", Describe, 50, RateLimitScope.Process);
            var d = RateLimiterRegistry.For(new Uri("https://mps.example/"), "AKID1", "CreateAigcVideoTask", 10, RateLimitScope.Process);

            Assert.Same(a, b);
            Assert.NotSame(a, c);
            Assert.NotSame(a, d);
            Assert.Equal(RateLimitScope.Process, a?.Scope);
            Assert.Null(RateLimiterRegistry.For(new Uri("https://mps.example/"), "AKID1", Describe, 0, RateLimitScope.Process));
        }

        [Fact]
        public void EachActionHasItsDocumentedLimit()
        {
            Assert.Equal(50, VideoKind.Kind.Describe.DocumentedLimit);
            Assert.Equal(10, VideoKind.Kind.Create.DocumentedLimit);
            Assert.Equal(20, ImageKind.Kind.Describe.DocumentedLimit);
            Assert.Equal(20, ImageKind.Kind.Create.DocumentedLimit);
            Assert.Equal(ApiAction.UndocumentedLimit, new ApiAction("SomeFutureAction").DocumentedLimit);
        }

        [Fact]
        public void RetryDelaysGrowAreCappedAndJittered()
        {
            var policy = new RetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

            Assert.Equal(TimeSpan.FromMilliseconds(50), policy.DelayAfter(1, 0));
            Assert.Equal(TimeSpan.FromMilliseconds(100), policy.DelayAfter(1, 1));
            Assert.Equal(TimeSpan.FromMilliseconds(200), policy.DelayAfter(3, 0.5).Add(TimeSpan.FromMilliseconds(-100)));
            Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(9, 1));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayAfter(30, 0));
            for (int attempt = 1; attempt < 10; attempt++)
            {
                Assert.InRange(policy.DelayAfter(attempt), policy.DelayAfter(attempt, 0), policy.DelayAfter(attempt, 1));
            }
        }
    }
}
