using System;
using System.ComponentModel;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Engine;
using MpsAigc.Pipeline;

namespace MpsAigc.Jobs
{
    /// <summary>
    /// The job -AsJob returns: the very same core path as the cmdlet, run on a thread of its own and
    /// writing into the job's collections. Stop-Job cancels the one token that path observes.
    /// </summary>
    /// <remarks>
    /// Stop-Job, the work's end and Dispose come from different threads at any moment. Every state change
    /// is made under one lock, deciding from the state it finds: so a stop racing the work's end gives
    /// exactly one final state (Stopped when the stop was seen first, Completed or Failed when the end was),
    /// and Stopping is never published after it.
    /// </remarks>
    public sealed class MpsAigcJob : Job2
    {
        public const string JobTypeName = "MpsAigcJob";

        /// <summary>How often a stop waiting for the lock looks whether the work's end is being published.</summary>
        private static readonly TimeSpan EndingCheck = TimeSpan.FromMilliseconds(10);

        /// <summary>Stop-Job (and Dispose) wait at most this for the work to notice its token.</summary>
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

        private readonly Action<IPumpSink, CancellationToken> _work;

        // Never disposed: the work may still hold the token, or be about to set an event, when the job is
        // disposed; the garbage collector frees what they hold (a WaitHandle, if one was asked for).
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ManualResetEventSlim _workEnded = new ManualResetEventSlim(false);
        private readonly ManualResetEventSlim _finalStateSet = new ManualResetEventSlim(false);

        // Held while a state is decided and published, so that the StateChanged events are raised in the
        // order the changes were made. Monitor is reentrant: a StateChanged handler may stop or dispose the job.
        private readonly object _transition = new object();
        private Task? _execution;
        private volatile bool _ending;
        private volatile bool _endPublished;
        private volatile bool _disposeWhenEnded;
        private bool _disposing;
        private bool _disposed;

        internal MpsAigcJob(string command, string? name, Action<IPumpSink, CancellationToken> work)
            : base(command, name)
        {
            _work = work;
            PSJobTypeName = JobTypeName;
        }

        public override string Location => "localhost";

        public override string StatusMessage => string.Empty;

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Debug.Count > 0 || Progress.Count > 0;

        /// <summary>
        /// The final state is set and its StateChanged handlers are still running: Receive-Job -AutoRemoveJob may
        /// remove the job from one of them after removing it already from its pipeline thread.
        /// </summary>
        internal bool IsPublishingEnd => _ending && !_endPublished;

        /// <summary>The work's thread, for tests: it ends once the job has reached its final state.</summary>
        internal Task Execution => _execution ?? Task.CompletedTask;

        public override void StartJob()
        {
            lock (_transition)
            {
                if (_disposing)
                {
                    throw new ObjectDisposedException(Name);
                }
                if (JobStateInfo.State != JobState.NotStarted)
                {
                    throw new InvalidOperationException("The job " + Name + " cannot be started: it is " + JobStateInfo.State + ".");
                }
                SetJobState(JobState.Running);
                // Under the lock: a Dispose that sees the job started also sees the work it must wait for.
                _execution = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        public override void StartJobAsync()
        {
            StartJob();
            OnStartJobCompleted(new AsyncCompletedEventArgs(null, false, null));
        }

        public override void StopJob()
        {
            StopJob(false, null);
        }

        public override void StopJob(bool force, string? reason)
        {
            if (!EnterUnlessEnding())
            {
                return;
            }
            try
            {
                if (_disposed)
                {
                    return;
                }
                switch (JobStateInfo.State)
                {
                    case JobState.NotStarted:
                        // Nothing runs that could set the final state.
                        SetJobState(JobState.Stopped);
                        _finalStateSet.Set();
                        return;
                    case JobState.Running:
                        SetJobState(JobState.Stopping);
                        break;
                    case JobState.Stopping:
                        // A second Stop-Job waits like the first.
                        break;
                    default:
                        return;
                }
            }
            finally
            {
                Monitor.Exit(_transition);
            }
            _stop.Cancel();
            if (!Monitor.IsEntered(_transition))
            {
                _finalStateSet.Wait(StopWait);
            }
            // Else called from a StateChanged handler while this thread publishes a state: the final state
            // cannot be set before that returns, so waiting here would only wait for ourselves.
        }

        public override void StopJobAsync()
        {
            StopJob();
            OnStopJobCompleted(new AsyncCompletedEventArgs(null, false, null));
        }

        public override void StopJobAsync(bool force, string reason)
        {
            StopJob(force, reason);
            OnStopJobCompleted(new AsyncCompletedEventArgs(null, false, null));
        }

        public override void SuspendJob() => throw NotSupported("suspended");

        public override void SuspendJob(bool force, string reason) => throw NotSupported("suspended");

        public override void SuspendJobAsync() => throw NotSupported("suspended");

        public override void SuspendJobAsync(bool force, string reason) => throw NotSupported("suspended");

        public override void ResumeJob() => throw NotSupported("resumed");

        public override void ResumeJobAsync() => throw NotSupported("resumed");

        public override void UnblockJob() => throw NotSupported("unblocked");

        public override void UnblockJobAsync() => throw NotSupported("unblocked");

        protected override void Dispose(bool disposing)
        {
            if (!disposing)
            {
                base.Dispose(false);
                return;
            }
            Task? execution;
            if (!EnterUnlessEnding())
            {
                DisposeWhenEnded();
                return;
            }
            try
            {
                _disposing = true;
                execution = _execution;
            }
            finally
            {
                Monitor.Exit(_transition);
            }
            _stop.Cancel();
            if (execution != null)
            {
                // Disposing closes the job's collections, which the work writes to: let it end first (a work
                // that ignores its token for longer finds them closed). Already ended when called from the
                // final state's own StateChanged handler, as Receive-Job -AutoRemoveJob does.
                _workEnded.Wait(StopWait);
            }
            if (!EnterUnlessEnding())
            {
                DisposeWhenEnded();
                return;
            }
            try
            {
                DisposeOnce();
            }
            finally
            {
                Monitor.Exit(_transition);
            }
        }

        /// <summary>Under the transition lock: closes the job's collections, once.</summary>
        private void DisposeOnce()
        {
            if (!_disposed)
            {
                _disposed = true;
                base.Dispose(true);
            }
        }

        /// <summary>
        /// The final state is being published on another thread whose StateChanged handler may wait for this
        /// one (Receive-Job -AutoRemoveJob): the publisher disposes once it is done, or, if it already is, this does.
        /// </summary>
        private void DisposeWhenEnded()
        {
            _stop.Cancel();
            _disposeWhenEnded = true;
            if (Monitor.TryEnter(_transition))
            {
                try
                {
                    DisposeOnce();
                }
                finally
                {
                    Monitor.Exit(_transition);
                }
            }
        }

        private void Run()
        {
            Exception? failure = null;
            try
            {
                _work(new JobRecordSink(this), _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = e;
            }
            _workEnded.Set();
            SetFinalState(failure);
        }

        private void SetFinalState(Exception? failure)
        {
            try
            {
                lock (_transition)
                {
                    // A job disposed meanwhile has no state left to set, nor collections to write to.
                    if (_disposed)
                    {
                        return;
                    }
                    if (failure != null)
                    {
                        Error.Add(ErrorRecords.Unexpected(failure, ErrorIds.JobFailed, null));
                    }
                    _ending = true;
                    try
                    {
                        // Stopping was published before the work's end was seen: the stop won.
                        SetJobState(JobStateInfo.State == JobState.Stopping
                            ? JobState.Stopped
                            : failure == null ? JobState.Completed : JobState.Failed);
                    }
                    finally
                    {
                        _endPublished = true;
                    }
                    if (_disposeWhenEnded)
                    {
                        DisposeOnce();
                    }
                }
            }
            finally
            {
                _finalStateSet.Set();
            }
        }

        /// <summary>
        /// Takes the transition lock, or gives up once the work's end is being published under it. That
        /// publishing raises StateChanged, whose handler (Receive-Job -AutoRemoveJob) may wait for the
        /// JobManager's lock, which a stop coming through Remove-Job and the adapter already holds: such a stop
        /// has nothing left to stop, and waiting for the lock would deadlock the two.
        /// </summary>
        private bool EnterUnlessEnding()
        {
            while (!Monitor.TryEnter(_transition, EndingCheck))
            {
                if (_ending)
                {
                    return false;
                }
            }
            return true;
        }

        private NotSupportedException NotSupported(string what)
        {
            return new NotSupportedException("An " + JobTypeName + " cannot be " + what + "; Stop-Job and start the command again.");
        }
    }
}
