using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Engine;
using MpsAigc.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>Queries a task by id at an endpoint (null: the command's own).</summary>
    /// <param name="endpoint">Where the task was found; null for the invocation's own.</param>
    public delegate Task<AigcTask> TaskQuery(string taskId, Uri? endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// What saving adds to the engine, for videos and images alike: each input (a task, an id to query
    /// first, a bare link) is planned into files (name, existing file, confirmation), and each file is
    /// downloaded, asking for a fresh link when its link has expired. Planning runs on the caller's thread;
    /// downloads run in the engine. How files are named is the kind's own (<see cref="ResultFiles"/>).
    /// </summary>
    public sealed class ResultSaves
    {
        private readonly TaskKind _kind;
        private readonly VideoDownloader _downloader;
        private readonly TaskQuery _query;
        private readonly ResultFiles _files;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly Func<string, bool> _shouldProcess;
        private readonly HashSet<string> _claimed = new HashSet<string>(FileSystemRules.Current.Paths);
        private long _bytesDone;
        private long _bytesTotal;
        private int _filesDone;
        private int _filesPlanned;

        /// <param name="shouldProcess">Asks whether a file may be saved (-WhatIf, -Confirm); true in a job.</param>
        public ResultSaves(TaskKind kind, VideoDownloader downloader, TaskQuery query, ResultFiles files, bool force, bool skipExisting, Func<string, bool> shouldProcess)
        {
            _kind = kind;
            _downloader = downloader;
            _query = query;
            _files = files;
            _force = force;
            _skipExisting = skipExisting;
            _shouldProcess = shouldProcess;
        }

        public long BytesDone => Interlocked.Read(ref _bytesDone);

        /// <summary>The summed length of every video whose length is known so far.</summary>
        public long BytesTotal => Interlocked.Read(ref _bytesTotal);

        public int FilesDone => Volatile.Read(ref _filesDone);

        public int FilesPlanned => Volatile.Read(ref _filesPlanned);

        /// <summary>The bar of a save: files and bytes so far, the rate, and the time left.</summary>
        public ProgressReport Progress(TimeSpan elapsed)
        {
            long done = Math.Max(0, BytesDone);
            long total = BytesTotal;
            double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            return new ProgressReport(
                2,
                "Saving AIGC " + _kind.Noun + "s",
                string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    "{0} of {1} files, {2:0.0} of {3:0.0} MB at {4:0.0} MB/s",
                    FilesDone, FilesPlanned, done / 1e6, total / 1e6, rate / 1e6),
                total == 0 ? 0 : (int)Math.Min(100, done * 100 / total),
                rate > 0 && total > done ? (int)((total - done) / rate) : -1);
        }

        /// <summary>
        /// A task is planned now; an id is queried first, and its task comes back as an outcome whose value
        /// is the task, for <see cref="Plan"/>; anything else is a link.
        /// </summary>
        public void Add(BatchEngine engine, object? input)
        {
            switch (input)
            {
                case AigcTask task when TaskKind.Of(task) != _kind:
                    engine.Add(Outcome.Failed(_kind.WrongKind(task, _kind.SaveCommand), task));
                    break;
                case AigcTask task:
                    Plan(engine, task, task);
                    break;
                case TaskIdInput id:
                    engine.Add(id.Value, async cancellationToken =>
                        Step.Done(Outcome.Of(await _query(TaskIdValidator.Validate(id.Value), null, cancellationToken).ConfigureAwait(false), id.Value)));
                    break;
                default:
                    AddUrl(engine, input as string);
                    break;
            }
        }

        /// <summary>Plans a task's files: one per result, or one error when it has none.</summary>
        public void Plan(BatchEngine engine, AigcTask task, object? input)
        {
            string noun = _kind.Noun;
            if (task.Status != VideoTaskStatus.DONE)
            {
                string why = task.Status == VideoTaskStatus.FAIL
                    ? "Task " + task.TaskId + " failed, so it has no " + noun + ": " + (task.Message ?? "the service gave no reason")
                    : "Task " + task.TaskId + " is " + task.Status + ", not DONE; it has no " + noun + " yet. Pipe it through " + _kind.WaitCommand + " first.";
                Fail(engine, ErrorIds.TaskNotDone, MpsErrorKind.InvalidOperation, why, input);
                return;
            }
            IReadOnlyList<string> urls = task.ResultUrls;
            if (urls.Count == 0)
            {
                Fail(engine, _kind.NoResultsId, MpsErrorKind.InvalidResponse, "Task " + task.TaskId + " is DONE but the service gave no " + noun + " URL.", input);
                return;
            }
            for (int i = 0; i < urls.Count; i++)
            {
                int index = i + 1;
                Guard(engine, input, () =>
                {
                    Uri url = SafeUrl.Parse(urls[index - 1]);
                    Offer(engine, new DownloadPlan(task.TaskId, task.Endpoint, index, url, _files.PathFor(task, index, urls.Count), input));
                });
            }
        }

        private void AddUrl(BatchEngine engine, string? text)
        {
            // An error's target is shown in error views and logs: never the link's signed query.
            Guard(engine, SafeUrl.ShowText(text), () =>
            {
                Uri url = SafeUrl.Parse(text);
                Offer(engine, new DownloadPlan(null, null, 1, url, _files.PathForUrl(url), SafeUrl.Show(url)));
            });
        }

        private void Offer(BatchEngine engine, DownloadPlan plan)
        {
            if (!_claimed.Add(plan.Path))
            {
                Fail(engine, ErrorIds.DuplicateTarget, MpsErrorKind.InvalidArgument, "Another " + _kind.Noun + " of this command is already saved as " + plan.Path + "; give -FileName a template with {TaskId} and {Index}.", plan.Input);
                return;
            }
            string? tooLong = FileSystemRules.Current.TooLong(_files.DownloadPath(plan.Path));
            if (tooLong != null)
            {
                Fail(engine, ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, tooLong, plan.Input);
                return;
            }
            if (Directory.Exists(plan.Path))
            {
                Fail(engine, ErrorIds.TargetIsFolder, MpsErrorKind.InvalidArgument, plan.Path + " is a folder; the " + _kind.Noun + " cannot be saved under that name.", plan.Input);
                return;
            }
            string? existing = _files.Existing(plan.Path);
            if (existing != null)
            {
                if (_skipExisting)
                {
                    engine.Add(Outcome.Of(new SavedFile(plan, existing), plan.Input));
                    return;
                }
                if (!_force)
                {
                    Fail(engine, ErrorIds.FileExists, MpsErrorKind.Exists, "The file " + existing + " already exists. -Force overwrites it; -SkipExisting keeps it and emits it as saved.", plan.Input);
                    return;
                }
            }
            if (_shouldProcess(plan.Path))
            {
                Interlocked.Increment(ref _filesPlanned);
                engine.Add(plan.Input, async cancellationToken =>
                {
                    string download = _files.DownloadPath(plan.Path);
                    await DownloadRenewingAsync(plan, download, cancellationToken).ConfigureAwait(false);
                    string saved = _files.Finish(download, plan.Path, _force);
                    Interlocked.Increment(ref _filesDone);
                    return Step.Done(Outcome.Of(new SavedFile(plan, saved), plan.Input));
                });
            }
        }

        private async Task DownloadRenewingAsync(DownloadPlan plan, string path, CancellationToken cancellationToken)
        {
            bool lengthCounted = false;
            Action<long> onLength = length =>
            {
                if (!lengthCounted)
                {
                    lengthCounted = true;
                    Interlocked.Add(ref _bytesTotal, length);
                }
            };
            Action<long> onBytes = bytes => Interlocked.Add(ref _bytesDone, bytes);
            try
            {
                await _downloader.DownloadAsync(plan.Url, path, _files.OverwritesDownload || _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
            catch (MpsException e) when (e.ErrorId == ErrorIds.VideoUrlExpired && plan.TaskId != null)
            {
                // Signed links expire; while the service still keeps the video, asking again renews them.
                AigcTask fresh = await _query(plan.TaskId, plan.Endpoint, cancellationToken).ConfigureAwait(false);
                if (fresh.Status != VideoTaskStatus.DONE || fresh.ResultUrls.Count < plan.Index)
                {
                    throw;
                }
                plan.Url = new Uri(fresh.ResultUrls[plan.Index - 1]);
                await _downloader.DownloadAsync(plan.Url, path, _files.OverwritesDownload || _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
        }

        private static void Guard(BatchEngine engine, object? input, Action action)
        {
            try
            {
                action();
            }
            catch (MpsException e)
            {
                engine.Add(Outcome.Failed(e, input));
            }
        }

        private static void Fail(BatchEngine engine, string errorId, MpsErrorKind kind, string message, object? input)
        {
            engine.Add(Outcome.Failed(new MpsException(errorId, kind, message), input));
        }
    }
}
