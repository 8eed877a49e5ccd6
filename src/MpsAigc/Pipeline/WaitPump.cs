using System;
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
    internal sealed class WaitPump : StreamingPump<WaitOutcome>
    {
        private const int ProgressActivityId = 1;
        private const string Activity = "Waiting for AIGC video tasks";

        private readonly TaskWaiter _waiter;
        private readonly bool _includeFailed;
        private readonly TimeSpan _timeout;
        private bool _addingCompleted;
        private Task _run;

        public WaitPump(TaskWaiter waiter, QueuedLog log, IRecordSink sink, bool includeFailed, TimeSpan timeout)
            : base(waiter.Outcomes, log, sink)
        {
            _waiter = waiter;
            _includeFailed = includeFailed;
            _timeout = timeout;
        }

        /// <summary>The polls' rate for the progress line (what the budget allows and what goes); null shows none.</summary>
        public Func<MpsAigc.Http.RateReading> Rate { get; set; }

        public void Start(CancellationToken cancellationToken)
        {
            _run = Task.Run(() => _waiter.RunAsync(cancellationToken));
        }

        public override void Add(object input)
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

        protected override void BeforeWait()
        {
            if (!_addingCompleted)
            {
                _addingCompleted = true;
                _waiter.CompleteAdding();
            }
        }

        protected override void AfterAll()
        {
            if (_run.IsFaulted)
            {
                // A defect of ours; said once rather than leaving tasks silently unreported.
                Exception error = _run.Exception.GetBaseException();
                Sink.WriteError(ErrorRecords.Unexpected(error, ErrorIds.WaitFailed, null));
            }
        }

        protected override ProgressRecord Progress(TimeSpan elapsed)
        {
            WaitCounts counts = _waiter.Counts;
            return new ProgressRecord(
                ProgressActivityId,
                Activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} done, {1} failed, {2} running, {3} waiting of {4} ({5}{6})",
                    counts.Done, counts.Failed, counts.Running, counts.Waiting, counts.Total, Format(elapsed), Rate?.Invoke() is MpsAigc.Http.RateReading rate ? "; " + rate : string.Empty))
            {
                PercentComplete = counts.Total == 0 ? 0 : (int)(counts.Finished * 100L / counts.Total),
            };
        }

        protected override void Write(WaitOutcome outcome)
        {
            switch (outcome.Kind)
            {
                case WaitOutcomeKind.Done:
                    Sink.WriteObject(outcome.Task);
                    break;
                case WaitOutcomeKind.Failed when _includeFailed:
                    Sink.WriteObject(outcome.Task);
                    break;
                case WaitOutcomeKind.Failed:
                    Sink.WriteError(ErrorRecords.From(
                        new MpsException(ErrorIds.TaskFailed, MpsErrorKind.InvalidOperation, "Task " + outcome.TaskId + " failed: " + Sentence(outcome.Task.Message ?? "the service gave no reason")),
                        outcome.Task,
                        ErrorCategory.InvalidResult));
                    break;
                case WaitOutcomeKind.TimedOut:
                    string state = outcome.Task == null ? "not yet answered" : "still " + outcome.Task.Status;
                    string lastError = outcome.Error == null ? string.Empty : " The last poll failed: " + outcome.Error.Message;
                    Sink.WriteError(ErrorRecords.From(
                        new MpsException(
                            ErrorIds.WaitTimeout,
                            MpsErrorKind.Timeout,
                            "Task " + outcome.TaskId + " is " + state + " after " + Format(_timeout)
                            + ". Wait longer with -Timeout (off-peak tasks may take up to 48 hours), or ask again later with Get-MpsAigcVideoTask." + lastError),
                        (object)outcome.Task ?? outcome.Input));
                    break;
                default:
                    Sink.WriteError(ErrorRecords.From(outcome.Error, outcome.Input));
                    break;
            }
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
