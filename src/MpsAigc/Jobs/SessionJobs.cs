using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Engine;

namespace MpsAigc.Jobs
{
    /// <summary>How a job joins the session, so that every job cmdlet works on it as on a ThreadJob.</summary>
    internal static class SessionJobs
    {
        /// <summary>Adds a job of <paramref name="work"/> to the session's jobs and starts it; the caller writes it out.</summary>
        public static MpsAigcJob Start(PSCmdlet cmdlet, string command, Action<IPumpSink, CancellationToken> work)
        {
            var job = new MpsAigcJob(command, null, work);
            Add(cmdlet, job);
            job.StartJob();
            return job;
        }

        private static void Add(PSCmdlet cmdlet, MpsAigcJob job)
        {
            if (!cmdlet.JobManager.IsRegistered(MpsAigcJobSourceAdapter.AdapterName))
            {
                // Only Import-Module registers the adapter; a host that added the cmdlets by hand has none. The
                // repository still serves Get-Job, Wait-Job, Receive-Job and Remove-Job (not -AutoRemoveJob).
                cmdlet.JobRepository.Add(job);
                return;
            }
            cmdlet.JobManager.NewJob(MpsAigcJobSourceAdapter.SpecificationFor(job));
        }
    }
}
