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
    /// <typeparam name="TInput">What the cmdlet hands over for each input, converted once at its edge.</typeparam>
    /// <typeparam name="TResult">What the batch's work gives for an input: a task, a saved file.</typeparam>
    public sealed class Pump<TInput, TResult> : IDisposable
        where TResult : class
    {
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        private readonly BatchEngine<TResult> _engine;
        private readonly QueuedLog _log;
        private readonly IPumpSink _sink;
        private readonly Action<BatchEngine<TResult>, TInput> _feed;
        private readonly Func<TResult, object> _present;
        private readonly PumpThread _thread;
        private readonly Func<TimeSpan, ProgressReport>? _progress;
        private readonly IDisposable? _owned;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        /// <summary>Set by whatever gives the pump something to write; reset before it looks.</summary>
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false);
        private TimeSpan _lastProgress = -ProgressEvery;
        private int _disposed;

        /// <param name="feed">How one input joins the engine: the cmdlet's own request, schedule or file.</param>
        /// <param name="present">What a result is as the pipeline sees it (a file's provider item); by default itself. No side effects: it only shows.</param>
        /// <param name="progress">The bar at a moment of the run; null for no bar.</param>
        /// <param name="owned">What the run holds (a journal), let go when the run ends, however it ends (<see cref="Dispose"/>).</param>
        /// <param name="thread">Where the work's calls for the pump's thread go (-Confirm's questions); null when it makes none.</param>
        public Pump(
            BatchEngine<TResult> engine, QueuedLog log, IPumpSink sink, Action<BatchEngine<TResult>, TInput> feed,
            Func<TResult, object>? present = null, Func<TimeSpan, ProgressReport>? progress = null, IDisposable? owned = null, PumpThread? thread = null)
        {
            _engine = engine;
            _log = log;
            _sink = sink;
            _feed = feed;
            _present = present ?? (result => result);
            _progress = progress;
            _owned = owned;
            _thread = thread ?? new PumpThread();
            engine.OnOutcome(_wake.Set);
            log.OnLine(_wake.Set);
            _thread.Attach(_wake.Set);
        }

        public void Add(TInput input)
        {
            _thread.RunWaiting();
            _feed(_engine, input);
        }

        /// <summary>Writes what is ready now, without waiting: called between pipeline inputs.</summary>
        public void WriteReady()
        {
            _thread.RunWaiting();
            FlushLog();
            while (_engine.TryTake(out Outcome<TResult>? outcome))
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
                _thread.RunWaiting();
                FlushLog();
                while (_engine.TryTake(out Outcome<TResult>? outcome))
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
        public void WriteAll(PumpInputs<TInput> inputs, CancellationToken cancellationToken)
        {
            try
            {
                inputs.OnArrival(_wake.Set);
                while (true)
                {
                    _wake.Reset();
                    while (inputs.TryTake(out TInput? input))
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
            try
            {
                _wake.Wait(UntilProgressDue(), cancellationToken);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        /// <summary>Without a bar, only a wake ends the sleep (infinite is -1 ms: it must not be clamped to none, a spin).</summary>
        private TimeSpan UntilProgressDue()
        {
            if (_progress == null)
            {
                return Timeout.InfiniteTimeSpan;
            }
            TimeSpan left = ProgressEvery - (_elapsed.Elapsed - _lastProgress);
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }

        private void FlushLog()
        {
            _log.Drain(_sink.WriteVerbose, _sink.WriteDebug, _sink.WriteWarning);
        }

        private void Write(Outcome<TResult> outcome)
        {
            if (outcome.Error != null)
            {
                _sink.WriteError(outcome.Error, outcome.Target);
            }
            else if (outcome.Value != null)
            {
                _sink.WriteObject(_present(outcome.Value));
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
