using System.Management.Automation;
using MpsAigc.Engine;
using MpsAigc.Jobs;
using MpsAigc.Pipeline;
using Xunit;

namespace MpsAigc.Tests
{
    /// <summary>What the pump's sinks make of its outcomes and reports: PowerShell's records (the pump: MpsAigc.Core.Tests' PumpTests).</summary>
    public class RecordSinkTests
    {
        [Fact]
        public void AnErrorOutcomeBecomesOneErrorRecordWithItsIdCategoryAndTarget()
        {
            using var job = new MpsAigcJob("sink", null, (sink, token) => { });
            var sink = new JobRecordSink(job);

            sink.WriteError(new MpsException(ErrorIds.FileExists, MpsErrorKind.Exists, "it exists"), "exists");

            ErrorRecord record = Assert.Single(job.Error);
            Assert.Equal(ErrorIds.FileExists, record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, record.CategoryInfo.Category);
            Assert.Equal("exists", record.TargetObject);
            Assert.Equal("it exists", record.Exception.Message);
        }

        [Fact]
        public void AReportBecomesAProgressRecordThatIsCompletedAtTheEnd()
        {
            using var job = new MpsAigcJob("sink", null, (sink, token) => { });
            var sink = new JobRecordSink(job);
            var report = new ProgressReport(7, "Waiting", "1 done of 2", 50, 30);

            sink.WriteProgress(report, final: false);
            sink.WriteProgress(report, final: true);

            Assert.Equal(2, job.Progress.Count);
            ProgressRecord running = job.Progress[0];
            Assert.Equal((7, "Waiting", "1 done of 2", 50, 30), (running.ActivityId, running.Activity, running.StatusDescription, running.PercentComplete, running.SecondsRemaining));
            Assert.Equal(ProgressRecordType.Processing, running.RecordType);
            Assert.Equal(ProgressRecordType.Completed, job.Progress[1].RecordType);
        }
    }
}
