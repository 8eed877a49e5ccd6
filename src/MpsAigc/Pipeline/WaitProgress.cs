using System;
using System.Globalization;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Pipeline
{
    /// <summary>The progress bar of a wait: how many tasks are done, failed, running and waiting.</summary>
    internal static class WaitProgress
    {
        private const int ActivityId = 1;

        public static ProgressRecord Of(WaitCounts counts, string activity, TimeSpan elapsed)
        {
            return new ProgressRecord(
                ActivityId,
                activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} done, {1} failed, {2} running, {3} waiting of {4} ({5})",
                    counts.Done, counts.Failed, counts.Running, counts.Waiting, counts.Total, TaskWaits.Format(elapsed)))
            {
                PercentComplete = counts.Total == 0 ? 0 : (int)(counts.Finished * 100L / counts.Total),
            };
        }
    }
}
