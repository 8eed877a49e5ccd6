using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Engine;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Gets the state and results of AIGC tasks of one kind (DescribeAigcVideoTask, DescribeAigcImageTask).</summary>
    public abstract class GetTaskCommand : MpsBatchCmdlet<string?, AigcTask>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[]? TaskId { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        protected override IEnumerable<string?> Inputs()
        {
            return TaskId ?? new string?[] { null };
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            TaskKind kind = Kind;
            MpsClient client = Connection.Client(log);
            int throttleLimit = ThrottleLimit;
            return (sink, cancellationToken) => new Pump<string?, AigcTask>(
                new BatchEngine<AigcTask>(throttleLimit, inputOrder: true, SystemClock.Instance, cancellationToken), log, sink, kind.DescribeFeed(client));
        }

        protected override string JobCommand(int? inputCount) => Kind.GetCommand + " " + Counted(inputCount, "ids");
    }
}
