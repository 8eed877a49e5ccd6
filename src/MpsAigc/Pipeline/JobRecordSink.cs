using System.Management.Automation;
using MpsAigc.Engine;

namespace MpsAigc.Pipeline
{
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
}
