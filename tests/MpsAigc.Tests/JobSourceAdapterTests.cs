using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Jobs;
using Xunit;

namespace MpsAigc.Tests
{
    public class JobSourceAdapterTests
    {
        private readonly MpsAigcJobSourceAdapter _adapter = new MpsAigcJobSourceAdapter();

        [Fact]
        public void KeepsTheJobItIsGivenAndFindsItEveryWayGetJobAsks()
        {
            MpsAigcJob finished = Add(Finished("Get-MpsAigcVideoTask <3 ids>"));
            MpsAigcJob other = Add(Finished("Save-MpsAigcVideo <1 tasks>"));

            Assert.Equal("MpsAigcJobSourceAdapter", _adapter.Name);
            Assert.Equal(new[] { finished, other }, _adapter.GetJobs());
            Assert.Same(finished, _adapter.GetJobByInstanceId(finished.InstanceId, true));
            Assert.Same(finished, _adapter.GetJobBySessionId(finished.Id, true));
            Assert.Null(_adapter.GetJobBySessionId(-1, true));
            Assert.Equal(new[] { finished }, _adapter.GetJobsByName(finished.Name.ToUpperInvariant(), true));
            Assert.Equal(new[] { finished, other }, _adapter.GetJobsByName("job*", true));
            Assert.Equal(new[] { other }, _adapter.GetJobsByCommand("Save-*", true));
            Assert.Equal(new[] { finished, other }, _adapter.GetJobsByState(JobState.Completed, true));
            Assert.Empty(_adapter.GetJobsByState(JobState.Running, true));
            Assert.Equal(new[] { other }, _adapter.GetJobsByFilter(new Dictionary<string, object> { ["Command"] = "Save-*" }, true));
            Assert.Equal(new[] { finished }, _adapter.GetJobsByFilter(new Dictionary<string, object> { ["Id"] = finished.Id }, true));
            Assert.Empty(_adapter.GetJobsByFilter(new Dictionary<string, object> { ["NoSuchProperty"] = 1 }, true));
        }

        [Fact]
        public void RemovingARunningJobStopsItAndForgetsIt()
        {
            var job = new MpsAigcJob("waits", null, (sink, token) =>
            {
                token.WaitHandle.WaitOne(Bounded.Timeout);
                token.ThrowIfCancellationRequested();
            });
            Add(job);
            job.StartJob();

            _adapter.RemoveJob(job);

            Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
            Assert.Null(_adapter.GetJobByInstanceId(job.InstanceId, true));
            Assert.Empty(_adapter.GetJobs());
        }

        [Fact]
        public void AJobRemovedWhileItsEndIsPublishedIsFoundByIdUntilThenAndCanBeRemovedAgain()
        {
            // As Receive-Job -Wait -AutoRemoveJob does when the job ends while it registers: it removes the job
            // from its pipeline thread, then again from its StateChanged handler, through the JobManager, which
            // first looks the job up by its id.
            var job = new MpsAigcJob("ends", null, (sink, token) => { });
            Add(job);
            var seenInHandler = new List<string>();
            job.StateChanged += (sender, e) =>
            {
                if (e.JobStateInfo.State != JobState.Completed)
                {
                    return;
                }
                _adapter.RemoveJob(job);
                seenInHandler.Add("listed: " + _adapter.GetJobs().Count);
                seenInHandler.Add("by id: " + (_adapter.GetJobByInstanceId(job.InstanceId, true) != null));
                _adapter.RemoveJob(job);
                seenInHandler.Add("by id after the second removal: " + (_adapter.GetJobByInstanceId(job.InstanceId, true) != null));
            };

            job.StartJob();

            Assert.True(Bounded.Ended(job.Execution));
            Assert.Equal(new[] { "listed: 0", "by id: True", "by id after the second removal: True" }, seenInHandler);
            Assert.Null(_adapter.GetJobByInstanceId(job.InstanceId, true));
            Assert.Empty(_adapter.GetJobs());
        }

        [Fact]
        public void MakesNoJobOfItsOwn()
        {
            var definition = new JobDefinition(typeof(MpsAigcJobSourceAdapter), "Get-Process", "other");
            var specification = new JobInvocationInfo(definition, new Dictionary<string, object>());

            Assert.Throws<NotSupportedException>(() => _adapter.NewJob(specification));
            Assert.Empty(_adapter.GetJobs());
        }

        private MpsAigcJob Add(MpsAigcJob job)
        {
            Assert.Same(job, _adapter.NewJob(MpsAigcJobSourceAdapter.SpecificationFor(job)));
            return job;
        }

        private static MpsAigcJob Finished(string command)
        {
            var job = new MpsAigcJob(command, null, (sink, token) => { });
            job.StartJob();
            Assert.True(Bounded.Ended(job.Execution));
            return job;
        }
    }
}
