using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>When an endpoint is judged down, how requests then take turns to probe it, and when it is back.</summary>
    public class EndpointHealthTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static readonly Uri Endpoint = new Uri("https://mps.example.com/v3?Signature=secret");
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

        private readonly ManualClock _clock = new ManualClock(Start);

        [Fact]
        public async Task AnswersBetweenFailuresKeepItUpAndThreeFailuresInARowJudgeItDown()
        {
            EndpointHealth health = Health();
            await FailAsync(health, Refused());
            await FailAsync(health, Refused());
            // An error the service answered with is an answer: the endpoint is there.
            await FailAsync(health, new MpsServiceException(ErrorIds.TaskNotFound, "no such task", "r-1", "DescribeAigcVideoTask"));
            await FailAsync(health, Refused());
            await FailAsync(health, new MpsException(ErrorIds.HttpServerError, MpsErrorKind.ServiceError, "HTTP 503"));
            Assert.Null(health.Outage);

            _clock.Advance(TimeSpan.FromSeconds(2));
            await FailAsync(health, new MpsServiceException(ErrorIds.ServiceUnavailable, "down", "r-2", "DescribeAigcVideoTask"));

            EndpointOutage outage = Assert.IsType<EndpointOutage>(health.Outage);
            Assert.Equal(1, outage.Number);
            Assert.Equal(ErrorIds.ServiceUnavailable, outage.LastErrorId);
            // Since the run of failures began, not since it was judged.
            Assert.Equal(Start, outage.Since);
        }

        [Fact]
        public async Task OneAttemptThatWaitedLongWithNoAnswerSinceJudgesItDownButNotWhileOthersAreAnswered()
        {
            EndpointHealth health = Health();
            EndpointAttempt slow = await health.EnterAsync("A", CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await AnswerAsync(health);
            _clock.Advance(TimeSpan.FromSeconds(29));
            slow.End(Timeout());
            Assert.Null(health.Outage);

            EndpointAttempt alone = await health.EnterAsync("A", CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(30));
            alone.End(Timeout());

            EndpointOutage outage = Assert.IsType<EndpointOutage>(health.Outage);
            // Nothing has answered since the answer at 1 s.
            Assert.Equal(Start + TimeSpan.FromSeconds(1), outage.Since);
        }

        [Fact]
        public async Task WhileDownOneRequestAtATimeProbesItAtMostOncePerInterval()
        {
            EndpointHealth health = await DownAsync();

            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);
            Task<EndpointAttempt> second = health.EnterAsync("A", CancellationToken.None);
            Task<EndpointAttempt> third = health.EnterAsync("A", CancellationToken.None);
            Assert.True(probe.IsProbe);
            Assert.False(second.IsCompleted || third.IsCompleted);

            probe.End(Refused());
            // Its answer came at once; the next probe is due a second after this one began. The clock moves once
            // both waiters sleep towards it (moved while one still reckons, it would sleep a second too long).
            Assert.False(second.IsCompleted || third.IsCompleted);
            Assert.True(SpinWait.SpinUntil(() => _clock.Sleeping == 2, Bound));
            _clock.Advance(TimeSpan.FromSeconds(1));
            EndpointAttempt next = await Task.WhenAny(second, third).Unwrap().WaitAsync(Bound);
            Assert.True(next.IsProbe);
            Task<EndpointAttempt> other = second.IsCompletedSuccessfully && await second == next ? third : second;
            Assert.False(other.IsCompleted);

            next.End(null);
            EndpointAttempt released = await other.WaitAsync(Bound);
            Assert.False(released.IsProbe);
            Assert.Null(health.Outage);
        }

        [Fact]
        public async Task AnAnswerEndsTheOutageAndSaysHowLongItLasted()
        {
            EndpointHealth health = await DownAsync();
            _clock.Advance(TimeSpan.FromSeconds(62));
            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);

            probe.End(null);

            Assert.Null(health.Outage);
            EndpointOutage ended = Assert.IsType<EndpointOutage>(health.LastEnded);
            Assert.Equal(Start + TimeSpan.FromSeconds(62), ended.EndedAt);
            Assert.StartsWith("https://mps.example.com answers again, after 1 min 2 s unreachable (since ", ended.BackWarning());
        }

        [Fact]
        public async Task ItsWarningAndStatusNameTheEndpointNeverItsPathOrQuery()
        {
            EndpointHealth health = await DownAsync();
            EndpointOutage outage = health.Outage!;

            Assert.Equal("https://mps.example.com", health.Name);
            Assert.Matches(@"^https://mps\.example\.com is unreachable since (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d \(ConnectionRefused\): one request a second", outage.DownWarning());
            Assert.Matches(@"^service unreachable since (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d; retrying$", outage.ToString());
            Assert.DoesNotContain("secret", outage.DownWarning() + outage.BackWarning() + outage);
        }

        [Fact]
        public async Task PastItsPatienceARequestTakesTheLatestProbesAnswerAndIsNotSent()
        {
            EndpointHealth health = await DownAsync();
            _clock.Advance(health.Patience);
            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);
            probe.End(Refused());

            MpsException held = await Assert.ThrowsAsync<MpsException>(() => health.EnterAsync("DescribeAigcVideoTask", CancellationToken.None));

            Assert.Equal(ErrorIds.EndpointUnreachable, held.ErrorId);
            Assert.Equal(MpsErrorKind.Connection, held.Kind);
            Assert.StartsWith("DescribeAigcVideoTask: https://mps.example.com has not answered since ", held.Message);
            Assert.Contains("(the latest attempt: ConnectionRefused), so this request was held back, not sent.", held.Message);
            // Nothing happened, so even a create may go again; and a Wait polls it again later.
            Assert.True(RetryRules.ProvesNothingHappened(held));
            Assert.True(RetryRules.IsTransient(held));
        }

        [Fact]
        public async Task PastItsPatienceARequestWaitsForTheProbeOnItsWayButNotForAnother()
        {
            EndpointHealth health = await DownAsync();
            _clock.Advance(health.Patience);
            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);
            Task<EndpointAttempt> waiting = health.EnterAsync("A", CancellationToken.None);
            Assert.False(waiting.IsCompleted);

            _clock.Advance(TimeSpan.FromMilliseconds(500));
            probe.End(Refused());

            MpsException held = await Assert.ThrowsAsync<MpsException>(() => waiting.WaitAsync(Bound));
            Assert.Equal(ErrorIds.EndpointUnreachable, held.ErrorId);
        }

        [Fact]
        public async Task AWaitingRequestEndsAtOnceWhenCancelled()
        {
            EndpointHealth health = await DownAsync();
            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            Task<EndpointAttempt> waiting = health.EnterAsync("A", cancel.Token);

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
            Assert.True(probe.IsProbe);
        }

        [Fact]
        public async Task AProbeGivenUpLetsTheNextRequestProbeAtOnce()
        {
            EndpointHealth health = await DownAsync();
            EndpointAttempt probe = await health.EnterAsync("A", CancellationToken.None);
            Task<EndpointAttempt> waiting = health.EnterAsync("A", CancellationToken.None);

            probe.Dispose();

            Assert.True((await waiting.WaitAsync(Bound)).IsProbe);
        }

        [Theory]
        [InlineData(ErrorIds.ConnectionRefused, MpsErrorKind.Connection, true)]
        [InlineData(ErrorIds.ConnectionFailed, MpsErrorKind.Connection, true)]
        [InlineData(ErrorIds.RequestTimeout, MpsErrorKind.Timeout, true)]
        [InlineData(ErrorIds.HttpServerError, MpsErrorKind.ServiceError, true)]
        [InlineData(ErrorIds.TlsFailure, MpsErrorKind.Security, false)]
        [InlineData(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, false)]
        public void TheOneTestOfUnreachableTakesConnectionsTimeoutsAndServerErrors(string errorId, MpsErrorKind kind, bool unreachable)
        {
            Assert.Equal(unreachable, RetryRules.IsUnreachable(new MpsException(errorId, kind, "x")));
        }

        [Theory]
        [InlineData(ErrorIds.ServiceInternalError, true)]
        [InlineData(ErrorIds.ServiceUnavailable, true)]
        [InlineData(ErrorIds.RequestLimitExceeded, false)]
        [InlineData(ErrorIds.TaskNotFound, false)]
        [InlineData(ErrorIds.SignatureExpired, false)]
        public void TheServicesOwnCodesAreUnreachableOnlyForItsInternalErrors(string code, bool unreachable)
        {
            Assert.Equal(unreachable, RetryRules.IsUnreachable(new MpsServiceException(code, "x", "r", "A")));
        }

        /// <summary>
        /// Entries, answers, failures, give-ups and cancellations race from several threads, thousands of times:
        /// never two probes out at once, never a request left waiting, and each log told of each outage once,
        /// "back" only after "down".
        /// </summary>
        [Fact]
        public async Task RacingRequestsNeverLetTwoProbesOutNorLoseAWaiterNorWarnTwice()
        {
            var random = new Random(21);
            for (int round = 0; round < 2000; round++)
            {
                var health = new EndpointHealth(
                    Endpoint, SystemClock.Instance, EndpointHealth.DefaultSlowFailure,
                    TimeSpan.FromMilliseconds(random.Next(0, 2)), TimeSpan.FromMilliseconds(random.Next(0, 3)));
                var log = new ListLog();
                var watch = new EndpointWatch(health, log);
                int probesOut = 0;
                int mostProbesOut = 0;
                int seed = random.Next();
                Task[] workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    var own = new Random(seed + w);
                    for (int i = 0; i < 12; i++)
                    {
                        using var cancel = new CancellationTokenSource();
                        if (own.Next(10) == 0)
                        {
                            cancel.CancelAfter(own.Next(0, 2));
                        }
                        EndpointAttempt attempt;
                        try
                        {
                            attempt = await watch.EnterAsync("A", cancel.Token);
                        }
                        catch (MpsException e) when (e.ErrorId == ErrorIds.EndpointUnreachable)
                        {
                            continue;
                        }
                        catch (OperationCanceledException)
                        {
                            continue;
                        }
                        if (attempt.IsProbe)
                        {
                            int now = Interlocked.Increment(ref probesOut);
                            InterlockedMax(ref mostProbesOut, now);
                        }
                        await Task.Yield();
                        if (attempt.IsProbe)
                        {
                            Interlocked.Decrement(ref probesOut);
                        }
                        switch (own.Next(6))
                        {
                            case 0: watch.End(attempt, null); break;
                            case 1: attempt.Dispose(); break;
                            default: watch.End(attempt, Refused()); break;
                        }
                    }
                })).ToArray();

                await Task.WhenAll(workers).WaitAsync(Bound);
                // Nothing held the probe when all ended: one more request is let through or held, never left waiting.
                try
                {
                    (await health.EnterAsync("A", CancellationToken.None).WaitAsync(Bound)).Dispose();
                }
                catch (MpsException e) when (e.ErrorId == ErrorIds.EndpointUnreachable)
                {
                }
                Assert.True(mostProbesOut <= 1, "round " + round + ": " + mostProbesOut + " probes out at once");
                AssertWarningsAlternate(log.Lines.ToArray(), round);
            }
        }

        private static void AssertWarningsAlternate(string[] lines, int round)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                string expected = i % 2 == 0 ? " is unreachable since " : " answers again, after ";
                Assert.True(lines[i].Contains(expected), "round " + round + ", warning " + i + ": " + lines[i]);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private EndpointHealth Health()
        {
            return new EndpointHealth(Endpoint, _clock);
        }

        private async Task<EndpointHealth> DownAsync()
        {
            EndpointHealth health = Health();
            for (int i = 0; i < EndpointHealth.FailuresToJudgeDown; i++)
            {
                await FailAsync(health, Refused());
            }
            Assert.NotNull(health.Outage);
            return health;
        }

        private static async Task FailAsync(EndpointHealth health, MpsException failure)
        {
            (await health.EnterAsync("A", CancellationToken.None)).End(failure);
        }

        private static async Task AnswerAsync(EndpointHealth health)
        {
            (await health.EnterAsync("A", CancellationToken.None)).End(null);
        }

        private static MpsException Refused()
        {
            return new MpsException(ErrorIds.ConnectionRefused, MpsErrorKind.Connection, "A: cannot reach mps.example.com: Connection refused");
        }

        private static MpsException Timeout()
        {
            return new MpsException(ErrorIds.RequestTimeout, MpsErrorKind.Timeout, "A: no answer within 30 s.");
        }
    }
}
