using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Downloads;
using MpsAigc.Engine;
using MpsAigc.Tasks;

namespace MpsAigc.Saving
{
    /// <summary>
    /// What saving adds to the engine, for videos and images alike: each input (a task, an id to query
    /// first, a bare link) is planned into files (name, existing file, confirmation), and each file is
    /// downloaded, asking for a fresh link when its link has expired. Planning runs on the caller's thread;
    /// downloads run in the engine. How files are named is the kind's own (<see cref="ResultFiles"/>).
    /// </summary>
    public sealed class ResultSaves
    {
        private readonly TaskKind _kind;
        private readonly ResultDownloader _downloader;
        private readonly TaskQuery _query;
        private readonly ResultFiles _files;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly Func<string, bool> _shouldProcess;
        private readonly PumpThread _pumpThread;

        /// <summary>The paths planned so far; an id's files are planned on the engine's threads, so under its own lock.</summary>
        private readonly HashSet<string> _claimed = new HashSet<string>(FileSystemRules.Current.Paths);
        private long _bytesDone;
        private long _bytesTotal;
        private int _filesDone;
        private int _filesPlanned;

        /// <param name="shouldProcess">Asks whether a file may be saved (-WhatIf, -Confirm); true in a job.</param>
        /// <param name="pumpThread">Where <paramref name="shouldProcess"/> is asked for an id's files, which are planned off it.</param>
        public ResultSaves(TaskKind kind, ResultDownloader downloader, TaskQuery query, ResultFiles files, bool force, bool skipExisting, Func<string, bool> shouldProcess, PumpThread pumpThread)
        {
            _pumpThread = pumpThread;
            _kind = kind;
            _downloader = downloader;
            _query = query;
            _files = files;
            _force = force;
            _skipExisting = skipExisting;
            _shouldProcess = shouldProcess;
        }

        public long BytesDone => Interlocked.Read(ref _bytesDone);

        /// <summary>The summed length of every file whose length is known so far.</summary>
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
        /// A task or a link is planned now, on the pump's thread; an id is one item of the batch that queries it and
        /// then plans its files, which join the batch as items of their own.
        /// </summary>
        public void Add(BatchEngine<SavedFile> engine, SaveInput input)
        {
            if (input.Task is AigcTask task)
            {
                if (task.TaskKind != _kind)
                {
                    engine.Add(Outcome<SavedFile>.Failed(_kind.WrongKind(task, _kind.SaveCommand), task));
                    return;
                }
                foreach (DownloadPlan plan in Plans(engine, task, task))
                {
                    if (Admit(engine, plan) && _shouldProcess(plan.Path))
                    {
                        Download(engine, plan);
                    }
                }
            }
            else if (input.IsId)
            {
                engine.Add(input.TaskId, async cancellationToken =>
                {
                    AigcTask queried = await _query(_kind.ValidateId(input.TaskId), null, cancellationToken).ConfigureAwait(false);
                    foreach (DownloadPlan plan in Plans(engine, queried, input.TaskId))
                    {
                        if (Admit(engine, plan) && await _pumpThread.RunAsync(() => _shouldProcess(plan.Path), cancellationToken).ConfigureAwait(false))
                        {
                            Download(engine, plan);
                        }
                    }
                    // Its files (or their errors) stand for it.
                    return Step<SavedFile>.Done(Outcome<SavedFile>.Nothing(input.TaskId));
                });
            }
            else
            {
                AddUrl(engine, input.Url);
            }
        }

        /// <summary>A task's files, one per result; none, with one error, when it has none.</summary>
        private List<DownloadPlan> Plans(BatchEngine<SavedFile> engine, AigcTask task, object? input)
        {
            var plans = new List<DownloadPlan>();
            string noun = _kind.Noun;
            if (task.Status != AigcTaskStatus.DONE)
            {
                string why = task.Status == AigcTaskStatus.FAIL
                    ? "Task " + task.TaskId + " failed, so it has no " + noun + ": " + (task.Message ?? "the service gave no reason")
                    : "Task " + task.TaskId + " is " + task.Status + ", not DONE; it has no " + noun + " yet. Pipe it through " + _kind.WaitCommand + " first.";
                Fail(engine, ErrorIds.TaskNotDone, MpsErrorKind.InvalidOperation, why, input);
                return plans;
            }
            IReadOnlyList<string> urls = task.ResultUrls;
            if (urls.Count == 0)
            {
                Fail(engine, _kind.NoResultsId, MpsErrorKind.InvalidResponse, "Task " + task.TaskId + " is DONE but the service gave no " + noun + " URL.", input);
                return plans;
            }
            for (int i = 0; i < urls.Count; i++)
            {
                int index = i + 1;
                Guard(engine, input, () => plans.Add(new DownloadPlan(task.TaskId, task.Endpoint, index, SafeUrl.Parse(urls[index - 1]), _files.PathFor(task, index, urls.Count), input)));
            }
            return plans;
        }

        private void AddUrl(BatchEngine<SavedFile> engine, string? text)
        {
            // An error's target is shown in error views and logs: never the link's signed query.
            Guard(engine, SafeUrl.ShowText(text), () =>
            {
                Uri url = SafeUrl.Parse(text);
                var plan = new DownloadPlan(null, null, 1, url, _files.PathForUrl(url), SafeUrl.Show(url));
                if (Admit(engine, plan) && _shouldProcess(plan.Path))
                {
                    Download(engine, plan);
                }
            });
        }

        /// <summary>
        /// Whether the plan's file may be saved, before anyone is asked: a second file of the same name, a name too
        /// long, a folder or a file in the way end it here (with its error, or the kept file for -SkipExisting).
        /// </summary>
        private bool Admit(BatchEngine<SavedFile> engine, DownloadPlan plan)
        {
            bool claimed;
            lock (_claimed)
            {
                claimed = _claimed.Add(plan.Path);
            }
            if (!claimed)
            {
                Fail(engine, ErrorIds.DuplicateTarget, MpsErrorKind.InvalidArgument, "Another " + _kind.Noun + " of this command is already saved as " + plan.Path + "; give -FileName a template with {TaskId} and {Index}.", plan.Input);
                return false;
            }
            string? tooLong = FileSystemRules.Current.TooLong(_files.DownloadPath(plan.Path));
            if (tooLong != null)
            {
                Fail(engine, ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, tooLong, plan.Input);
                return false;
            }
            if (Directory.Exists(plan.Path))
            {
                Fail(engine, ErrorIds.TargetIsFolder, MpsErrorKind.InvalidArgument, plan.Path + " is a folder; the " + _kind.Noun + " cannot be saved under that name.", plan.Input);
                return false;
            }
            string? existing = _files.Existing(plan.Path);
            if (existing == null || _force)
            {
                return true;
            }
            if (_skipExisting)
            {
                engine.Add(Outcome<SavedFile>.Of(new SavedFile(plan, existing), plan.Input));
            }
            else
            {
                Fail(engine, ErrorIds.FileExists, MpsErrorKind.Exists, "The file " + existing + " already exists. -Force overwrites it; -SkipExisting keeps it and emits it as saved.", plan.Input);
            }
            return false;
        }

        /// <summary>The file's download joins the batch: saved whole under its name, or one error.</summary>
        private void Download(BatchEngine<SavedFile> engine, DownloadPlan plan)
        {
            Interlocked.Increment(ref _filesPlanned);
            engine.Add(plan.Input, async cancellationToken =>
            {
                string download = _files.DownloadPath(plan.Path);
                await DownloadRenewingAsync(plan, download, cancellationToken).ConfigureAwait(false);
                string saved = _files.Finish(download, plan.Path, _force);
                Interlocked.Increment(ref _filesDone);
                return Step<SavedFile>.Done(Outcome<SavedFile>.Of(new SavedFile(plan, saved), plan.Input));
            });
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
                try
                {
                    await _downloader.DownloadAsync(plan.Url, path, _files.OverwritesDownload || _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
                }
                catch (MpsException e) when (e.ErrorId == ErrorIds.ResultUrlExpired && plan.TaskId != null)
                {
                    // Signed links expire; while the service still keeps the result, asking again renews them.
                    AigcTask fresh = await _query(plan.TaskId, plan.Endpoint, cancellationToken).ConfigureAwait(false);
                    if (fresh.Status != AigcTaskStatus.DONE || fresh.ResultUrls.Count < plan.Index)
                    {
                        throw;
                    }
                    plan.Url = new Uri(fresh.ResultUrls[plan.Index - 1]);
                    await _downloader.DownloadAsync(plan.Url, path, _files.OverwritesDownload || _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (MpsException e) when (e.ErrorId == ErrorIds.ResultUrlExpired && e.ErrorId != _kind.ExpiredUrlId)
            {
                // Each kind says it with its own id: videos keep the VideoUrlExpired scripts have always matched.
                throw new MpsException(_kind.ExpiredUrlId, e.Kind, e.Message, e);
            }
        }

        private static void Guard(BatchEngine<SavedFile> engine, object? input, Action action)
        {
            try
            {
                action();
            }
            catch (MpsException e)
            {
                engine.Add(Outcome<SavedFile>.Failed(e, input));
            }
        }

        private static void Fail(BatchEngine<SavedFile> engine, string errorId, MpsErrorKind kind, string message, object? input)
        {
            engine.Add(Outcome<SavedFile>.Failed(new MpsException(errorId, kind, message), input));
        }
    }
}
