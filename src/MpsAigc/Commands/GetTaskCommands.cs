using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Engine;
using MpsAigc.Http;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Gets the state and results of AIGC tasks of one kind (DescribeAigcVideoTask, DescribeAigcImageTask).</summary>
    public abstract class GetTaskCommand : MpsBatchCmdlet
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

        protected override IEnumerable<object?> Inputs()
        {
            return TaskId ?? new string?[] { null };
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            TaskKind kind = Kind;
            MpsClient client = Connection.Client(log);
            int throttleLimit = ThrottleLimit;
            return (sink, cancellationToken) => new Pump(
                new BatchEngine(throttleLimit, inputOrder: true, SystemClock.Instance, cancellationToken), log, sink, kind.DescribeFeed(client));
        }

        protected override string JobCommand(int? inputCount) => Kind.GetCommand + " " + Counted(inputCount, "ids");
    }

    /// <summary>Gets the state and results of AIGC video tasks (DescribeAigcVideoTask).</summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcVideoTask")]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class GetMpsAigcVideoTaskCommand : GetTaskCommand
    {
        internal override TaskKind Kind => TaskKind.Video;
    }

    /// <summary>Gets the state and results of AIGC image tasks (DescribeAigcImageTask).</summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcImageTask")]
    [OutputType(typeof(ImageTask))]
    [OutputType(typeof(Job2))]
    public sealed class GetMpsAigcImageTaskCommand : GetTaskCommand
    {
        internal override TaskKind Kind => TaskKind.Image;
    }
}
