using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Http;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// Queries any number of task ids concurrently, at most <c>throttleLimit</c> in flight, and hands back
    /// one result per id in input order. A bad id or a failed query is a result too; nothing is dropped.
    /// </summary>
    public sealed class VideoTaskQueryBatch
    {
        private readonly MpsClient _client;
        private readonly SemaphoreSlim _throttle;
        private readonly CancellationToken _cancellationToken;

        public VideoTaskQueryBatch(MpsClient client, int throttleLimit, CancellationToken cancellationToken)
        {
            if (throttleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), "At least one request must be allowed in flight.");
            }
            _client = client;
            _throttle = new SemaphoreSlim(throttleLimit, throttleLimit);
            _cancellationToken = cancellationToken;
        }

        public OrderedCompletionQueue<TaskQueryResult> Results { get; } = new OrderedCompletionQueue<TaskQueryResult>();

        public void Add(string taskId)
        {
            int index = Results.Reserve();
            string id;
            try
            {
                id = TaskIdValidator.Validate(taskId);
            }
            catch (MpsException e)
            {
                Results.Complete(index, TaskQueryResult.Failed(taskId, e));
                return;
            }
            Run(index, id, token => _client.DescribeAsync(id, token));
        }

        /// <summary>
        /// Adds any work that yields a task (a create, say) to the same ordered, throttled batch;
        /// <paramref name="target"/> names it in its error.
        /// </summary>
        public void Add(string target, Func<CancellationToken, Task<VideoTask>> work)
        {
            Run(Results.Reserve(), target, work);
        }

        /// <summary>
        /// Starts the work on the caller's thread, so that it queues for the throttle and the rate limiter
        /// in input order. Dispatched to the thread pool instead, the first id could lose the race to a
        /// dozen later ones and hold back the whole ordered output for seconds.
        /// </summary>
        private void Run(int index, string target, Func<CancellationToken, Task<VideoTask>> work)
        {
            QueryAsync(index, target, work).Forget();
        }

        public void CompleteAdding()
        {
            Results.CompleteAdding();
        }

        private async Task QueryAsync(int index, string taskId, Func<CancellationToken, Task<VideoTask>> work)
        {
            TaskQueryResult result;
            try
            {
                await _throttle.WaitAsync(_cancellationToken).ConfigureAwait(false);
                try
                {
                    result = TaskQueryResult.Succeeded(await work(_cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    _throttle.Release();
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                result = TaskQueryResult.Failed(taskId, new MpsException(ErrorIds.OperationStopped, MpsErrorKind.InvalidOperation, "The request for " + taskId + " was stopped."));
            }
            catch (MpsException e)
            {
                result = TaskQueryResult.Failed(taskId, e);
            }
            catch (Exception e)
            {
                // A defect of ours, not the user's: still one result for this id, and the batch goes on.
                result = TaskQueryResult.Failed(taskId, new MpsException(ErrorIds.UnexpectedError, MpsErrorKind.InvalidOperation, "The request for " + taskId + " failed unexpectedly: " + e.Message, e));
            }
            _client.Log.Debug(result.Error == null
                ? result.Task.TaskId + ": " + result.Task.Status + " (RequestId " + result.Task.RequestId + ")"
                : taskId + ": " + result.Error.ErrorId);
            Results.Complete(index, result);
        }
    }
}
