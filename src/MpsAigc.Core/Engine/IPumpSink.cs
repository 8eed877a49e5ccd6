namespace MpsAigc.Engine
{
    /// <summary>
    /// Where a pump's records go: the cmdlet layer's sinks write them to a cmdlet's streams or a job's
    /// collections, as PowerShell records.
    /// </summary>
    public interface IPumpSink
    {
        void WriteObject(object value);

        /// <summary>An item's error; <paramref name="target"/> is the item it is about.</summary>
        void WriteError(MpsException error, object? target);

        void WriteVerbose(string message);

        void WriteDebug(string message);

        void WriteWarning(string message);

        /// <param name="final">True for the last report of the run: the bar is completed.</param>
        void WriteProgress(ProgressReport report, bool final);
    }
}
