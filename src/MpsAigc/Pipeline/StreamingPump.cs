using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// A pump whose outcomes come in the order they happen: it moves them, the core's log lines and one
    /// progress bar (refreshed at most a few times a second) into the sink.
    /// </summary>
    internal abstract class StreamingPump<TOutcome> : IPipelinePump
    {
        /// <summary>How long one wait lasts before cancellation is checked again: Ctrl+C within this.</summary>
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        private readonly BlockingCollection<TOutcome> _outcomes;
        private readonly QueuedLog _log;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _lastProgress = -ProgressEvery;

        protected StreamingPump(BlockingCollection<TOutcome> outcomes, QueuedLog log, IRecordSink sink)
        {
            _outcomes = outcomes;
            _log = log;
            Sink = sink;
        }

        protected IRecordSink Sink { get; }

        public abstract void Add(object input);

        public void WriteReady()
        {
            _log.FlushTo(Sink);
            while (_outcomes.TryTake(out TOutcome outcome))
            {
                Write(outcome);
            }
            ReportProgress(final: false);
        }

        public void WriteAll(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                BeforeWait();
                _log.FlushTo(Sink);
                if (_outcomes.TryTake(out TOutcome outcome, Tick))
                {
                    // An outcome that came of the stop is no news to whoever stopped it.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    Write(outcome);
                }
                else if (_outcomes.IsCompleted)
                {
                    break;
                }
                ReportProgress(final: false);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _log.FlushTo(Sink);
            ReportProgress(final: true);
            AfterAll();
        }

        protected abstract void Write(TOutcome outcome);

        /// <summary>The bar's record: its activity, status and percentage.</summary>
        protected abstract ProgressRecord Progress(TimeSpan elapsed);

        /// <summary>Called before each wait for outcomes, once every input is in.</summary>
        protected virtual void BeforeWait()
        {
        }

        /// <summary>Called once every outcome is written.</summary>
        protected virtual void AfterAll()
        {
        }

        private void ReportProgress(bool final)
        {
            TimeSpan now = _elapsed.Elapsed;
            if (!final && now - _lastProgress < ProgressEvery)
            {
                return;
            }
            _lastProgress = now;
            ProgressRecord record = Progress(now);
            record.RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing;
            Sink.WriteProgress(record);
        }
    }
}
