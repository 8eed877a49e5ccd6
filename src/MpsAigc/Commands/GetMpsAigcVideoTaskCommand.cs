using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Gets the state and results of AIGC video tasks (DescribeAigcVideoTask).</summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcVideoTask")]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class GetMpsAigcVideoTaskCommand : MpsCmdletBase
    {
        private readonly List<string> _jobIds = new List<string>();
        private TaskQueryPump _pump;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] TaskId { get; set; }

        /// <summary>How many requests may be in flight at once; the rate limit applies on top.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!AsJob)
            {
                _pump = CreatePump(new CmdletRecordSink(this), CreateLog(), StopToken);
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string id in TaskId ?? new string[] { null })
            {
                if (AsJob)
                {
                    _jobIds.Add(id);
                }
                else
                {
                    _pump.Add(id);
                }
            }
            _pump?.WriteReady();
        }

        protected override void EndProcessing()
        {
            if (!AsJob)
            {
                _pump.WriteAll(StopToken);
                return;
            }
            string[] ids = _jobIds.ToArray();
            QueuedLog log = CreateLog();
            StartJob(
                "Get-MpsAigcVideoTask -TaskId " + (ids.Length == 1 ? ids[0] : "<" + ids.Length + " ids>"),
                (sink, cancellationToken) =>
                {
                    TaskQueryPump pump = CreatePump(sink, log, cancellationToken);
                    foreach (string id in ids)
                    {
                        pump.Add(id);
                    }
                    pump.WriteAll(cancellationToken);
                });
        }

        private TaskQueryPump CreatePump(IRecordSink sink, QueuedLog log, CancellationToken cancellationToken)
        {
            MpsClient client = CreateClient(log);
            return new TaskQueryPump(new VideoTaskQueryBatch(client, ThrottleLimit, cancellationToken), log, sink);
        }
    }
}
