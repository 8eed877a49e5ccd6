using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Resilience;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// A large file fetched as several ranges at once, against a server in memory: what Save promises for a
    /// whole file holds for every range (cuts, changes, refusals, a stop, a rerun), and the command's connections
    /// bound them all.
    /// </summary>
    public sealed class RangedDownloadTests : IDisposable
    {
        private const int MiB = 1024 * 1024;
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
        private static readonly Uri Url = new Uri("https://cos.example/videos/a.mp4?q-signature=secret");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-ranges-" + Guid.NewGuid().ToString("N"));

        public RangedDownloadTests()
        {
            Directory.CreateDirectory(_folder);
        }

        private string Target => Path.Combine(_folder, "a.mp4");

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task ALargeFileComesInRangesAtOnceByteForByteAndNoByteTwice()
        {
            byte[] file = Bytes(40 * MiB + 12_345);
            var server = new RangeServer(file);
            var connections = new ConnectionBudget(8);
            long reported = 0;

            long length = await Downloader(server, connections).DownloadAsync(Url, Target, false, n => Interlocked.Add(ref reported, n), _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file.Length, length);
            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.InRange(server.MaxAtOnce, 2, 8);
            Assert.Equal(file.Length, server.Served);
            Assert.Equal(file.Length, reported);
            Assert.Equal("bytes=0-", server.Ranges[0]);
            Assert.Equal(8, connections.Available);
            Assert.Equal(new[] { "a.mp4" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        }

        [Fact]
        public async Task TheCommandsConnectionsBoundEveryFileAndEveryRange()
        {
            byte[] file = Bytes(24 * MiB);
            var server = new RangeServer(file);
            var connections = new ConnectionBudget(3);
            ResultDownloader downloader = Downloader(server, connections);

            await Task.WhenAll(Enumerable.Range(1, 4).Select(i => downloader.DownloadAsync(Url, Path.Combine(_folder, i + ".mp4"), false, _ => { }, _ => { }, CancellationToken.None))).WaitAsync(Bound);

            Assert.InRange(server.MaxAtOnce, 2, 3);
            foreach (int i in Enumerable.Range(1, 4))
            {
                Assert.Equal(file, File.ReadAllBytes(Path.Combine(_folder, i + ".mp4")));
            }
            Assert.Equal(3, connections.Available);
        }

        [Fact]
        public async Task AFileBelowTheThresholdComesOnOneConnection()
        {
            byte[] file = Bytes((int)RangedDownload.Threshold - 1);
            var server = new RangeServer(file);

            await Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.Equal(1, server.Requests);
        }

        [Fact]
        public async Task AServerThatAnswersRangesWithTheWholeFileGetsOneConnection()
        {
            byte[] file = Bytes(40 * MiB);
            var server = new RangeServer(file) { IgnoreRanges = true };

            await Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.Equal(1, server.Requests);
        }

        [Fact]
        public async Task CutsInSeveralRangesAtOnceEndWholeAndFetchNoByteTwice()
        {
            byte[] file = Bytes(48 * MiB);
            int[] cut = { 1, 2, 3, 5 };
            var server = new RangeServer(file) { CutAfter = i => cut.Contains(i) ? MiB + 777 : null };

            await Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            // What a cut range delivered is kept: its resume asks for the bytes after it, and nothing comes twice.
            Assert.Equal(file.Length, server.Served);
            Assert.True(server.Requests >= 1 + cut.Length);
        }

        [Fact]
        public async Task AFileThatChangesWhileItsRangesComeIsStartedAgainNeverSpliced()
        {
            byte[] old = Bytes(40 * MiB, seed: 1);
            byte[] fresh = Bytes(40 * MiB, seed: 2);
            // The file changes once 1 MiB has come; a range cut after 4 MiB of its own is asked again after the
            // change, with If-Range, and the whole new file comes instead.
            var server = new RangeServer(old, "\"old\"") { CutAfter = i => i == 1 ? 4 * MiB : null };
            int replaced = 0;
            server.OnServed = served =>
            {
                if (served >= MiB && Interlocked.Exchange(ref replaced, 1) == 0)
                {
                    server.Replace(fresh, "\"new\"");
                }
            };
            long reported = 0;

            await Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, n => Interlocked.Add(ref reported, n), _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(fresh, File.ReadAllBytes(Target));
            Assert.Equal(fresh.Length, reported);
            Assert.Equal(new[] { "a.mp4" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        }

        [Fact]
        public async Task ARerunAfterAKillFetchesOnlyWhatTheMapSaysIsMissing()
        {
            byte[] file = Bytes(40 * MiB);
            var clock = new FakeClock(DateTimeOffset.UnixEpoch);
            RangeMap held = await KilledRunAsync(file, clock);

            var second = new RangeServer(file);
            await Downloader(second, new ConnectionBudget(8), clock).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.Equal(file.Length - held.DoneBytes, second.Served);
        }

        [Theory]
        [InlineData("flipped byte")]
        [InlineData("cut short")]
        [InlineData("another version")]
        [InlineData("part shorter than the map")]
        public async Task AMapThatCannotBeTrustedTakesItsPartWithIt(string damage)
        {
            byte[] file = Bytes(40 * MiB);
            await KilledRunAsync(file, new FakeClock(DateTimeOffset.UnixEpoch));
            string part = Directory.GetFiles(_folder, "a.mp4.*.part").Single();
            string map = part + ".map";
            byte[] bytes = File.ReadAllBytes(map);
            switch (damage)
            {
                case "flipped byte":
                    bytes[bytes.Length / 2] ^= 1;
                    File.WriteAllBytes(map, bytes);
                    break;
                case "cut short":
                    File.WriteAllBytes(map, bytes.Take(bytes.Length - 1).ToArray());
                    break;
                case "another version":
                    var other = new RangeMap(file.Length, "\"v2\"");
                    other.Add(0, MiB);
                    File.WriteAllBytes(map, other.ToBytes());
                    break;
                default:
                    using (var stream = new FileStream(part, FileMode.Open))
                    {
                        stream.SetLength(MiB);
                    }
                    break;
            }

            var second = new RangeServer(file);
            await Downloader(second, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.Equal(file.Length, second.Served);
            Assert.Equal("bytes=0-", second.Ranges[0]);
        }

        [Fact]
        public async Task AStopEndsEveryRangeGivesBackEveryConnectionAndLeavesNoFile()
        {
            byte[] file = Bytes(40 * MiB);
            var server = new RangeServer(file) { PieceDelay = TimeSpan.FromMilliseconds(20) };
            var connections = new ConnectionBudget(8);
            using var stop = new CancellationTokenSource();
            server.OnServed = served =>
            {
                if (served >= 8 * MiB)
                {
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Downloader(server, connections).DownloadAsync(Url, Target, false, _ => { }, _ => { }, stop.Token).WaitAsync(Bound));

            Assert.Equal(8, connections.Available);
            Assert.False(File.Exists(Target));
            Assert.Single(Directory.GetFiles(_folder, "a.mp4.*.part"));
        }

        [Fact]
        public async Task AnExpiredLinkOnOneRangeEndsTheFileWithItsErrorAndKeepsWhatCame()
        {
            byte[] file = Bytes(40 * MiB);
            // The first answer and the seven more connections come; a range cut short is asked again once the link has expired.
            var server = new RangeServer(file) { CutAfter = i => i == 1 ? MiB : null, Refuse = (i, _) => i >= 8 ? HttpStatusCode.Forbidden : null };

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound));

            Assert.Equal(ErrorIds.ResultUrlExpired, error.ErrorId);
            Assert.DoesNotContain("secret", error.Message);
            string part = Directory.GetFiles(_folder, "a.mp4.*.part").Single();
            RangeMap? held = RangeMap.Parse(File.ReadAllBytes(part + ".map"));
            Assert.NotNull(held);
            Assert.True(held!.DoneBytes >= MiB);
        }

        [Fact]
        public async Task AServerThatRefusesMoreConnectionsKeepsThoseItGave()
        {
            byte[] file = Bytes(40 * MiB);
            var server = new RangeServer(file) { Refuse = (_, atOnce) => atOnce >= 2 ? HttpStatusCode.ServiceUnavailable : null };

            await Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound);

            Assert.Equal(file, File.ReadAllBytes(Target));
            Assert.InRange(server.MaxAtOnce, 1, 2);
            Assert.True(server.Requests < 20, server.Requests + " requests");
        }

        [Fact]
        public async Task RangesThatNeverDeliverEndTheFileOnceWithDownloadFailedNotAgainAndAgain()
        {
            byte[] file = Bytes(40 * MiB);
            var server = new RangeServer(file) { CutAfter = i => i == 0 ? MiB : 0 };

            var error = await Assert.ThrowsAsync<MpsException>(() => Downloader(server, new ConnectionBudget(8)).DownloadAsync(Url, Target, false, _ => { }, _ => { }, CancellationToken.None).WaitAsync(Bound));

            Assert.Equal(ErrorIds.DownloadFailed, error.ErrorId);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "failed after"));
            // Each of the 8 connections gives up after 5 attempts in a row without a byte; the first to give up ends the
            // file, and the other 7 may each have one attempt on its way then. The file is not tried again.
            Assert.InRange(server.Requests, 8, 1 + (8 * 5) + 7);
            Assert.False(File.Exists(Target));
        }

        /// <summary>A run stopped after a map was saved (the clock moved past a save) and more bytes came: what a kill leaves.</summary>
        private async Task<RangeMap> KilledRunAsync(byte[] file, FakeClock clock)
        {
            var server = new RangeServer(file) { PieceDelay = TimeSpan.FromMilliseconds(5) };
            using var stop = new CancellationTokenSource();
            int moved = 0;
            long written = 0;
            Action<long> onBytes = n =>
            {
                long now = Interlocked.Add(ref written, n);
                if (now >= 8 * MiB && Interlocked.Exchange(ref moved, 1) == 0)
                {
                    clock.Advance(TimeSpan.FromSeconds(2));
                }
                if (now >= 24 * MiB)
                {
                    stop.Cancel();
                }
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Downloader(server, new ConnectionBudget(8), clock).DownloadAsync(Url, Target, false, onBytes, _ => { }, stop.Token).WaitAsync(Bound));
            string part = Directory.GetFiles(_folder, "a.mp4.*.part").Single();
            RangeMap held = RangeMap.Parse(File.ReadAllBytes(part + ".map")) ?? throw new InvalidOperationException("No map was saved.");
            Assert.InRange(held.DoneBytes, 8 * MiB, 24 * MiB + 8 * BodyReader.BufferBytes);
            return held;
        }

        private static ResultDownloader Downloader(RangeServer server, ConnectionBudget connections, IClock? clock = null)
        {
            return new ResultDownloader(new RetryPolicy(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)), clock ?? new FakeClock(DateTimeOffset.UnixEpoch), NullLog.Instance, TimeSpan.FromSeconds(30), server, connections);
        }

        private static byte[] Bytes(int length, int seed = 7)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }
    }
}
