using System;
using System.ComponentModel;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Pipeline;

namespace MpsAigc.Jobs
{
    /// <summary>
    /// The job -AsJob returns: the very same core path as the cmdlet, run on a thread of its own and
    /// writing into the job's collections. Stop-Job cancels the one token that path observes.
    /// </summary>
    public sealed class MpsAigcJob : Job2
    {
        public const string JobTypeName = "MpsAigcJob";

        /// <summary>Stop-Job waits at most this for the work to notice its token.</summary>
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

        private readonly Action<IRecordSink, CancellationToken> _work;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ManualResetEventSlim _finished = new ManualResetEventSlim(false);
        private int _started;

        internal MpsAigcJob(string command, string name, Action<IRecordSink, CancellationToken> work)
            : base(command, name)
        {
            _work = work;
            PSJobTypeName = JobTypeName;
        }

        public override string Location => "localhost";

        public override string StatusMessage => string.Empty;

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Debug.Count > 0 || Progress.Count > 0;

        public override void StartJob()
        {
            if (Interlocked.Exchange(ref _started, 1) != 0)
            {
                throw new InvalidOperationException("The job " + Name + " has already been started.");
            }
            SetJobState(JobState.Running);
            Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

        public override void StopJob(bool force, string reason)
        {
            if (IsFinishedState(JobStateInfo.State))
            {
                return;
            }
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                // Never started: nothing runs that could set the final state.
                SetJobState(JobState.Stopped);
                _finished.Set();
                return;
            }
            SetJobState(JobState.Stopping);
            _stop.Cancel();
            _finished.Wait(StopWait);
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
            if (disposing)
            {
                _stop.Cancel();
                _stop.Dispose();
                _finished.Dispose();
            }
            base.Dispose(disposing);
        }

        private void Run()
        {
            try
            {
                _work(new JobRecordSink(this), _stop.Token);
                SetJobState(_stop.IsCancellationRequested ? JobState.Stopped : JobState.Completed);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                SetJobState(JobState.Stopped);
            }
            catch (Exception e)
            {
                Error.Add(new ErrorRecord(e, "JobFailed", ErrorCategory.NotSpecified, null));
                SetJobState(JobState.Failed);
            }
            finally
            {
                _finished.Set();
            }
        }

        private static bool IsFinishedState(JobState state)
        {
            return state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped;
        }

        private NotSupportedException NotSupported(string what)
        {
            return new NotSupportedException("An " + JobTypeName + " cannot be " + what + "; Stop-Job and start the command again.");
        }
    }
}
