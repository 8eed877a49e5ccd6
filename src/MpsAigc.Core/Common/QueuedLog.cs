using System;
using System.Collections.Concurrent;
using System.Threading;

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
        private Action? _onLine;

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
                Keep(Level.Verbose, message);
            }
        }

        public void Debug(string message)
        {
            if (_keepDebug)
            {
                Keep(Level.Debug, message);
            }
        }

        /// <summary>Always kept: the preference decides at the sink whether it shows, as with any warning.</summary>
        public void Warning(string message)
        {
            Keep(Level.Warning, message);
        }

        /// <summary>Whom a line wakes: the pump that drains them.</summary>
        public void OnLine(Action written)
        {
            Volatile.Write(ref _onLine, written);
        }

        private void Keep(Level level, string message)
        {
            _lines.Enqueue((level, message));
            Volatile.Read(ref _onLine)?.Invoke();
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
