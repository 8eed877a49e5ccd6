using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MpsAigc.Jobs
{
    /// <summary>
    /// The session's store of MpsAigc jobs. PowerShell's job cmdlets find, and remove, a Job2 through the
    /// adapter that holds it (Receive-Job -AutoRemoveJob only so); Import-Module registers this one with the
    /// session's JobManager because it is a public type of the module's assembly.
    /// </summary>
    public sealed class MpsAigcJobSourceAdapter : JobSourceAdapter
    {
        public const string AdapterName = nameof(MpsAigcJobSourceAdapter);

        /// <summary>The JobInvocationInfo parameter that carries the job to add.</summary>
        private const string JobParameter = "Job";

        private readonly ConcurrentDictionary<Guid, MpsAigcJob> _jobs = new ConcurrentDictionary<Guid, MpsAigcJob>();

        // Removed while their final state was being published. When a job ends while Receive-Job -Wait
        // -AutoRemoveJob is registering for it, Receive-Job removes it twice: from its pipeline thread, then from
        // its StateChanged handler, which fails with "cannot remove the job" unless the JobManager still finds the
        // job by its id. Such a job is found that way (only) until its end is published; no listing shows it.
        private readonly ConcurrentDictionary<Guid, MpsAigcJob> _leaving = new ConcurrentDictionary<Guid, MpsAigcJob>();

        /// <summary>Made by the JobManager, once per session.</summary>
        public MpsAigcJobSourceAdapter()
        {
            Name = AdapterName;
        }

        /// <summary>What JobManager.NewJob takes to add the job to this adapter of the session.</summary>
        internal static JobInvocationInfo SpecificationFor(MpsAigcJob job)
        {
            var definition = new JobDefinition(typeof(MpsAigcJobSourceAdapter), job.Command, job.Name);
            return new JobInvocationInfo(definition, new Dictionary<string, object> { [JobParameter] = job });
        }

        /// <summary>Adds a job made by a cmdlet (given as the "Job" parameter); this adapter makes none itself.</summary>
        public override Job2 NewJob(JobInvocationInfo specification)
        {
            if (specification == null)
            {
                throw new ArgumentNullException(nameof(specification));
            }
            MpsAigcJob? job = specification.Parameters
                .SelectMany(parameters => parameters)
                .Where(parameter => parameter.Name == JobParameter)
                .Select(parameter => parameter.Value)
                .OfType<MpsAigcJob>()
                .FirstOrDefault();
            if (job == null)
            {
                throw new NotSupportedException("An " + MpsAigcJob.JobTypeName + " is made only by an MpsAigc cmdlet's -AsJob.");
            }
            _jobs[job.InstanceId] = job;
            return job;
        }

        public override IList<Job2> GetJobs() => Matching(job => true);

        public override IList<Job2> GetJobsByName(string name, bool recurse) => Matching(Like(name, job => job.Name));

        public override IList<Job2> GetJobsByCommand(string command, bool recurse) => Matching(Like(command, job => job.Command));

        public override IList<Job2> GetJobsByState(JobState state, bool recurse) => Matching(job => job.JobStateInfo.State == state);

        /// <summary>Jobs whose every named property equals the value given (a string: as a wildcard pattern).</summary>
        public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse)
        {
            if (filter == null)
            {
                throw new ArgumentNullException(nameof(filter));
            }
            return Matching(job => filter.All(entry => HasProperty(job, entry.Key, entry.Value)));
        }

        public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse)
        {
            if (_jobs.TryGetValue(instanceId, out MpsAigcJob? job))
            {
                return job;
            }
            ForgetLeft();
            return _leaving.TryGetValue(instanceId, out job) && job.IsPublishingEnd ? job : null;
        }

        public override Job2? GetJobBySessionId(int id, bool recurse) =>
            _jobs.Values.FirstOrDefault(job => job.Id == id);

        /// <summary>Forgets the job; one still running is stopped first, as nothing could reach it afterwards.</summary>
        public override void RemoveJob(Job2 job)
        {
            if (job == null)
            {
                throw new ArgumentNullException(nameof(job));
            }
            if (_jobs.TryGetValue(job.InstanceId, out MpsAigcJob? ours))
            {
                ours.StopJob();
                _jobs.TryRemove(job.InstanceId, out _);
                if (ours.IsPublishingEnd)
                {
                    _leaving[ours.InstanceId] = ours;
                }
            }
            ForgetLeft();
        }

        private void ForgetLeft()
        {
            foreach (MpsAigcJob job in _leaving.Values.Where(job => !job.IsPublishingEnd))
            {
                _leaving.TryRemove(job.InstanceId, out _);
            }
        }

        private IList<Job2> Matching(Func<MpsAigcJob, bool> predicate) =>
            _jobs.Values.Where(predicate).OrderBy(job => job.Id).Cast<Job2>().ToList();

        private static Func<MpsAigcJob, bool> Like(string pattern, Func<MpsAigcJob, string> value)
        {
            // Get-Job passes -Name and -Command as the user typed them, wildcards included.
            var wildcard = new WildcardPattern(pattern ?? string.Empty, WildcardOptions.IgnoreCase);
            return job => wildcard.IsMatch(value(job) ?? string.Empty);
        }

        private static bool HasProperty(MpsAigcJob job, string name, object expected)
        {
            PSPropertyInfo property = PSObject.AsPSObject(job).Properties[name];
            if (property == null)
            {
                return false;
            }
            object actual = property.Value;
            if (expected is string pattern && !(actual is JobState))
            {
                return new WildcardPattern(pattern, WildcardOptions.IgnoreCase).IsMatch(actual?.ToString() ?? string.Empty);
            }
            return LanguagePrimitives.Equals(actual, expected, ignoreCase: true);
        }
    }
}
