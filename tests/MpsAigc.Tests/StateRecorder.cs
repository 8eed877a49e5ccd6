using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MpsAigc.Tests
{
    /// <summary>Every state a job announces through StateChanged, in the order its handlers saw them.</summary>
    internal sealed class StateRecorder
    {
        private readonly List<JobState> _states = new List<JobState>();

        public StateRecorder(Job job)
        {
            job.StateChanged += (sender, e) =>
            {
                lock (_states)
                {
                    _states.Add(e.JobStateInfo.State);
                }
            };
        }

        public IReadOnlyList<JobState> States
        {
            get
            {
                lock (_states)
                {
                    return _states.ToArray();
                }
            }
        }

        public string Describe() => string.Join(" -> ", States.Select(state => state.ToString()));
    }
}
