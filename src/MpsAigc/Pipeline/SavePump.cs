using System;
using System.Collections.Generic;
using System.Diagnostics;
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
    internal sealed class SavePump
    {
        private const int ProgressActivityId = 2;
        private const string Activity = "Saving AIGC videos";
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

        private readonly VideoSaveBatch _batch;
        private readonly VideoFileNamer _namer;
        private readonly QueuedLog _log;
        private readonly IRecordSink _sink;
        private readonly Func<string, bool> _shouldProcess;
        private readonly Func<string, PSObject> _getItem;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly HashSet<string> _claimed = new HashSet<string>(StringComparer.Ordinal);
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _lastProgress = -ProgressEvery;
        private int _unresolved;
        private bool _addingCompleted;

        public SavePump(
            VideoSaveBatch batch, VideoFileNamer namer, QueuedLog log, IRecordSink sink, Func<string, bool> shouldProcess, Func<string, PSObject> getItem, bool force, bool skipExisting)
        {
            _getItem = getItem;
            _batch = batch;
            _namer = namer;
            _log = log;
            _sink = sink;
            _shouldProcess = shouldProcess;
            _force = force;
            _skipExisting = skipExisting;
        }

        public void AddTask(VideoTask task)
        {
            Plan(task, task);
        }

        public void AddTaskId(string taskId)
        {
            _unresolved++;
            _batch.Resolve(taskId);
        }

        public void AddUrl(string text)
        {
            Guard(text, () =>
            {
                Uri url = SafeUrl.Parse(text);
                Offer(new DownloadPlan(null, null, 1, url, _namer.PathFor(VideoFileNamer.StemOf(url), 1, 1, null), SafeUrl.Show(url)));
            });
        }

        public void WriteReady()
        {
            _log.FlushTo(_sink);
            while (_batch.Outcomes.TryTake(out SaveOutcome outcome))
            {
                Write(outcome);
            }
            ReportProgress(final: false);
        }

        public void WriteAll(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Queried ids may still add files; the batch is complete once every one is planned.
                if (!_addingCompleted && _unresolved == 0)
                {
                    _addingCompleted = true;
                    _batch.CompleteAdding();
                }
                _log.FlushTo(_sink);
                if (_batch.Outcomes.TryTake(out SaveOutcome outcome, Tick))
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    Write(outcome);
                }
                else if (_batch.Outcomes.IsCompleted)
                {
                    break;
                }
                ReportProgress(final: false);
            }
            if (!cancellationToken.IsCancellationRequested)
            {
                _log.FlushTo(_sink);
                ReportProgress(final: true);
            }
        }

        private void Write(SaveOutcome outcome)
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
                    _sink.WriteObject(FileObject(outcome.Plan.Path, outcome.Plan));
                    break;
                default:
                    _sink.WriteError(ErrorRecords.From(outcome.Error, outcome.Target));
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
                _sink.WriteError(ErrorRecords.From(new MpsException("TaskNotDone", MpsErrorKind.InvalidOperation, why), input));
                return;
            }
            if (task.VideoUrls.Length == 0)
            {
                _sink.WriteError(ErrorRecords.From(new MpsException("NoVideoUrls", MpsErrorKind.InvalidResponse, "Task " + task.TaskId + " is DONE but the service gave no video URL."), input));
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
                Fail("DuplicateTarget", MpsErrorKind.InvalidArgument, "Another video of this command is already saved as " + plan.Path + "; give -FileName a template with {TaskId} and {Index}.", plan.Input);
                return;
            }
            if (Directory.Exists(plan.Path))
            {
                Fail("TargetIsFolder", MpsErrorKind.InvalidArgument, plan.Path + " is a folder; the video cannot be saved under that name.", plan.Input);
                return;
            }
            if (File.Exists(plan.Path))
            {
                if (_skipExisting)
                {
                    _sink.WriteObject(FileObject(plan.Path, plan));
                    return;
                }
                if (!_force)
                {
                    _sink.WriteError(new ErrorRecord(
                        new MpsException("FileExists", MpsErrorKind.InvalidOperation, "The file " + plan.Path + " already exists. -Force overwrites it; -SkipExisting keeps it and emits it as saved."),
                        "FileExists",
                        ErrorCategory.ResourceExists,
                        plan.Input));
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
                _sink.WriteError(ErrorRecords.From(e, input));
            }
        }

        private void Fail(string errorId, MpsErrorKind kind, string message, object input)
        {
            _sink.WriteError(ErrorRecords.From(new MpsException(errorId, kind, message), input));
        }

        private PSObject FileObject(string path, DownloadPlan plan)
        {
            PSObject file = _getItem(path);
            file.Properties.Add(new PSNoteProperty("TaskId", plan.TaskId));
            file.Properties.Add(new PSNoteProperty("SourceUrl", SafeUrl.Show(plan.Url)));
            return file;
        }

        private void ReportProgress(bool final)
        {
            TimeSpan now = _elapsed.Elapsed;
            if (!final && now - _lastProgress < ProgressEvery)
            {
                return;
            }
            _lastProgress = now;
            long done = Math.Max(0, _batch.BytesDone);
            long total = _batch.BytesTotal;
            double rate = now.TotalSeconds > 0 ? done / now.TotalSeconds : 0;
            var record = new ProgressRecord(
                ProgressActivityId,
                Activity,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} of {1} files, {2:0.0} of {3:0.0} MB at {4:0.0} MB/s",
                    _batch.FilesDone, _batch.FilesPlanned, done / 1e6, total / 1e6, rate / 1e6))
            {
                PercentComplete = total == 0 ? 0 : (int)Math.Min(100, done * 100 / total),
                SecondsRemaining = rate > 0 && total > done ? (int)((total - done) / rate) : -1,
                RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _sink.WriteProgress(record);
        }
    }
}
