using System.Management.Automation;

namespace MpsAigc.Jobs
{
    /// <summary>How a job joins the session, so that every job cmdlet works on it as on a ThreadJob.</summary>
    internal static class SessionJobs
    {
        public static void Add(PSCmdlet cmdlet, MpsAigcJob job)
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
