using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Jobs;
using Xunit;

namespace MpsAigc.Tests
{
    public class JobLifecycleTests
    {
        [Fact]
        public void AWorkThatEndsCompletesWithItsOutput()
        {
            var job = new MpsAigcJob("Get-MpsAigcVideoTask <2 ids>", null, (sink, token) =>
            {
                sink.WriteObject("done-a");
                sink.WriteObject("done-b");
            });
            var recorder = new StateRecorder(job);
            job.StartJob();

            Assert.True(Bounded.Ended(job.Execution));
            Assert.Equal(new[] { JobState.Running, JobState.Completed }, recorder.States);
            Assert.Equal(new[] { "done-a", "done-b" }, job.Output.ReadAll().Select(o => (string)o.BaseObject));
            Assert.Equal(MpsAigcJob.JobTypeName, job.PSJobTypeName);
        }

        [Fact]
        public void AWorkThatThrowsEndsFailedWithOneErrorRecord()
        {
            var job = new MpsAigcJob("failing", null, (sink, token) => throw new InvalidOperationException("the disk is gone"));
            var recorder = new StateRecorder(job);
            job.StartJob();

            Assert.True(Bounded.Ended(job.Execution));
            Assert.Null(job.Execution.Exception);
            Assert.Equal(new[] { JobState.Running, JobState.Failed }, recorder.States);
            ErrorRecord error = Assert.Single(job.Error);
            Assert.Equal("JobFailed", error.FullyQualifiedErrorId);
            Assert.Equal("the disk is gone", error.Exception.Message);
        }

        [Fact]
        public void StopBeforeStartEndsStoppedOnceAndTheJobCannotStartAfterwards()
        {
            bool ran = false;
            var job = new MpsAigcJob("never started", null, (sink, token) => ran = true);
            var recorder = new StateRecorder(job);

            job.StopJob();
            job.StopJob();

            Assert.Equal(new[] { JobState.Stopped }, recorder.States);
            Assert.Throws<InvalidOperationException>(() => job.StartJob());
            Assert.False(ran);
            job.Dispose();
        }

        [Fact]
        public void StopEndsAWorkThatWaitsOnItsTokenAsStopped()
        {
            var job = new MpsAigcJob("waits", null, (sink, token) =>
            {
                sink.WriteObject("before");
                token.WaitHandle.WaitOne(Bounded.Timeout);
                token.ThrowIfCancellationRequested();
            });
            var recorder = new StateRecorder(job);
            job.StartJob();

            job.StopJob();

            // StopJob returns once the final state is set, as Stop-Job users read it right after.
            Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
            Assert.Equal(new[] { JobState.Running, JobState.Stopping, JobState.Stopped }, recorder.States);
            Assert.Empty(job.Error);
            Assert.Equal("before", Assert.Single(job.Output).BaseObject);
        }

        [Fact]
        public void DisposingFromTheFinalStatesHandlerNeitherThrowsNorBreaksTheWork()
        {
            // Receive-Job -AutoRemoveJob removes and disposes the job from inside its StateChanged event.
            var job = new MpsAigcJob("auto-removed", null, (sink, token) => sink.WriteObject("result"));
            Exception? inHandler = null;
            job.StateChanged += (sender, e) =>
            {
                if (e.JobStateInfo.State == JobState.Completed)
                {
                    inHandler = Record.Exception(() => job.Dispose());
                }
            };
            job.StartJob();

            Assert.True(Bounded.Ended(job.Execution));
            Assert.Null(job.Execution.Exception);
            Assert.Null(inHandler);
        }

        [Fact]
        public void DisposingARunningJobStopsItsWork()
        {
            var cancelled = new ManualResetEventSlim(false);
            var job = new MpsAigcJob("running", null, (sink, token) =>
            {
                token.WaitHandle.WaitOne(Bounded.Timeout);
                if (token.IsCancellationRequested)
                {
                    cancelled.Set();
                }
            });
            job.StartJob();

            job.Dispose();

            Assert.True(Bounded.Ended(job.Execution));
            Assert.True(cancelled.IsSet);
            Assert.Null(job.Execution.Exception);
        }
    }
}
