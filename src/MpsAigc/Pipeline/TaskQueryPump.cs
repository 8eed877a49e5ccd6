using System;
using System.Threading;
using MpsAigc.Tasks;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Moves a query batch's results, in input order, and the core's log lines into a sink. The cmdlet
    /// calls it on the pipeline thread; a job calls it on its own thread.
    /// </summary>
    internal sealed class TaskQueryPump : IPipelinePump
    {
        /// <summary>How long one wait lasts before cancellation is checked again: Ctrl+C within this.</summary>
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

        private readonly VideoTaskQueryBatch _batch;
        private readonly QueuedLog _log;
        private readonly IRecordSink _sink;
        private readonly Action<VideoTaskQueryBatch, object> _add;

        /// <param name="add">How an input joins the batch; by default, as a task id to query.</param>
        public TaskQueryPump(VideoTaskQueryBatch batch, QueuedLog log, IRecordSink sink, Action<VideoTaskQueryBatch, object> add = null)
        {
            _batch = batch;
            _log = log;
            _sink = sink;
            _add = add ?? ((b, input) => b.Add(input as string));
        }

        public void Add(object input)
        {
            _add(_batch, input);
        }

        public void WriteReady()
        {
            _log.FlushTo(_sink);
            while (_batch.Results.TryTake(out TaskQueryResult result))
            {
                Write(result);
            }
        }

        public void WriteAll(CancellationToken cancellationToken)
        {
            _batch.CompleteAdding();
            while (!cancellationToken.IsCancellationRequested)
            {
                _log.FlushTo(_sink);
                if (_batch.Results.TryTake(out TaskQueryResult result, Tick))
                {
                    // A result that completed because of the stop is no news to whoever stopped it.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    Write(result);
                }
                else if (_batch.Results.IsFinished)
                {
                    break;
                }
            }
            if (!cancellationToken.IsCancellationRequested)
            {
                _log.FlushTo(_sink);
            }
        }

        private void Write(TaskQueryResult result)
        {
            if (result.Error == null)
            {
                _sink.WriteObject(result.Task);
            }
            else
            {
                _sink.WriteError(ErrorRecords.From(result.Error, result.TaskId));
            }
        }
    }
}
