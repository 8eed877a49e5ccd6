using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Tasks;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Runs a <see cref="TaskWaiter"/> and moves what it says into a sink: each task as it finishes, the
    /// errors, the log lines, and one progress bar refreshed at most a few times a second.
    /// </summary>
    internal sealed class WaitPump
    {
        private const int ProgressActivityId = 1;
        private const string Activity = "Waiting for AIGC video tasks";
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        private readonly TaskWaiter _waiter;
        private readonly QueuedLog _log;
        private readonly IRecordSink _sink;
        private readonly bool _includeFailed;
        private readonly TimeSpan _timeout;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _lastProgress = -ProgressEvery;
        private Task _run;

        public WaitPump(TaskWaiter waiter, QueuedLog log, IRecordSink sink, bool includeFailed, TimeSpan timeout)
        {
            _waiter = waiter;
            _log = log;
            _sink = sink;
            _includeFailed = includeFailed;
            _timeout = timeout;
        }

        public void Start(CancellationToken cancellationToken)
        {
            _run = Task.Run(() => _waiter.RunAsync(cancellationToken));
        }

        public void Add(object input)
        {
            if (input is VideoTask task)
            {
                _waiter.Add(task);
            }
            else
            {
                _waiter.Add(input as string);
            }
        }

        /// <summary>Writes what has finished so far, without waiting: called between pipeline inputs.</summary>
        public void WriteReady()
        {
            _log.FlushTo(_sink);
            while (_waiter.Outcomes.TryTake(out WaitOutcome outcome))
            {
                Write(outcome);
            }
            ReportProgress(final: false);
        }

        /// <summary>Writes every task's ending as it comes; returns early, without writing more, once cancelled.</summary>
        public void WriteAll(CancellationToken cancellationToken)
        {
            _waiter.CompleteAdding();
            while (!cancellationToken.IsCancellationRequested)
            {
                _log.FlushTo(_sink);
                if (_waiter.Outcomes.TryTake(out WaitOutcome outcome, Tick))
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    Write(outcome);
                }
                else if (_waiter.Outcomes.IsCompleted)
                {
                    break;
                }
                ReportProgress(final: false);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _log.FlushTo(_sink);
            ReportProgress(final: true);
            if (_run.IsFaulted)
            {
                // A defect of ours; said once rather than leaving tasks silently unreported.
                Exception error = _run.Exception.GetBaseException();
                _sink.WriteError(new ErrorRecord(error, "WaitFailed", ErrorCategory.NotSpecified, null));
            }
        }

        private void Write(WaitOutcome outcome)
        {
            switch (outcome.Kind)
            {
                case WaitOutcomeKind.Done:
                    _sink.WriteObject(outcome.Task);
                    break;
                case WaitOutcomeKind.Failed when _includeFailed:
                    _sink.WriteObject(outcome.Task);
                    break;
                case WaitOutcomeKind.Failed:
                    _sink.WriteError(new ErrorRecord(
                        new MpsException("TaskFailed", MpsErrorKind.InvalidOperation, "Task " + outcome.TaskId + " failed: " + Sentence(outcome.Task.Message ?? "the service gave no reason")),
                        "TaskFailed",
                        ErrorCategory.InvalidResult,
                        outcome.Task));
                    break;
                case WaitOutcomeKind.TimedOut:
                    string state = outcome.Task == null ? "not yet answered" : "still " + outcome.Task.Status;
                    string lastError = outcome.Error == null ? string.Empty : " The last poll failed: " + outcome.Error.Message;
                    _sink.WriteError(new ErrorRecord(
                        new MpsException(
                            "WaitTimeout",
                            MpsErrorKind.Timeout,
                            "Task " + outcome.TaskId + " is " + state + " after " + Format(_timeout)
                            + ". Wait longer with -Timeout (off-peak tasks may take up to 48 hours), or ask again later with Get-MpsAigcVideoTask." + lastError),
                        "WaitTimeout",
                        ErrorCategory.OperationTimeout,
                        (object)outcome.Task ?? outcome.Input));
                    break;
                default:
                    _sink.WriteError(ErrorRecords.From(outcome.Error, outcome.Input));
                    break;
            }
        }

        private void ReportProgress(bool final)
        {
            TimeSpan now = _elapsed.Elapsed;
            if (!final && now - _lastProgress < ProgressEvery)
            {
                return;
            }
            _lastProgress = now;
            WaitCounts counts = _waiter.Counts;
            var record = new ProgressRecord(
                ProgressActivityId,
                Activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} done, {1} failed, {2} running, {3} waiting of {4} ({5})",
                    counts.Done, counts.Failed, counts.Running, counts.Waiting, counts.Total, Format(now)))
            {
                PercentComplete = counts.Total == 0 ? 0 : (int)(counts.Finished * 100L / counts.Total),
                RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _sink.WriteProgress(record);
        }

        private static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) ? text : text + ".";
        }

        private static string Format(TimeSpan span)
        {
            return span.TotalHours >= 1
                ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + span.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
                : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        }
    }
}
