using System.Management.Automation;
using MpsAigc.Engine;

namespace MpsAigc.Pipeline
{
    /// <summary>Every ProgressRecord the module writes is built here, from the core's report.</summary>
    internal static class ProgressRecords
    {
        public static ProgressRecord From(ProgressReport report, bool final)
        {
            return new ProgressRecord(report.ActivityId, report.Activity, report.Status)
            {
                PercentComplete = report.PercentComplete,
                SecondsRemaining = report.SecondsRemaining,
                RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
        }
    }
}
