using Xunit;

namespace MpsAigc.Tests
{
    /// <summary>PowerShell's own job cmdlets on jobs started by MpsCmdletBase.StartJob, in a real session.</summary>
    public class JobCmdletTests
    {
        [Fact]
        public void ReceiveJobWaitAutoRemoveJobReturnsTheOutputAndLeavesNoJob()
        {
            using (PowerShellSession session = PowerShellSession.Imported())
            {
                string?[] output = session.Run("Start-TestMpsJob -Output a, b | Receive-Job -Wait -AutoRemoveJob");

                Assert.Equal(new[] { "a", "b" }, output);
                Assert.Empty(session.Errors);
                Assert.Equal(new[] { "0" }, session.Run("@(Get-Job).Count"));
            }
        }

        [Fact]
        public void AutoRemovalRacingTheJobsEndNeverDeadlocks()
        {
            // The job's end publishes its state while Receive-Job removes it through the adapter: each side
            // takes the other's lock (the job's, the JobManager's). Many rounds, so both orders occur.
            using (PowerShellSession session = PowerShellSession.Imported())
            {
                string?[] output = session.Run("foreach ($round in 1..300) { Start-TestMpsJob -Output $round | Receive-Job -Wait -AutoRemoveJob }");

                Assert.Equal(300, output.Length);
                // A job that ends while Receive-Job registers is removed from both its sides; the second must not
                // report the job gone ("cannot remove the job because it does not exist").
                Assert.Empty(session.Errors);
                Assert.Equal(new[] { "0" }, session.Run("@(Get-Job).Count"));
            }
        }

        [Fact]
        public void RemoveJobForceStopsARunningJobAndRemovesIt()
        {
            using (PowerShellSession session = PowerShellSession.Imported())
            {
                string?[] output = session.Run(
                    "$job = Start-TestMpsJob -Output a -UntilStopped; " +
                    "(Get-Job -Id $job.Id).State; " +
                    "Remove-Job $job -Force; " +
                    "$job.State; @(Get-Job).Count");

                Assert.Equal(new[] { "Running", "Stopped", "0" }, output);
                Assert.Empty(session.Errors);
            }
        }

        [Fact]
        public void WithoutImportModuleTheJobStillWaitsReceivesAndRemoves()
        {
            using (PowerShellSession session = PowerShellSession.WithCmdletsAddedByHand())
            {
                string?[] output = session.Run(
                    "$job = Start-TestMpsJob -Output a; " +
                    "$job | Wait-Job -Timeout 30 | Receive-Job; " +
                    "(Get-Job -Id $job.Id).State; " +
                    "Remove-Job $job; @(Get-Job).Count");

                Assert.Equal(new[] { "a", "Completed", "0" }, output);
                Assert.Empty(session.Errors);
            }
        }
    }
}
