using System;
using System.Collections.Concurrent;

namespace MpsAigc.Common
{
    /// <summary>
    /// The core logs from thread-pool threads; PowerShell's streams may only be written on the pipeline
    /// thread. Lines wait here, in the order they came, until that thread drains them.
    /// </summary>
    public sealed class QueuedLog : IMpsLog
    {
        private readonly ConcurrentQueue<(Level Level, string Text)> _lines = new ConcurrentQueue<(Level, string)>();
        private readonly bool _keepVerbose;
        private readonly bool _keepDebug;

        /// <summary>
        /// Verbose and debug lines can be many (a line per request or per state change of thousands of
        /// tasks); they are kept only when someone will read them.
        /// </summary>
        public QueuedLog(bool keepVerbose, bool keepDebug)
        {
            _keepVerbose = keepVerbose;
            _keepDebug = keepDebug;
        }

        private enum Level
        {
            Verbose,
            Debug,
            Warning,
        }

        public void Verbose(string message)
        {
            if (_keepVerbose)
            {
                _lines.Enqueue((Level.Verbose, message));
            }
        }

        public void Debug(string message)
        {
            if (_keepDebug)
            {
                _lines.Enqueue((Level.Debug, message));
            }
        }

        /// <summary>Always kept: the preference decides at the sink whether it shows, as with any warning.</summary>
        public void Warning(string message)
        {
            _lines.Enqueue((Level.Warning, message));
        }

        /// <summary>Hands each line waiting now to the writer of its stream, in the order they came.</summary>
        public void Drain(Action<string> verbose, Action<string> debug, Action<string> warning)
        {
            while (_lines.TryDequeue(out (Level Level, string Text) line))
            {
                (line.Level == Level.Debug ? debug : line.Level == Level.Warning ? warning : verbose)(line.Text);
            }
        }
    }
}
