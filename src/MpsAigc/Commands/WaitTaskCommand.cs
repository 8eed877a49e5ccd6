using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Engine;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Waits until AIGC tasks of one kind are DONE or FAIL, and emits each as it finishes.</summary>
    public abstract class WaitTaskCommand : MpsBatchCmdlet<TaskReference, AigcTask>
    {
        protected const string TaskIdSet = "TaskId";
        protected const string InputObjectSet = "InputObject";

        /// <summary>Tasks from Get- or New-; one of the other kind is an error that names the right cmdlet.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public AigcTask[]? InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[]? TaskId { get; set; }

        [Parameter]
        [ValidateRange(0.001, 604800)]
        public double Timeout { get; set; } = 7200;

        [Parameter]
        [ValidateRange(0.01, 3600)]
        public double PollInterval { get; set; } = 5;

        [Parameter]
        [ValidateRange(0.01, 3600)]
        public double MaxPollInterval { get; set; } = 60;

        [Parameter]
        public SwitchParameter IncludeFailed { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        private PollSchedule? _schedule;

        protected override void Prepare()
        {
            try
            {
                _schedule = PollSchedule.FromSeconds(PollInterval, MaxPollInterval);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
            }
        }

        protected override IEnumerable<TaskReference> Inputs()
        {
            return ParameterSetName == InputObjectSet
                ? TasksOf(InputObject).Select(TaskReference.Of)
                : (TaskId ?? new string?[] { null }).Select(TaskReference.OfId);
        }

        protected override string JobCommand(int? inputCount) => Kind.WaitCommand + " " + Counted(inputCount, "tasks");

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            Connection connection = Connection;
            var timeout = TimeSpan.FromSeconds(Timeout);
            PollSchedule schedule = _schedule ?? throw new InvalidOperationException("Prepare makes the schedule before the pump is made.");
            int throttleLimit = ThrottleLimit;
            bool includeFailed = IncludeFailed;
            TaskKind kind = Kind;
            return (sink, cancellationToken) =>
            {
                var waits = new TaskWaits(
                    (taskId, last, token) => kind.DescribeAsync(connection.Client(log, last?.Endpoint), taskId, token),
                    schedule,
                    timeout,
                    includeFailed,
                    kind,
                    SystemClock.Instance,
                    log);
                return new Pump<TaskReference, AigcTask>(
                    new BatchEngine<AigcTask>(throttleLimit, inputOrder: false, SystemClock.Instance, cancellationToken),
                    log,
                    sink,
                    waits.Add,
                    progress: elapsed =>
                    {
                        MpsClient client = connection.Client(log);
                        return waits.Counts.Progress("Waiting for AIGC " + kind.Noun + " tasks", elapsed, client.RateOf(kind.Describe), client.Outage);
                    });
            };
        }
    }
}
