using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// The background half of saving videos: queries task ids and downloads planned files, at most
    /// <c>throttleLimit</c> downloads at once, and hands back each outcome as it happens. Planning (names,
    /// existing files, confirmation) stays with the caller, on the pipeline thread.
    /// </summary>
    public sealed class VideoSaveBatch
    {
        private readonly VideoDownloader _downloader;
        private readonly Func<string, Uri, CancellationToken, Task<VideoTask>> _query;
        private readonly SemaphoreSlim _throttle;
        private readonly CancellationToken _cancellationToken;
        private readonly object _lock = new object();
        private int _pending;
        private bool _addingCompleted;
        private long _bytesDone;
        private long _bytesTotal;
        private int _filesDone;
        private int _filesPlanned;

        /// <param name="query">Queries a task by id at an endpoint (null: the command's own).</param>
        public VideoSaveBatch(VideoDownloader downloader, Func<string, Uri, CancellationToken, Task<VideoTask>> query, int throttleLimit, CancellationToken cancellationToken)
        {
            _downloader = downloader;
            _query = query;
            _throttle = new SemaphoreSlim(throttleLimit, throttleLimit);
            _cancellationToken = cancellationToken;
        }

        public BlockingCollection<SaveOutcome> Outcomes { get; } = new BlockingCollection<SaveOutcome>();

        public long BytesDone => Interlocked.Read(ref _bytesDone);

        /// <summary>The summed length of every video whose length is known so far.</summary>
        public long BytesTotal => Interlocked.Read(ref _bytesTotal);

        public int FilesDone => Volatile.Read(ref _filesDone);

        public int FilesPlanned => Volatile.Read(ref _filesPlanned);

        /// <summary>Queries a task by id; its outcome is Resolved (with the task) or an Error.</summary>
        public void Resolve(string taskId)
        {
            Run(async () =>
            {
                string id;
                try
                {
                    id = TaskIdValidator.Validate(taskId);
                }
                catch (MpsException e)
                {
                    return new SaveOutcome(SaveOutcomeKind.Error, null, null, 0, e, taskId, isResolution: true);
                }
                VideoTask task = await _query(id, null, _cancellationToken).ConfigureAwait(false);
                return new SaveOutcome(SaveOutcomeKind.Resolved, task, null, 0, null, taskId, isResolution: true);
            }, taskId, isResolution: true);
        }

        public void Save(DownloadPlan plan, bool overwrite)
        {
            Interlocked.Increment(ref _filesPlanned);
            Run(async () =>
            {
                await _throttle.WaitAsync(_cancellationToken).ConfigureAwait(false);
                try
                {
                    long length = await DownloadRenewingAsync(plan, overwrite).ConfigureAwait(false);
                    Interlocked.Increment(ref _filesDone);
                    return new SaveOutcome(SaveOutcomeKind.Saved, null, plan, length, null, plan.Input);
                }
                finally
                {
                    _throttle.Release();
                }
            }, plan.Input, isResolution: false);
        }

        public void CompleteAdding()
        {
            lock (_lock)
            {
                _addingCompleted = true;
                if (_pending == 0)
                {
                    Outcomes.CompleteAdding();
                }
            }
        }

        private async Task<long> DownloadRenewingAsync(DownloadPlan plan, bool overwrite)
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
                return await _downloader.DownloadAsync(plan.Url, plan.Path, overwrite, onBytes, onLength, _cancellationToken).ConfigureAwait(false);
            }
            catch (MpsException e) when (e.ErrorId == ErrorIds.VideoUrlExpired && plan.TaskId != null)
            {
                // Signed links expire; while the service still keeps the video, asking again renews them.
                VideoTask fresh = await _query(plan.TaskId, plan.Endpoint, _cancellationToken).ConfigureAwait(false);
                if (fresh.Status != VideoTaskStatus.DONE || fresh.VideoUrls.Length < plan.Index)
                {
                    throw;
                }
                plan.Url = new Uri(fresh.VideoUrls[plan.Index - 1]);
                return await _downloader.DownloadAsync(plan.Url, plan.Path, overwrite, onBytes, onLength, _cancellationToken).ConfigureAwait(false);
            }
        }

        private void Run(Func<Task<SaveOutcome>> work, object target, bool isResolution)
        {
            lock (_lock)
            {
                if (_addingCompleted)
                {
                    throw new InvalidOperationException("No work can be added after CompleteAdding.");
                }
                _pending++;
            }
            Task.Run(async () =>
            {
                SaveOutcome outcome = null;
                try
                {
                    outcome = await work().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
                {
                    // Stopped: the part file stays for a re-run to resume; nothing is reported.
                }
                catch (MpsException e)
                {
                    outcome = new SaveOutcome(SaveOutcomeKind.Error, null, null, 0, e, target, isResolution);
                }
                catch (Exception e)
                {
                    outcome = new SaveOutcome(SaveOutcomeKind.Error, null, null, 0, new MpsException(ErrorIds.SaveFailed, MpsErrorKind.InvalidOperation, e.Message, e), target, isResolution);
                }
                lock (_lock)
                {
                    if (outcome != null && !Outcomes.IsAddingCompleted)
                    {
                        Outcomes.Add(outcome);
                    }
                    _pending--;
                    if (_pending == 0 && _addingCompleted)
                    {
                        Outcomes.CompleteAdding();
                    }
                }
            });
        }
    }
}
