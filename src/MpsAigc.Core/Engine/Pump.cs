using System;
using System.Diagnostics;
using System.Threading;
using MpsAigc.Common;

namespace MpsAigc.Engine
{
    /// <summary>
    /// The one pump: inputs go into the engine through the cmdlet's own feed, and outcomes, the core's log
    /// lines and a progress bar (at most a few times a second) come out into a sink. The cmdlet drives it on
    /// the pipeline thread; a job drives the very same pump on its own thread. It sleeps until something is
    /// there to write: an outcome, a log line, a job's input, the next progress report or a stop wakes it.
    /// </summary>
    public sealed class Pump : IDisposable
    {
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        private readonly BatchEngine _engine;
        private readonly QueuedLog _log;
        private readonly IPumpSink _sink;
        private readonly Action<BatchEngine, object?> _feed;
        private readonly Func<Outcome, object?> _present;
        private readonly Func<TimeSpan, ProgressReport>? _progress;
        private readonly IDisposable? _owned;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        /// <summary>Set by whatever gives the pump something to write; reset before it looks.</summary>
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false);
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
            engine.OnOutcome(_wake.Set);
            log.OnLine(_wake.Set);
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
            while (true)
            {
                _wake.Reset();
                FlushLog();
                while (_engine.TryTake(out Outcome? outcome))
                {
                    // Checked once it is taken: an outcome that came of the stop is no news to whoever stopped it.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    Write(outcome);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                if (_engine.IsFinished)
                {
                    break;
                }
                ReportProgress(final: false);
                if (!Sleep(cancellationToken))
                {
                    return;
                }
            }
            FlushLog();
            ReportProgress(final: true);
        }

        /// <summary>In a job: fed from its inputs as they come, writing what is ready between them, then the rest.</summary>
        public void WriteAll(PumpInputs inputs, CancellationToken cancellationToken)
        {
            try
            {
                inputs.OnArrival(_wake.Set);
                while (true)
                {
                    _wake.Reset();
                    while (inputs.TryTake(out object? input))
                    {
                        Add(input);
                    }
                    if (inputs.IsCompleted)
                    {
                        break;
                    }
                    WriteReady();
                    if (!Sleep(cancellationToken))
                    {
                        return;
                    }
                }
                WriteRest(cancellationToken);
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>Until something is there to write, or the next progress report is due; false once stopped.</summary>
        private bool Sleep(CancellationToken cancellationToken)
        {
            TimeSpan wait = _progress == null ? Timeout.InfiniteTimeSpan : ProgressEvery - (_elapsed.Elapsed - _lastProgress);
            try
            {
                _wake.Wait(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
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
