using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// One renewal serves every caller; renewal starts min(300 s, a quarter of the lifetime) before the end;
    /// nobody waits while valid keys exist; failures back off. Time is a fake clock; the fetch a script.
    /// </summary>
    public class RenewingCredentialSourceTests
    {
        private const string Name = "CvmRole mps-runbook";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        private static readonly TimeSpan TwoHours = TimeSpan.FromSeconds(7200);

        private readonly FakeClock _clock = new FakeClock(Start);

        [Fact]
        public async Task TheFirstGetFetchesOnceAndLaterCallsReuseTheKeys()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            Assert.True(source.Renews);
            Assert.Null(source.Current);
            Assert.Equal(0, source.Fetches);

            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            for (int i = 0; i < 100; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(60));
                Assert.Same(first, await source.GetAsync(NullLog.Instance, CancellationToken.None));
            }

            Assert.Equal("id-1", first.SecretId);
            Assert.Equal("key-1", first.SecretKey);
            Assert.Equal("token-1", first.SessionToken);
            Assert.Same(first, source.Current);
            Assert.Equal(1, fetch.Calls);
            Assert.Equal(1, source.Fetches);
        }

        [Fact]
        public async Task AThousandCallersStartedTogetherShareOneFetch()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            TaskCompletionSource<TencentCredential> pending = fetch.ThenWait();
            RenewingCredentialSource source = Source(fetch);
            var go = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<TencentCredential>[] callers = Enumerable.Range(0, 1000)
                .Select(_ => Task.Run(async () =>
                {
                    await go.Task;
                    return await source.GetAsync(NullLog.Instance, CancellationToken.None);
                }))
                .ToArray();

            go.SetResult(true);
            await fetch.WaitForCallsAsync(1);
            TencentCredential keys = fetch.Keys(1);
            pending.SetResult(keys);
            TencentCredential[] got = await Eventually.WithinAsync(Task.WhenAll(callers), "the callers");

            Assert.All(got, k => Assert.Same(keys, k));
            Assert.Equal(1, fetch.Calls);
            Assert.Equal(1, source.Fetches);
        }

        [Fact]
        public async Task CallersRacingTheEndOfTheFetchNeverStartASecondOne()
        {
            var failures = new List<string>();
            for (int i = 0; i < 3000; i++)
            {
                var fetch = new ScriptedFetch(_clock, TwoHours);
                TaskCompletionSource<TencentCredential> pending = fetch.ThenWait();
                RenewingCredentialSource source = Source(fetch);
                var keys = new TencentCredential("id-" + i, "key", "token", "test", _clock.UtcNow + TwoHours);

                Task<TencentCredential> first = source.GetAsync(NullLog.Instance, CancellationToken.None);
                Task complete = Task.Run(() => pending.SetResult(keys));
                Task<TencentCredential> racer = Task.Run(() => source.GetAsync(NullLog.Instance, CancellationToken.None));
                await Eventually.WithinAsync(Task.WhenAll(first, racer, complete), "iteration " + i);
                TencentCredential after = await source.GetAsync(NullLog.Instance, CancellationToken.None);

                if (fetch.Calls != 1 || await first != keys || await racer != keys || after != keys)
                {
                    failures.Add("iteration " + i + ": " + fetch.Calls + " fetches");
                }
            }

            Assert.Empty(failures);
        }

        [Theory]
        [InlineData(7200, 6900)]
        [InlineData(40, 30)]
        public async Task RenewalStartsWhenLessThanMin300sOrAQuarterOfTheLifetimeRemains(int lifetimeSeconds, int renewAtSeconds)
        {
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromSeconds(lifetimeSeconds));
            RenewingCredentialSource source = Source(fetch);
            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);

            _clock.Advance(TimeSpan.FromSeconds(renewAtSeconds - 1));
            var early = new LevelLog();
            Assert.Same(first, await source.GetAsync(early, CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(1));
            var due = new LevelLog();
            Assert.Same(first, await source.GetAsync(due, CancellationToken.None));

            // The renewal is logged to the caller that started it: the one at the due time, not the one before.
            await Eventually.TrueAsync(() => due.Has("renewed"), "the renewal");
            Assert.Empty(early.Lines);
            Assert.Equal(2, fetch.Calls);
            Assert.Equal("id-2", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
            Assert.Equal(2, source.Fetches);
        }

        [Fact]
        public async Task WhileARenewalIsInFlightCallersGetTheCurrentKeysWithoutWaiting()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            TaskCompletionSource<TencentCredential> renewal = fetch.ThenWait();

            _clock.Advance(TimeSpan.FromSeconds(6900));
            Task<TencentCredential> starter = source.GetAsync(NullLog.Instance, CancellationToken.None);
            Assert.True(starter.IsCompletedSuccessfully);
            Assert.Same(first, await starter);
            await fetch.WaitForCallsAsync(2);
            for (int i = 0; i < 100; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                Task<TencentCredential> call = source.GetAsync(NullLog.Instance, CancellationToken.None);
                Assert.True(call.IsCompletedSuccessfully, "call " + i + " waited for the renewal");
                Assert.Same(first, await call);
            }
            Assert.Equal(2, fetch.Calls);

            TencentCredential fresh = fetch.Keys(2);
            renewal.SetResult(fresh);
            await Eventually.TrueAsync(() => source.Current == fresh, "the renewed keys");

            Assert.Same(fresh, await source.GetAsync(NullLog.Instance, CancellationToken.None));
            Assert.Equal(2, fetch.Calls);
        }

        [Fact]
        public async Task AFailedRenewalKeepsTheValidKeysAndIsRetriedOnlyAfterTheBackoff()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            fetch.ThenFail(new MpsException("MetadataUnreachable", MpsErrorKind.Connection, "the metadata service is unreachable: connection refused."));

            _clock.Advance(TimeSpan.FromSeconds(6900));
            var failedLog = new LevelLog();
            Assert.Same(first, await source.GetAsync(failedLog, CancellationToken.None));
            await Eventually.TrueAsync(() => failedLog.Has("failed"), "the failed renewal");
            string said = Assert.Single(failedLog.VerboseLines);
            Assert.Contains(Name, said);
            Assert.Contains("connection refused", said);
            Assert.Contains("stay in use", said);

            // The first backoff is between 0.5 and 1 s (half fixed, half jitter).
            _clock.Advance(TimeSpan.FromSeconds(0.4));
            var early = new LevelLog();
            Assert.Same(first, await source.GetAsync(early, CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.6));
            var later = new LevelLog();
            Assert.Same(first, await source.GetAsync(later, CancellationToken.None));
            await Eventually.TrueAsync(() => later.Has("renewed"), "the retried renewal");

            Assert.Empty(early.Lines);
            Assert.Equal(3, fetch.Calls);
            Assert.Equal("id-3", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
        }

        [Fact]
        public async Task FailingRenewalsAreRetriedUntilShortlyBeforeTheKeysRunOut()
        {
            // Lifetime 40 s: renewal due at 30 s. Every renewal fails; the backoff doubles (0.5-1 s, 1-2 s,
            // 2-4 s, 4-8 s...) but never carries the next try past the end of the keys in use.
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromSeconds(40));
            RenewingCredentialSource source = Source(fetch);
            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            for (int i = 0; i < 100; i++)
            {
                fetch.ThenFail(new MpsException("MetadataUnreachable", MpsErrorKind.Connection, "unreachable."));
            }
            var log = new LevelLog();

            for (int tenths = 1; tenths < 400; tenths++)
            {
                _clock.Advance(TimeSpan.FromSeconds(0.1));
                Assert.Same(first, await source.GetAsync(log, CancellationToken.None));
                await Renewals.SettleAsync(source);
            }

            DateTimeOffset[] tries = fetch.CallTimes.Skip(1).ToArray();
            Assert.InRange(tries.Length, 4, 12);
            Assert.Equal(Start.AddSeconds(30), tries[0]);
            Assert.True(tries[^1] >= Start.AddSeconds(38), "the last try was at " + (tries[^1] - Start).TotalSeconds + " s, more than 2 s before the keys ran out");
            for (int i = 1; i < tries.Length; i++)
            {
                Assert.True(tries[i] - tries[i - 1] >= TimeSpan.FromSeconds(0.5), "tries " + i + " and " + (i + 1) + " came without backoff");
            }
        }

        [Fact]
        public async Task ARenewalFailingAfterExpiryFailsTheCallerNamingTheSourceThenFailsFastUntilTheBackoffPasses()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            await source.GetAsync(NullLog.Instance, CancellationToken.None);
            fetch.ThenFail(new MpsException("MetadataUnreachable", MpsErrorKind.Connection, "the metadata service at http://metadata.tencentyun.com is unreachable: connection refused."));

            _clock.Advance(TwoHours + TimeSpan.FromSeconds(1));
            var error = await Assert.ThrowsAsync<CredentialException>(() => source.GetAsync(NullLog.Instance, CancellationToken.None));

            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.StartsWith(Name + ": ", error.Message);
            Assert.Contains("unreachable: connection refused", error.Message);
            Assert.DoesNotContain("key-1", error.Message);
            Assert.DoesNotContain("token-1", error.Message);
            Assert.Equal(2, fetch.Calls);

            for (int i = 0; i < 4; i++)
            {
                // Within the backoff: the same error at once, and nothing is asked.
                Task<TencentCredential> fast = source.GetAsync(NullLog.Instance, CancellationToken.None);
                Assert.True(fast.IsFaulted);
                var again = await Assert.ThrowsAsync<CredentialException>(() => fast);
                Assert.Equal("CredentialUnavailable", again.ErrorId);
                Assert.StartsWith(Name + ": ", again.Message);
                _clock.Advance(TimeSpan.FromSeconds(0.1));
            }
            Assert.Equal(2, fetch.Calls);

            _clock.Advance(TimeSpan.FromSeconds(0.6));
            Assert.Equal("id-3", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
            Assert.Equal(3, fetch.Calls);
        }

        [Fact]
        public async Task AFetchFailingInAnUnforeseenWayDoesNotWedgeTheSource()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            fetch.Then(_ => throw new InvalidOperationException("The requested operation requires an element of type 'Object', but the target element has type 'Array'."));
            RenewingCredentialSource source = Source(fetch);

            var error = await Assert.ThrowsAsync<CredentialException>(() => source.GetAsync(NullLog.Instance, CancellationToken.None));
            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.StartsWith(Name + ": ", error.Message);

            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("id-2", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
            Assert.Equal(2, fetch.Calls);
        }

        [Fact]
        public async Task KeysThatLookExpiredOnArrivalCostOneFetchASecondNotOnePerCall()
        {
            // A clock ahead of the service's: every key looks expired when it comes.
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromSeconds(-30));
            RenewingCredentialSource source = Source(fetch);

            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            for (int i = 0; i < 50; i++)
            {
                Assert.Same(first, await source.GetAsync(NullLog.Instance, CancellationToken.None));
            }
            Assert.Equal(1, fetch.Calls);

            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("id-2", (await source.GetAsync(NullLog.Instance, CancellationToken.None)).SecretId);
            Assert.Equal(2, fetch.Calls);
        }

        [Fact]
        public async Task RejectingTheCurrentKeysForcesAFetchAndRejectingOlderOnesDoesNothing()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            TencentCredential first = await source.GetAsync(NullLog.Instance, CancellationToken.None);

            source.Reject(first);
            TencentCredential second = await source.GetAsync(NullLog.Instance, CancellationToken.None);
            Assert.Equal("id-2", second.SecretId);
            Assert.Equal(2, fetch.Calls);

            // A call that was signed with the old keys was refused late: the new ones stay.
            source.Reject(first);
            source.Reject(new TencentCredential("id-2", "key-2", "token-2", "a copy", second.Expiration));
            source.Reject(null);
            Task<TencentCredential> call = source.GetAsync(NullLog.Instance, CancellationToken.None);
            Assert.True(call.IsCompletedSuccessfully);
            Assert.Same(second, await call);
            Assert.Equal(2, fetch.Calls);
        }

        [Fact]
        public async Task CancellingOneWaitingCallerDoesNotCancelTheSharedFetch()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            TaskCompletionSource<TencentCredential> pending = fetch.ThenWait();
            RenewingCredentialSource source = Source(fetch);
            using var cancel = new CancellationTokenSource();

            Task<TencentCredential> starter = source.GetAsync(NullLog.Instance, cancel.Token);
            Task<TencentCredential> other = source.GetAsync(NullLog.Instance, CancellationToken.None);
            await fetch.WaitForCallsAsync(1);
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(starter, "the cancelled caller"));
            Assert.False(other.IsCompleted);
            Assert.False(fetch.Tokens[0].CanBeCanceled);
            TencentCredential keys = fetch.Keys(1);
            pending.SetResult(keys);
            Assert.Same(keys, await Eventually.WithinAsync(other, "the other caller"));
            Assert.Same(keys, await source.GetAsync(NullLog.Instance, CancellationToken.None));
            Assert.Equal(1, fetch.Calls);
        }

        [Fact]
        public async Task GettingAndRenewingKeysIsSaidInDebugNamingTheSourceButNeverTheKeyOrToken()
        {
            var fetch = new ScriptedFetch(_clock, TwoHours);
            RenewingCredentialSource source = Source(fetch);
            var log = new LevelLog();

            await source.GetAsync(log, CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(6900));
            fetch.ThenFail(new MpsException("InvalidParameter.ParamError", MpsErrorKind.InvalidArgument, "InvalidParameter.ParamError: the role is wrong."));
            await source.GetAsync(log, CancellationToken.None);
            await Eventually.TrueAsync(() => log.Has("failed"), "the failed renewal");
            _clock.Advance(TimeSpan.FromSeconds(1));
            await source.GetAsync(log, CancellationToken.None);
            await Eventually.TrueAsync(() => log.Has("renewed"), "the renewal");

            Assert.Equal(2, log.DebugLines.Count);
            Assert.Contains("got keys from " + Name, log.DebugLines[0]);
            Assert.Contains("SecretId id-1", log.DebugLines[0]);
            Assert.Contains("renewed " + Name, log.DebugLines[1]);
            Assert.Contains("SecretId id-3", log.DebugLines[1]);
            Assert.Contains(Name, Assert.Single(log.VerboseLines));
            foreach ((string _, string text) in log.Lines)
            {
                foreach (string secret in new[] { "key-1", "token-1", "key-3", "token-3" })
                {
                    Assert.DoesNotContain(secret, text);
                }
            }
        }

        [Fact]
        public async Task OverTenLifetimesTheKeysAreFetchedAboutOnceEveryThreeQuartersOfALifetime()
        {
            // Lifetime 40 s: renewal 10 s (a quarter) before the end, so about every 30 s; a call every second.
            var fetch = new ScriptedFetch(_clock, TimeSpan.FromSeconds(40));
            RenewingCredentialSource source = Source(fetch);
            int calls = 0;

            for (int second = 0; second <= 10 * 40; second++)
            {
                TencentCredential keys = await source.GetAsync(NullLog.Instance, CancellationToken.None);
                calls++;
                Assert.True(keys.Expiration > _clock.UtcNow, "expired keys at " + second + " s");
                // A renewal runs on the pool: let it land before time moves on.
                await Renewals.SettleAsync(source);
                _clock.Advance(TimeSpan.FromSeconds(1));
            }

            // 10 L / (0.75 L) = 13.3 renewals, plus the first fetch; not one per call.
            Assert.Equal(401, calls);
            Assert.InRange(source.Fetches, 13, 14);
            Assert.Equal(source.Fetches, fetch.Calls);
        }

        private static RenewingCredentialSource Source(ScriptedFetch fetch)
        {
            return new RenewingCredentialSource(Name, "cvm-role:mps-runbook", "test|" + Guid.NewGuid().ToString("N"), fetch.Fetch, fetch.Clock);
        }
    }
}
