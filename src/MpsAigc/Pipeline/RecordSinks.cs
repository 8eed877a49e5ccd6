using System.Management.Automation;
using MpsAigc.Engine;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Writes the pump's records to a cmdlet's streams; only ever called on the pipeline thread. One core
    /// path writes through it or through <see cref="JobRecordSink"/>, whether the user ran the cmdlet
    /// directly or with -AsJob.
    /// </summary>
    internal sealed class CmdletRecordSink : IPumpSink
    {
        private readonly Cmdlet _cmdlet;

        public CmdletRecordSink(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void WriteObject(object value) => _cmdlet.WriteObject(value);

        public void WriteError(MpsException error, object? target) => _cmdlet.WriteError(ErrorRecords.From(error, target));

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteDebug(string message) => _cmdlet.WriteDebug(message);

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteProgress(ProgressReport report, bool final) => _cmdlet.WriteProgress(ProgressRecords.From(report, final));
    }

    /// <summary>Writes to a job's collections, which are safe to add to from the job's own thread.</summary>
    internal sealed class JobRecordSink : IPumpSink
    {
        private readonly Job _job;

        public JobRecordSink(Job job)
        {
            _job = job;
        }

        public void WriteObject(object value) => _job.Output.Add(PSObject.AsPSObject(value));

        public void WriteError(MpsException error, object? target) => _job.Error.Add(ErrorRecords.From(error, target));

        public void WriteVerbose(string message) => _job.Verbose.Add(new VerboseRecord(message));

        public void WriteDebug(string message) => _job.Debug.Add(new DebugRecord(message));

        public void WriteWarning(string message) => _job.Warning.Add(new WarningRecord(message));

        public void WriteProgress(ProgressReport report, bool final) => _job.Progress.Add(ProgressRecords.From(report, final));
    }

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
