using System;
using System.Globalization;
using System.Management.Automation;
using MpsAigc.Downloads;
using MpsAigc.Http;
using MpsAigc.Tasks;

namespace MpsAigc.Pipeline
{
    /// <summary>The progress bar of a wait: how many tasks are done, failed, running and waiting.</summary>
    internal static class WaitProgress
    {
        private const int ActivityId = 1;

        /// <param name="rate">The polls' rate (what the budget allows and what goes); null shows none.</param>
        public static ProgressRecord Of(WaitCounts counts, string activity, TimeSpan elapsed, RateReading? rate)
        {
            return new ProgressRecord(
                ActivityId,
                activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} done, {1} failed, {2} running, {3} waiting of {4} ({5}{6})",
                    counts.Done, counts.Failed, counts.Running, counts.Waiting, counts.Total, TaskWaits.Format(elapsed), rate == null ? string.Empty : "; " + rate))
            {
                PercentComplete = counts.Total == 0 ? 0 : (int)(counts.Finished * 100L / counts.Total),
            };
        }
    }

    /// <summary>The progress bar of a save: files and bytes so far, the rate, and the time left.</summary>
    internal static class SaveProgress
    {
        private const int ActivityId = 2;

        public static ProgressRecord Of(ResultSaves saves, string noun, TimeSpan elapsed)
        {
            long done = Math.Max(0, saves.BytesDone);
            long total = saves.BytesTotal;
            double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            return new ProgressRecord(
                ActivityId,
                "Saving AIGC " + noun + "s",
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} of {1} files, {2:0.0} of {3:0.0} MB at {4:0.0} MB/s",
                    saves.FilesDone, saves.FilesPlanned, done / 1e6, total / 1e6, rate / 1e6))
            {
                PercentComplete = total == 0 ? 0 : (int)Math.Min(100, done * 100 / total),
                SecondsRemaining = rate > 0 && total > done ? (int)((total - done) / rate) : -1,
            };
        }
    }
}
