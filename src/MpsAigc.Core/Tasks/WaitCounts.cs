using System;
using System.Globalization;
using MpsAigc.Engine;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;

namespace MpsAigc.Tasks
{
    /// <summary>A moment's count of the tasks of a wait, for progress.</summary>
    public struct WaitCounts
    {
        public int Total;
        public int Waiting;
        public int Running;
        public int Done;
        public int Failed;

        public int Finished => Done + Failed;

        /// <summary>The bar of a wait: how many tasks are done, failed, running and waiting.</summary>
        /// <param name="rate">The polls' rate (what the budget allows and what goes); null shows none.</param>
        /// <param name="outage">The endpoint's outage, shown instead of the rate while it lasts; null for none.</param>
        public ProgressReport Progress(string activity, TimeSpan elapsed, RateReading? rate, EndpointOutage? outage = null)
        {
            object? how = (object?)outage ?? rate;
            return new ProgressReport(
                1,
                activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} done, {1} failed, {2} running, {3} waiting of {4} ({5}{6})",
                    Done, Failed, Running, Waiting, Total, TaskWaits.Format(elapsed), how == null ? string.Empty : "; " + how),
                Total == 0 ? 0 : (int)(Finished * 100L / Total));
        }
    }
}
