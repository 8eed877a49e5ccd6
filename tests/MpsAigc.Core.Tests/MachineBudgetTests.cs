using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// One budget for the processes of a machine: a file every process takes from, other processes that
    /// are this test assembly run as a program (<see cref="BudgetChild"/>). Real clock, short windows.
    /// </summary>
    public sealed class MachineBudgetTests : IDisposable
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
        private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mpsaigc-budget-" + Guid.NewGuid().ToString("N"))).FullName;
        private readonly List<Process> _children = new List<Process>();

        public void Dispose()
        {
            foreach (Process child in _children)
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }
                child.WaitForExit(10000);
                child.Dispose();
            }
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task ThreadsAndOtherProcessesTakeFromOneBudgetAndNeverMoreThanItsLimitInAWindow()
        {
            const int Limit = 10;
            const int WindowMs = 100;
            string path = Path.Combine(_folder, "shared.budget");
            string[] take = { "take", path, Limit.ToString(CultureInfo.InvariantCulture), WindowMs.ToString(CultureInfo.InvariantCulture), "2", "15" };
            Process[] others = Enumerable.Range(0, 3).Select(_ => Child(take)).ToArray();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, Limit, TimeSpan.FromMilliseconds(WindowMs), SystemClock.Instance);
            var granted = new ConcurrentBag<long>();

            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 15; i++)
                {
                    using (RateLease lease = await limiter.AcquireAsync(CancellationToken.None))
                    {
                        granted.Add(lease.GrantedAt);
                    }
                }
            }))).WaitAsync(Bound);
            foreach (Process other in others)
            {
                string[] lines = (await other.StandardOutput.ReadToEndAsync().WaitAsync(Bound)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("Machine", lines[^1].Trim());
                foreach (string line in lines.Take(lines.Length - 1))
                {
                    granted.Add(long.Parse(line, CultureInfo.InvariantCulture));
                }
            }

            // 60 here and 3 x 30 there, and no eleven of them within one window: the eleventh after any
            // request starts at least a window later, whichever process sent it.
            long[] ordered = granted.OrderBy(t => t).ToArray();
            Assert.Equal(150, ordered.Length);
            for (int i = Limit; i < ordered.Length; i++)
            {
                Assert.True(ordered[i] - ordered[i - Limit] >= TimeSpan.FromMilliseconds(WindowMs).Ticks, "request " + i + " came too early");
            }
            Assert.Equal(RateLimitScope.Machine, limiter.Scope);
        }

        [Fact]
        public async Task AProcessKilledWhileHoldingTheFileDoesNotBlockTheOthers()
        {
            string path = Path.Combine(_folder, "locked.budget");
            Process holder = Child("hold-lock", path, "5", "100");
            Assert.StartsWith("held", await holder.StandardOutput.ReadLineAsync().WaitAsync(Bound));
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());

            holder.Kill();
            holder.WaitForExit(10000);
            var log = new LevelLog();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 5, TimeSpan.FromMilliseconds(100), SystemClock.Instance);
            (await limiter.AcquireAsync(log, CancellationToken.None).WaitAsync(Bound)).Dispose();

            Assert.Equal(RateLimitScope.Machine, limiter.Scope);
            Assert.Empty(log.WarningLines);
        }

        [Fact]
        public async Task SlotsAProcessDiedHoldingAreFreeAgainWhenTheirLeasesEnd()
        {
            string path = Path.Combine(_folder, "leases.budget");
            Process holder = Child("hold-leases", path, "3", "100", "500");
            string held = await holder.StandardOutput.ReadLineAsync().WaitAsync(Bound) ?? string.Empty;
            Assert.StartsWith("held", held);
            long firstHeld = long.Parse(held.Substring(5), CultureInfo.InvariantCulture);
            holder.Kill();
            holder.WaitForExit(10000);
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 3, TimeSpan.FromMilliseconds(100), SystemClock.Instance, TimeSpan.FromMilliseconds(500));

            var granted = new List<long>();
            for (int i = 0; i < 3; i++)
            {
                using (RateLease lease = await limiter.AcquireAsync(CancellationToken.None).WaitAsync(Bound))
                {
                    granted.Add(lease.GrantedAt);
                }
            }

            // Every slot came back, and only once the dead holder's lease (and a window after it) was over.
            Assert.Equal(3, granted.Count);
            Assert.All(granted, at => Assert.True(at >= firstHeld + TimeSpan.FromMilliseconds(600).Ticks));
        }

        [Fact]
        public async Task ACorruptFileMeansThisProcessKeepsItsOwnBudgetWithOneWarning()
        {
            string path = Path.Combine(_folder, "corrupt.budget");
            byte[] garbage = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
            File.WriteAllBytes(path, garbage);
            var log = new LevelLog();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance);

            await TakeFromManyThreads(limiter, log);

            string warning = Assert.Single(log.WarningLines);
            Assert.Contains(path, warning);
            Assert.Contains("corrupt", warning);
            Assert.Contains("keeps its own budget", warning);
            Assert.Equal(RateLimitScope.Process, limiter.Scope);
            Assert.Equal(garbage, File.ReadAllBytes(path));
        }

        [Fact]
        public async Task AFileThatCannotBeWrittenMeansThisProcessKeepsItsOwnBudgetWithOneWarning()
        {
            // A folder where the file should be: it can be neither opened nor created, even by root.
            string path = Directory.CreateDirectory(Path.Combine(_folder, "taken.budget")).FullName;
            var log = new LevelLog();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance);

            await TakeFromManyThreads(limiter, log);

            string warning = Assert.Single(log.WarningLines);
            Assert.Contains("cannot be opened", warning);
            Assert.Equal(RateLimitScope.Process, limiter.Scope);
        }

        [Fact]
        public async Task WithFileLockingTurnedOffThisProcessKeepsItsOwnBudgetWithOneWarning()
        {
            // DOTNET_SYSTEM_IO_DISABLEFILELOCKING: the exclusive open would succeed in every process at once.
            string path = Path.Combine(_folder, "unlocked.budget");
            var log = new LevelLog();
            var limiter = new RequestRateLimiter(new MachineBudgetStore(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance, lockingDisabled: true), SystemClock.Instance);

            await TakeFromManyThreads(limiter, log);

            string warning = Assert.Single(log.WarningLines);
            Assert.Contains("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", warning);
            Assert.Equal(RateLimitScope.Process, limiter.Scope);
            Assert.False(File.Exists(path));
        }

        [Fact]
        public async Task CtrlCEndsAWaitForAFileAStoppedProcessHolds()
        {
            // A stopped (not dead) holder keeps the lock: the wait must end on cancellation, without giving up
            // on the shared budget as if the file were broken.
            string path = Path.Combine(_folder, "held.budget");
            var log = new LevelLog();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance);
            using (await new MachineBudgetStore(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance).OpenExclusiveAsync())
            using (var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(log, stop.Token));
            }

            Assert.Empty(log.WarningLines);
            Assert.Equal(RateLimitScope.Machine, limiter.Scope);
            (await limiter.AcquireAsync(log, CancellationToken.None)).Dispose();
        }

        [Fact]
        public async Task AWaitForTheFileHoldsNoThread()
        {
            // Another process holds the file: the request waits for it without the caller's thread (which spun
            // until the holder had kept it too long, and then gave up on the shared budget).
            string path = Path.Combine(_folder, "busy.budget");
            var log = new LevelLog();
            RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance);
            Task<RateLease> waiting;
            using (await new MachineBudgetStore(path, 5, TimeSpan.FromMilliseconds(50), SystemClock.Instance).OpenExclusiveAsync())
            {
                waiting = limiter.AcquireAsync(log, CancellationToken.None);
                Assert.False(waiting.IsCompleted);
            }

            (await waiting).Dispose();
            Assert.Empty(log.WarningLines);
            Assert.Equal(RateLimitScope.Machine, limiter.Scope);
        }

        [Fact]
        public void AFileLeftFromBeforeARestartHoldsNoSlot()
        {
            var budget = new RequestBudget(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1);
            var state = new BudgetState(2);
            long now = TimeSpan.FromMinutes(1).Ticks;
            // Written when the machine's counter (which restarts with it) stood at an hour.
            state.Slots[0] = new BudgetSlot { FreeAt = TimeSpan.FromHours(1).Ticks };
            state.Slots[1] = new BudgetSlot { LeaseUntil = TimeSpan.FromHours(1).Ticks, FreeAt = 1 };
            state.PaceAt = TimeSpan.FromHours(1).Ticks;

            budget.Repair(state, now);

            Assert.True(budget.TryTake(state, now, 1).IsGranted);
            Assert.True(budget.TryTake(state, now, 2).IsGranted);
        }

        [Fact]
        public void WaitersOfEveryProcessAreServedInTheOrderTheyCame()
        {
            var budget = new RequestBudget(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1);
            var state = new BudgetState(2);
            long now = TimeSpan.FromSeconds(10).Ticks;
            long second = TimeSpan.TicksPerSecond;
            // Both slots answered a moment ago: free again at 10.5 s and 10.8 s.
            state.Slots[0] = new BudgetSlot { FreeAt = now + (second / 2) };
            state.Slots[1] = new BudgetSlot { FreeAt = now + (second * 8 / 10) };

            // One process's request that came at 9.9 s books 10.5 s; another's that came at 9.5 s takes that
            // place, and the first moves on to 10.8 s.
            BudgetDecision first = budget.TryTake(state, now, leaseId: 1, arrived: now - (second / 10));
            BudgetDecision earlier = budget.TryTake(state, now, leaseId: 2, arrived: now - (second / 2));
            BudgetDecision firstAgain = budget.TryTake(state, now + (second / 2), leaseId: 1, arrived: now - (second / 10));
            BudgetDecision earlierAtItsTime = budget.TryTake(state, now + (second / 2), leaseId: 2, arrived: now - (second / 2));
            BudgetDecision firstAtItsTime = budget.TryTake(state, now + (second * 8 / 10), leaseId: 1, arrived: now - (second / 10));

            Assert.Equal(now + (second / 2), first.Time);
            Assert.Equal(now + (second / 2), earlier.Time);
            Assert.False(firstAgain.IsGranted);
            Assert.Equal(now + (second * 8 / 10), firstAgain.Time);
            Assert.True(earlierAtItsTime.IsGranted);
            Assert.True(firstAtItsTime.IsGranted);
        }

        [Fact]
        public void TheFileRoundTripsAndIsNamedByAHashOfItsBudget()
        {
            var state = new BudgetState(3) { Peak = 2.5, CutAt = 7, Epoch = 2, PaceAt = 9 };
            state.Slots[1] = new BudgetSlot { FreeAt = 11, LeaseUntil = 12, LeaseId = 13, Refused = true };

            BudgetState read = BudgetFile.Read(BudgetFile.Write(state, TimeSpan.FromSeconds(1)), 3, TimeSpan.FromSeconds(1));
            byte[] bytes = BudgetFile.Write(state, TimeSpan.FromSeconds(1));
            bytes[40] ^= 1;

            Assert.Equal(2.5, read.Peak);
            Assert.Equal(2, read.Epoch);
            Assert.Equal(state.Slots[1].LeaseId, read.Slots[1].LeaseId);
            Assert.True(read.Slots[1].Refused);
            Assert.Throws<InvalidDataException>(() => BudgetFile.Read(bytes, 3, TimeSpan.FromSeconds(1)));
            Assert.Throws<InvalidDataException>(() => BudgetFile.Read(BudgetFile.Write(state, TimeSpan.FromSeconds(1)), 4, TimeSpan.FromSeconds(1)));
            string file = MachineBudgetFolder.FileFor(_folder, "v1|https://mps.example|AKIDsecretish|DescribeAigcVideoTask|50");
            Assert.DoesNotContain("AKID", file);
            Assert.EndsWith(".budget", file);
        }

        [Fact]
        public void TidyingRemovesOnlyBudgetFilesUnusedForADay()
        {
            string old = Path.Combine(_folder, "old.budget");
            string fresh = Path.Combine(_folder, "fresh.budget");
            string notOurs = Path.Combine(_folder, "old.txt");
            foreach (string file in new[] { old, fresh, notOurs })
            {
                File.WriteAllBytes(file, new byte[] { 1 });
            }
            File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
            File.SetLastWriteTimeUtc(notOurs, DateTime.UtcNow.AddDays(-2));
            File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddHours(-20));

            MachineBudgetFolder.RemoveStale(_folder);
            MachineBudgetFolder.RemoveStale(Path.Combine(_folder, "no-such-folder"));

            Assert.Equal(new[] { "fresh.budget", "old.txt" }, Directory.GetFiles(_folder).Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal));
        }

        [Fact]
        public async Task ThousandsOfRacingTakesAndAnswersKeepEveryWindowWithinTheLimit()
        {
            const int Limit = 8;
            var window = TimeSpan.FromMilliseconds(4);
            string path = Path.Combine(_folder, "race.budget");
            RequestRateLimiter[] limiters =
            {
                RequestRateLimiter.SharedByMachine(path, Limit, window, SystemClock.Instance),
                RequestRateLimiter.SharedByMachine(path, Limit, window, SystemClock.Instance),
            };
            var granted = new ConcurrentBag<long>();

            // Two limiters on one file (two processes' worth) and many threads each; answers race the takes.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
            {
                for (int i = 0; i < 250; i++)
                {
                    using (RateLease lease = await limiters[n % 2].AcquireAsync(CancellationToken.None))
                    {
                        granted.Add(lease.GrantedAt);
                    }
                }
            }))).WaitAsync(Bound);

            long[] ordered = granted.OrderBy(t => t).ToArray();
            Assert.Equal(2000, ordered.Length);
            for (int i = Limit; i < ordered.Length; i++)
            {
                Assert.True(ordered[i] - ordered[i - Limit] >= window.Ticks, "request " + i + " came too early");
            }
        }

        private static async Task TakeFromManyThreads(RequestRateLimiter limiter, IMpsLog log)
        {
            int taken = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    (await limiter.AcquireAsync(log, CancellationToken.None)).Dispose();
                    Interlocked.Increment(ref taken);
                }
            }))).WaitAsync(Bound);
            Assert.Equal(40, taken);
        }

        private Process Child(params string[] arguments)
        {
            Process child = BudgetChild.Start(arguments);
            _children.Add(child);
            return child;
        }
    }
}
