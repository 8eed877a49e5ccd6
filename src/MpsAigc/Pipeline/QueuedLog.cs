using System.Collections.Concurrent;
using MpsAigc.Http;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// The core logs from thread-pool threads; PowerShell's streams may only be written on the pipeline
    /// thread. Lines wait here until the pipeline thread flushes them.
    /// </summary>
    internal sealed class QueuedLog : IMpsLog
    {
        private readonly ConcurrentQueue<LogLine> _lines = new ConcurrentQueue<LogLine>();
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

        public void Verbose(string message)
        {
            if (_keepVerbose)
            {
                _lines.Enqueue(new LogLine(LogLevel.Verbose, message));
            }
        }

        public void Debug(string message)
        {
            if (_keepDebug)
            {
                _lines.Enqueue(new LogLine(LogLevel.Debug, message));
            }
        }

        /// <summary>Always kept: the preference decides at the sink whether it shows, as with any warning.</summary>
        public void Warning(string message)
        {
            _lines.Enqueue(new LogLine(LogLevel.Warning, message));
        }

        public void FlushTo(IRecordSink sink)
        {
            while (_lines.TryDequeue(out LogLine line))
            {
                switch (line.Level)
                {
                    case LogLevel.Debug:
                        sink.WriteDebug(line.Text);
                        break;
                    case LogLevel.Warning:
                        sink.WriteWarning(line.Text);
                        break;
                    default:
                        sink.WriteVerbose(line.Text);
                        break;
                }
            }
        }

        private enum LogLevel
        {
            Verbose,
            Debug,
            Warning,
        }

        private struct LogLine
        {
            public LogLine(LogLevel level, string text)
            {
                Level = level;
                Text = text;
            }

            public LogLevel Level { get; }

            public string Text { get; }
        }
    }
}
