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
}
