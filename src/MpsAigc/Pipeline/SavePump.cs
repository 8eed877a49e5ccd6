using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Downloads;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Plans each video's file (name, existing file, confirmation) and hands the downloads to a
    /// <see cref="VideoSaveBatch"/>; writes each saved file, error and progress into a sink as it happens.
    /// </summary>
    internal sealed class SavePump : StreamingPump<SaveOutcome>, IDisposable
    {
        private const int ProgressActivityId = 2;
        private const string Activity = "Saving AIGC videos";

        private readonly VideoSaveBatch _batch;
        private readonly VideoFileNamer _namer;
        private readonly Func<string, bool> _shouldProcess;
        private readonly Func<string, PSObject> _getItem;
        private readonly IDisposable _owned;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly HashSet<string> _claimed = new HashSet<string>(StringComparer.Ordinal);
        private int _unresolved;
        private bool _addingCompleted;

        /// <param name="owned">Disposed with the pump (the private runspace behind <paramref name="getItem"/> in a job).</param>
        public SavePump(
            VideoSaveBatch batch, VideoFileNamer namer, QueuedLog log, IRecordSink sink, Func<string, bool> shouldProcess,
            Func<string, PSObject> getItem, IDisposable owned, bool force, bool skipExisting)
            : base(batch.Outcomes, log, sink)
        {
            _batch = batch;
            _namer = namer;
            _shouldProcess = shouldProcess;
            _getItem = getItem;
            _owned = owned;
            _force = force;
            _skipExisting = skipExisting;
        }

        public override void Add(object input)
        {
            switch (input)
            {
                case VideoTask task:
                    Plan(task, task);
                    break;
                case TaskIdInput id:
                    _unresolved++;
                    _batch.Resolve(id.Value);
                    break;
                default:
                    AddUrl(input as string);
                    break;
            }
        }

        public void Dispose()
        {
            _owned?.Dispose();
        }

        protected override void BeforeWait()
        {
            // Queried ids may still add files; the batch is complete once every one is planned.
            if (!_addingCompleted && _unresolved == 0)
            {
                _addingCompleted = true;
                _batch.CompleteAdding();
            }
        }

        protected override ProgressRecord Progress(TimeSpan elapsed)
        {
            long done = Math.Max(0, _batch.BytesDone);
            long total = _batch.BytesTotal;
            double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            return new ProgressRecord(
                ProgressActivityId,
                Activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} of {1} files, {2:0.0} of {3:0.0} MB at {4:0.0} MB/s",
                    _batch.FilesDone, _batch.FilesPlanned, done / 1e6, total / 1e6, rate / 1e6))
            {
                PercentComplete = total == 0 ? 0 : (int)Math.Min(100, done * 100 / total),
                SecondsRemaining = rate > 0 && total > done ? (int)((total - done) / rate) : -1,
            };
        }

        private void AddUrl(string text)
        {
            // An error's target is shown in error views and logs: never the link's signed query.
            Guard(SafeUrl.ShowText(text), () =>
            {
                Uri url = SafeUrl.Parse(text);
                Offer(new DownloadPlan(null, null, 1, url, _namer.PathFor(VideoFileNamer.StemOf(url), 1, 1, null), SafeUrl.Show(url)));
            });
        }

        protected override void Write(SaveOutcome outcome)
        {
            if (outcome.IsResolution)
            {
                _unresolved--;
            }
            switch (outcome.Kind)
            {
                case SaveOutcomeKind.Resolved:
                    Plan(outcome.Task, outcome.Target);
                    break;
                case SaveOutcomeKind.Saved:
                    Sink.WriteObject(FileObject(outcome.Plan.Path, outcome.Plan));
                    break;
                default:
                    Sink.WriteError(ErrorRecords.From(outcome.Error, outcome.Target));
                    break;
            }
        }

        private void Plan(VideoTask task, object input)
        {
            if (task.Status != VideoTaskStatus.DONE)
            {
                string why = task.Status == VideoTaskStatus.FAIL
                    ? "Task " + task.TaskId + " failed, so it has no video: " + (task.Message ?? "the service gave no reason")
                    : "Task " + task.TaskId + " is " + task.Status + ", not DONE; it has no video yet. Pipe it through Wait-MpsAigcVideoTask first.";
                Sink.WriteError(ErrorRecords.From(new MpsException(ErrorIds.TaskNotDone, MpsErrorKind.InvalidOperation, why), input));
                return;
            }
            if (task.VideoUrls.Length == 0)
            {
                Sink.WriteError(ErrorRecords.From(new MpsException(ErrorIds.NoVideoUrls, MpsErrorKind.InvalidResponse, "Task " + task.TaskId + " is DONE but the service gave no video URL."), input));
                return;
            }
            for (int i = 0; i < task.VideoUrls.Length; i++)
            {
                int index = i + 1;
                Guard(input, () =>
                {
                    Uri url = SafeUrl.Parse(task.VideoUrls[index - 1]);
                    string path = _namer.PathFor(task.TaskId, index, task.VideoUrls.Length, task.Resolution);
                    Offer(new DownloadPlan(task.TaskId, task.Endpoint, index, url, path, input));
                });
            }
        }

        private void Offer(DownloadPlan plan)
        {
            if (!_claimed.Add(plan.Path))
            {
                Fail(ErrorIds.DuplicateTarget, MpsErrorKind.InvalidArgument, "Another video of this command is already saved as " + plan.Path + "; give -FileName a template with {TaskId} and {Index}.", plan.Input);
                return;
            }
            if (Directory.Exists(plan.Path))
            {
                Fail(ErrorIds.TargetIsFolder, MpsErrorKind.InvalidArgument, plan.Path + " is a folder; the video cannot be saved under that name.", plan.Input);
                return;
            }
            if (File.Exists(plan.Path))
            {
                if (_skipExisting)
                {
                    Sink.WriteObject(FileObject(plan.Path, plan));
                    return;
                }
                if (!_force)
                {
                    Sink.WriteError(ErrorRecords.From(
                        new MpsException(ErrorIds.FileExists, MpsErrorKind.InvalidOperation, "The file " + plan.Path + " already exists. -Force overwrites it; -SkipExisting keeps it and emits it as saved."),
                        plan.Input,
                        ErrorCategory.ResourceExists));
                    return;
                }
            }
            if (_shouldProcess(plan.Path))
            {
                _batch.Save(plan, _force);
            }
        }

        private void Guard(object input, Action action)
        {
            try
            {
                action();
            }
            catch (MpsException e)
            {
                Sink.WriteError(ErrorRecords.From(e, input));
            }
        }

        private void Fail(string errorId, MpsErrorKind kind, string message, object input)
        {
            Sink.WriteError(ErrorRecords.From(new MpsException(errorId, kind, message), input));
        }

        private PSObject FileObject(string path, DownloadPlan plan)
        {
            PSObject file = _getItem(path);
            file.Properties.Add(new PSNoteProperty("TaskId", plan.TaskId));
            file.Properties.Add(new PSNoteProperty("SourceUrl", SafeUrl.Show(plan.Url)));
            return file;
        }
    }

    /// <summary>An id from -TaskId, marked so that it is not taken for a URL on its way into a job.</summary>
    internal sealed class TaskIdInput
    {
        public TaskIdInput(string value)
        {
            Value = value;
        }

        public string Value { get; }
    }
}
