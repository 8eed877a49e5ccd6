using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Engine;
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
            MpsClient client = connection.Client(log);
            return (sink, cancellationToken) => new Pump(
                new BatchEngine(throttleLimit, inputOrder: true, SystemClock.Instance, cancellationToken),
                log,
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    VideoTask task = await client.DescribeAsync(TaskIdValidator.Validate(input as string), token).ConfigureAwait(false);
                    return Step.Done(Outcome.Of(task, input));
                }));
        }

        protected override string JobCommand(int? inputCount)
        {
            return "Get-MpsAigcVideoTask <" + (inputCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "streamed") + " ids>";
        }
    }
}
