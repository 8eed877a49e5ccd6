using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using MpsAigc.Http;

namespace MpsAigc.Engine
{
    /// <summary>
    /// The one pump: inputs go into the engine through the cmdlet's own feed, and outcomes, the core's log
    /// lines and a progress bar (at most a few times a second) come out into a sink. The cmdlet drives it on
    /// the pipeline thread; a job drives the very same pump on its own thread.
    /// </summary>
    public sealed class Pump : IDisposable
    {
        /// <summary>How long one wait lasts before cancellation is checked again: Ctrl+C within this.</summary>
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        /// <summary>How long a job's pump waits for the next input before it writes what is ready.</summary>
        private static readonly TimeSpan InputTick = TimeSpan.FromMilliseconds(100);

        private readonly BatchEngine _engine;
        private readonly QueuedLog _log;
        private readonly IPumpSink _sink;
        private readonly Action<BatchEngine, object?> _feed;
        private readonly Func<Outcome, object?> _present;
        private readonly Func<TimeSpan, ProgressReport>? _progress;
        private readonly IDisposable? _owned;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _lastProgress = -ProgressEvery;
        private int _disposed;

        /// <param name="feed">How one input joins the engine: the cmdlet's own request, schedule or file.</param>
        /// <param name="present">What a successful outcome emits (null: nothing); by default its value.</param>
        /// <param name="progress">The bar at a moment of the run; null for no bar.</param>
        /// <param name="owned">What the run holds (a journal), let go when the run ends, however it ends (<see cref="Dispose"/>).</param>
        public Pump(
            BatchEngine engine, QueuedLog log, IPumpSink sink, Action<BatchEngine, object?> feed,
            Func<Outcome, object?>? present = null, Func<TimeSpan, ProgressReport>? progress = null, IDisposable? owned = null)
        {
            _engine = engine;
            _log = log;
            _sink = sink;
            _feed = feed;
            _present = present ?? (outcome => outcome.Value);
            _progress = progress;
            _owned = owned;
        }

        public void Add(object? input)
        {
            _feed(_engine, input);
        }

        /// <summary>Writes what is ready now, without waiting: called between pipeline inputs.</summary>
        public void WriteReady()
        {
            FlushLog();
            while (_engine.TryTake(out Outcome? outcome))
            {
                Write(outcome);
            }
            ReportProgress(final: false);
        }

        /// <summary>Writes everything still to come; returns early, without writing more, once cancelled.</summary>
        public void WriteAll(CancellationToken cancellationToken)
        {
            try
            {
                WriteRest(cancellationToken);
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>
        /// The run has ended: lets go of what it holds. WriteAll does this as it returns; a pipeline that ends
        /// before its end (stopped, cut short downstream) calls it itself.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owned?.Dispose();
            }
        }

        private void WriteRest(CancellationToken cancellationToken)
        {
            _engine.CompleteAdding();
            while (!cancellationToken.IsCancellationRequested && !_engine.IsFinished)
            {
                FlushLog();
                // An outcome that came of the stop is no news to whoever stopped it.
                if (_engine.TryTake(out Outcome? outcome, Tick) && !cancellationToken.IsCancellationRequested)
                {
                    Write(outcome);
                }
                ReportProgress(final: false);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            FlushLog();
            ReportProgress(final: true);
        }

        /// <summary>In a job: fed from the queue until it is complete, writing what is ready between inputs, then the rest.</summary>
        public void WriteAll(BlockingCollection<object?> inputs, CancellationToken cancellationToken)
        {
            try
            {
                while (!inputs.IsCompleted)
                {
                    if (inputs.TryTake(out object? input, (int)InputTick.TotalMilliseconds, cancellationToken))
                    {
                        Add(input);
                    }
                    WriteReady();
                }
                WriteRest(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                Dispose();
            }
        }

        private void FlushLog()
        {
            _log.Drain(_sink.WriteVerbose, _sink.WriteDebug, _sink.WriteWarning);
        }

        private void Write(Outcome outcome)
        {
            if (outcome.Error != null)
            {
                _sink.WriteError(outcome.Error, outcome.Target);
                return;
            }
            object? value = _present(outcome);
            if (value != null)
            {
                _sink.WriteObject(value);
            }
        }

        private void ReportProgress(bool final)
        {
            TimeSpan now = _elapsed.Elapsed;
            if (_progress == null || (!final && now - _lastProgress < ProgressEvery))
            {
                return;
            }
            _lastProgress = now;
            _sink.WriteProgress(_progress(now), final);
        }
    }
}
