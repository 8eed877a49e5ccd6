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
        private readonly bool _keepDebug;

        /// <param name="keepDebug">Debug lines are many (one per request); keep them only when someone reads them.</param>
        public QueuedLog(bool keepDebug)
        {
            _keepDebug = keepDebug;
        }

        public void Verbose(string message) => _lines.Enqueue(new LogLine(false, message));

        public void Debug(string message)
        {
            if (_keepDebug)
            {
                _lines.Enqueue(new LogLine(true, message));
            }
        }

        public void FlushTo(IRecordSink sink)
        {
            while (_lines.TryDequeue(out LogLine line))
            {
                if (line.IsDebug)
                {
                    sink.WriteDebug(line.Text);
                }
                else
                {
                    sink.WriteVerbose(line.Text);
                }
            }
        }

        private struct LogLine
        {
            public LogLine(bool isDebug, string text)
            {
                IsDebug = isDebug;
                Text = text;
            }

            public bool IsDebug { get; }

            public string Text { get; }
        }
    }
}
