using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Engine;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Saving;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What the progress bars of a wait and a save say.</summary>
    public class ProgressReportTests
    {
        [Fact]
        public void AWaitsBarCountsEachStateAndTheShareFinished()
        {
            var counts = new WaitCounts { Total = 8, Done = 3, Failed = 1, Running = 2, Waiting = 2 };

            ProgressReport report = counts.Progress("Waiting for AIGC video tasks", TimeSpan.FromSeconds(75), null);

            Assert.Equal("3 done, 1 failed, 2 running, 2 waiting of 8 (1:15)", report.Status);
            Assert.Equal(50, report.PercentComplete);
            Assert.Equal(-1, report.SecondsRemaining);
            Assert.Equal(0, new WaitCounts().Progress("none", TimeSpan.Zero, null).PercentComplete);
            Assert.NotEqual(report.ActivityId, SavesOfNothing().Progress(TimeSpan.Zero).ActivityId);
        }

        [Fact]
        public void AWaitsBarSaysSinceWhenTheServiceIsUnreachableInsteadOfTheRate()
        {
            var counts = new WaitCounts { Total = 2, Waiting = 2 };
            var outage = new EndpointOutage(1, "https://mps.example.com", DateTimeOffset.Now, TimeSpan.Zero, ErrorIds.ConnectionRefused);

            ProgressReport report = counts.Progress("Waiting for AIGC video tasks", TimeSpan.FromSeconds(75), new RateReading(50, 50, 0, RateLimitScope.Machine), outage);

            Assert.Matches(@"^0 done, 0 failed, 0 running, 2 waiting of 2 \(1:15; service unreachable since \d\d:\d\d:\d\d; retrying\)$", report.Status);
        }

        [Fact]
        public void ASaveWithNothingPlannedYetShowsNoShareAndNoTimeLeft()
        {
            ProgressReport report = SavesOfNothing().Progress(TimeSpan.FromSeconds(3));

            Assert.Equal("Saving AIGC images", report.Activity);
            Assert.Equal("0 of 0 files, 0.0 of 0.0 MB at 0.0 MB/s", report.Status);
            Assert.Equal((0, -1), (report.PercentComplete, report.SecondsRemaining));
        }

        private static ResultSaves SavesOfNothing()
        {
            string folder = Path.Combine(Path.GetTempPath(), "mpsaigc-progress-" + Guid.NewGuid().ToString("N"));
            var downloader = new ResultDownloader(RetryPolicy.Default, new FakeClock(DateTimeOffset.UnixEpoch), NullLog.Instance, TimeSpan.FromSeconds(30));
            return new ResultSaves(
                ImageKind.Kind,
                downloader,
                (id, endpoint, token) => throw new InvalidOperationException("nothing is queried"),
                ResultFiles.In(ImageKind.Kind, folder, null, createFolder: false),
                force: false,
                skipExisting: false,
                path => true,
                new PumpThread());
        }
    }
}
