using System.Management.Automation;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Where a command's records go: the cmdlet's own streams, or a job's collections. One core path
    /// writes through it, whether the user ran the cmdlet directly or with -AsJob.
    /// </summary>
    internal interface IRecordSink
    {
        void WriteObject(object value);

        void WriteError(ErrorRecord error);

        void WriteVerbose(string message);

        void WriteDebug(string message);

        void WriteWarning(string message);

        void WriteProgress(ProgressRecord progress);
    }

    /// <summary>Writes to a cmdlet's streams; only ever called on the pipeline thread.</summary>
    internal sealed class CmdletRecordSink : IRecordSink
    {
        private readonly Cmdlet _cmdlet;

        public CmdletRecordSink(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void WriteObject(object value) => _cmdlet.WriteObject(value);

        public void WriteError(ErrorRecord error) => _cmdlet.WriteError(error);

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteDebug(string message) => _cmdlet.WriteDebug(message);

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteProgress(ProgressRecord progress) => _cmdlet.WriteProgress(progress);
    }

    /// <summary>Writes to a job's collections, which are safe to add to from the job's own thread.</summary>
    internal sealed class JobRecordSink : IRecordSink
    {
        private readonly Job _job;

        public JobRecordSink(Job job)
        {
            _job = job;
        }

        public void WriteObject(object value) => _job.Output.Add(PSObject.AsPSObject(value));

        public void WriteError(ErrorRecord error) => _job.Error.Add(error);

        public void WriteVerbose(string message) => _job.Verbose.Add(new VerboseRecord(message));

        public void WriteDebug(string message) => _job.Debug.Add(new DebugRecord(message));

        public void WriteWarning(string message) => _job.Warning.Add(new WarningRecord(message));

        public void WriteProgress(ProgressRecord progress) => _job.Progress.Add(progress);
    }
}
