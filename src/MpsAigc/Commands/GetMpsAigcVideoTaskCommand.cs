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
    public sealed class GetMpsAigcVideoTaskCommand : MpsBatchCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        /// <summary>How many requests may be in flight at once; the rate limit applies on top.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        protected override IEnumerable<object> Inputs()
        {
            return TaskId ?? new string[] { null };
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            Connection connection = Connection;
            int throttleLimit = ThrottleLimit;
            return (sink, cancellationToken) => new TaskQueryPump(new VideoTaskQueryBatch(connection.Client(log), throttleLimit, cancellationToken), log, sink);
        }

        protected override string JobCommand(int? inputCount)
        {
            return "Get-MpsAigcVideoTask <" + (inputCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "streamed") + " ids>";
        }
    }
}
