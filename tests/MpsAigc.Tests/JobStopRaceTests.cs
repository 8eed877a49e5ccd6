using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Jobs;
using Xunit;

namespace MpsAigc.Tests
{
    /// <summary>
    /// Stop-Job and Remove-Job come while the work may be ending: whichever is seen first must decide the one
    /// final state, every time. Each test runs the race thousands of times with the two sides released together
    /// and one of them delayed by a varying few spins, so that both orders, and the moments in between, occur.
    /// </summary>
    public class JobStopRaceTests
    {
        private const int Rounds = 5000;

        private const int Delays = 12;

        private static readonly JobState[] StopWon = { JobState.Running, JobState.Stopping, JobState.Stopped };

        [Theory]
        [InlineData(false, JobState.Completed)]
        [InlineData(true, JobState.Failed)]
        public void AStopRacingTheWorksEndEndsInExactlyOneFinalStateNeverStopping(bool workThrows, JobState ownEnd)
        {
            JobState[] workWon = { JobState.Running, ownEnd };
            using (var start = new Barrier(2))
            {
                for (int round = 0; round < Rounds; round++)
                {
                    int workSpins = Spins(round);
                    int stopSpins = Spins(round / Delays);
                    var job = new MpsAigcJob("race", null, (sink, token) =>
                    {
                        Bounded.Meet(start);
                        Thread.SpinWait(workSpins);
                        if (workThrows)
                        {
                            throw new InvalidOperationException("the work failed");
                        }
                    });
                    var recorder = new StateRecorder(job);
                    job.StartJob();

                    Bounded.Meet(start);
                    Thread.SpinWait(stopSpins);
                    job.StopJob();

                    Assert.True(Bounded.Ended(job.Execution), "round " + round + ": the work's thread never ended");
                    Assert.Null(job.Execution.Exception);
                    JobState final = job.JobStateInfo.State;
                    IReadOnlyList<JobState> states = recorder.States;
                    Assert.True(
                        states.SequenceEqual(workWon) || states.SequenceEqual(StopWon),
                        "round " + round + ": ended " + final + " after " + recorder.Describe());
                    Assert.Equal(states.Last(), final);
                    Assert.Equal(workThrows ? 1 : 0, job.Error.Count);
                    job.Dispose();
                }
            }
        }

        [Fact]
        public void DisposeRacingTheWorksEndNeverThrowsNorBreaksTheWork()
        {
            using (var start = new Barrier(2))
            {
                for (int round = 0; round < Rounds; round++)
                {
                    int workSpins = Spins(round);
                    int disposeSpins = Spins(round / Delays);
                    Exception? inWork = null;
                    var job = new MpsAigcJob("race", null, (sink, token) =>
                    {
                        Bounded.Meet(start);
                        try
                        {
                            Thread.SpinWait(workSpins);
                            // What a pump does last: write its final records.
                            sink.WriteObject("last");
                            sink.WriteVerbose("done");
                        }
                        catch (Exception e)
                        {
                            inWork = e;
                        }
                    });
                    job.StartJob();

                    Bounded.Meet(start);
                    Thread.SpinWait(disposeSpins);
                    Exception disposing = Record.Exception(() => job.Dispose());

                    Assert.Null(disposing);
                    Assert.True(Bounded.Ended(job.Execution), "round " + round + ": the work's thread never ended");
                    Assert.Null(inWork);
                    Assert.Null(job.Execution.Exception);
                }
            }
        }

        /// <summary>0 to 2,047 spins (up to some microseconds): the rounds cover every pair of a few delays.</summary>
        private static int Spins(int round) => (1 << (round % Delays)) - 1;
    }
}
