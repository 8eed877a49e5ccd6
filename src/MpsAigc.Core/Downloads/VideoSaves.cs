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
    public delegate Task<VideoTask> TaskQuery(string taskId, Uri endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// What saving adds to the engine: each input (a task, an id to query first, a bare link) is planned
    /// into files (name, existing file, confirmation), and each file is downloaded, asking for a fresh link
    /// when its link has expired. Planning runs on the caller's thread; downloads run in the engine.
    /// </summary>
    public sealed class VideoSaves
    {
        private readonly VideoDownloader _downloader;
        private readonly TaskQuery _query;
        private readonly VideoFileNamer _namer;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly Func<string, bool> _shouldProcess;
        private readonly HashSet<string> _claimed = new HashSet<string>(StringComparer.Ordinal);
        private long _bytesDone;
        private long _bytesTotal;
        private int _filesDone;
        private int _filesPlanned;

        /// <param name="shouldProcess">Asks whether a file may be saved (-WhatIf, -Confirm); true in a job.</param>
        public VideoSaves(VideoDownloader downloader, TaskQuery query, VideoFileNamer namer, bool force, bool skipExisting, Func<string, bool> shouldProcess)
        {
            _downloader = downloader;
            _query = query;
            _namer = namer;
            _force = force;
            _skipExisting = skipExisting;
            _shouldProcess = shouldProcess;
        }

        public long BytesDone => Interlocked.Read(ref _bytesDone);

        /// <summary>The summed length of every video whose length is known so far.</summary>
        public long BytesTotal => Interlocked.Read(ref _bytesTotal);

        public int FilesDone => Volatile.Read(ref _filesDone);

        public int FilesPlanned => Volatile.Read(ref _filesPlanned);

        /// <summary>
        /// A task is planned now; an id is queried first, and its task comes back as an outcome whose value
        /// is the task, for <see cref="Plan"/>; anything else is a link.
        /// </summary>
        public void Add(BatchEngine engine, object input)
        {
            switch (input)
            {
                case VideoTask task:
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

        /// <summary>Plans a task's files: one per video, or one error when it has none.</summary>
        public void Plan(BatchEngine engine, VideoTask task, object input)
        {
            if (task.Status != VideoTaskStatus.DONE)
            {
                string why = task.Status == VideoTaskStatus.FAIL
                    ? "Task " + task.TaskId + " failed, so it has no video: " + (task.Message ?? "the service gave no reason")
                    : "Task " + task.TaskId + " is " + task.Status + ", not DONE; it has no video yet. Pipe it through Wait-MpsAigcVideoTask first.";
                Fail(engine, ErrorIds.TaskNotDone, MpsErrorKind.InvalidOperation, why, input);
                return;
            }
            if (task.VideoUrls.Length == 0)
            {
                Fail(engine, ErrorIds.NoVideoUrls, MpsErrorKind.InvalidResponse, "Task " + task.TaskId + " is DONE but the service gave no video URL.", input);
                return;
            }
            for (int i = 0; i < task.VideoUrls.Length; i++)
            {
                int index = i + 1;
                Guard(engine, input, () =>
                {
                    Uri url = SafeUrl.Parse(task.VideoUrls[index - 1]);
                    string path = _namer.PathFor(task.TaskId, index, task.VideoUrls.Length, task.Resolution);
                    Offer(engine, new DownloadPlan(task.TaskId, task.Endpoint, index, url, path, input));
                });
            }
        }

        private void AddUrl(BatchEngine engine, string text)
        {
            // An error's target is shown in error views and logs: never the link's signed query.
            Guard(engine, SafeUrl.ShowText(text), () =>
            {
                Uri url = SafeUrl.Parse(text);
                Offer(engine, new DownloadPlan(null, null, 1, url, _namer.PathFor(VideoFileNamer.StemOf(url), 1, 1, null), SafeUrl.Show(url)));
            });
        }

        private void Offer(BatchEngine engine, DownloadPlan plan)
        {
            if (!_claimed.Add(plan.Path))
            {
                Fail(engine, ErrorIds.DuplicateTarget, MpsErrorKind.InvalidArgument, "Another video of this command is already saved as " + plan.Path + "; give -FileName a template with {TaskId} and {Index}.", plan.Input);
                return;
            }
            if (Directory.Exists(plan.Path))
            {
                Fail(engine, ErrorIds.TargetIsFolder, MpsErrorKind.InvalidArgument, plan.Path + " is a folder; the video cannot be saved under that name.", plan.Input);
                return;
            }
            if (File.Exists(plan.Path))
            {
                if (_skipExisting)
                {
                    engine.Add(Outcome.Of(new SavedFile(plan), plan.Input));
                    return;
                }
                if (!_force)
                {
                    Fail(engine, ErrorIds.FileExists, MpsErrorKind.Exists, "The file " + plan.Path + " already exists. -Force overwrites it; -SkipExisting keeps it and emits it as saved.", plan.Input);
                    return;
                }
            }
            if (_shouldProcess(plan.Path))
            {
                Interlocked.Increment(ref _filesPlanned);
                engine.Add(plan.Input, async cancellationToken =>
                {
                    await DownloadRenewingAsync(plan, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _filesDone);
                    return Step.Done(Outcome.Of(new SavedFile(plan), plan.Input));
                });
            }
        }

        private async Task DownloadRenewingAsync(DownloadPlan plan, CancellationToken cancellationToken)
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
                await _downloader.DownloadAsync(plan.Url, plan.Path, _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
            catch (MpsException e) when (e.ErrorId == ErrorIds.VideoUrlExpired && plan.TaskId != null)
            {
                // Signed links expire; while the service still keeps the video, asking again renews them.
                VideoTask fresh = await _query(plan.TaskId, plan.Endpoint, cancellationToken).ConfigureAwait(false);
                if (fresh.Status != VideoTaskStatus.DONE || fresh.VideoUrls.Length < plan.Index)
                {
                    throw;
                }
                plan.Url = new Uri(fresh.VideoUrls[plan.Index - 1]);
                await _downloader.DownloadAsync(plan.Url, plan.Path, _force, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
        }

        private static void Guard(BatchEngine engine, object input, Action action)
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

        private static void Fail(BatchEngine engine, string errorId, MpsErrorKind kind, string message, object input)
        {
            engine.Add(Outcome.Failed(new MpsException(errorId, kind, message), input));
        }
    }
}
