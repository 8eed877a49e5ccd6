using System;
using System.Globalization;
using System.Management.Automation;
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
}
