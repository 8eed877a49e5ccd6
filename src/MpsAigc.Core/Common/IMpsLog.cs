namespace MpsAigc.Common
{
    /// <summary>
    /// Where the core says what it does. It may be called from any thread; the module queues the lines
    /// for the pipeline thread. Callers must never pass a secret.
    /// </summary>
    public interface IMpsLog
    {
        void Verbose(string message);

        void Debug(string message);

        /// <summary>Something the user should know although the work goes on (shown whatever -Verbose says).</summary>
        void Warning(string message);
    }
}
