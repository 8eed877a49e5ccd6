using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Waits until AIGC video tasks are DONE or FAIL, and emits each as it finishes.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "MpsAigcVideoTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class WaitMpsAigcVideoTaskCommand : MpsBatchCmdlet
    {
        private const string TaskIdSet = "TaskId";
        private const string InputObjectSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public VideoTask[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        /// <summary>Seconds to wait for each task; then it is a WaitTimeout error. Up to a week.</summary>
        [Parameter]
        [ValidateRange(0.001, 604800)]
        public double Timeout { get; set; } = 7200;

        /// <summary>Seconds between the first polls of a task; the interval grows from there.</summary>
        [Parameter]
        [ValidateRange(0.01, 3600)]
        public double PollInterval { get; set; } = 5;

        /// <summary>The longest interval between two polls of a task, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.01, 3600)]
        public double MaxPollInterval { get; set; } = 60;

        /// <summary>Emit FAIL tasks as objects instead of TaskFailed errors.</summary>
        [Parameter]
        public SwitchParameter IncludeFailed { get; set; }

        /// <summary>How many polls may be in flight at once; the rate limit applies on top.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        protected override void Prepare()
        {
            if (MaxPollInterval < PollInterval)
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new MpsException(ErrorIds.InvalidPollInterval, MpsErrorKind.InvalidArgument, "-MaxPollInterval (" + MaxPollInterval + " s) is shorter than -PollInterval (" + PollInterval + " s); make it at least as long."),
                    null));
            }
        }

        protected override IEnumerable<object> Inputs()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (VideoTask task in InputObject ?? new VideoTask[0])
                {
                    if (task != null)
                    {
                        yield return task;
                    }
                }
                yield break;
            }
            foreach (string id in TaskId ?? new string[] { null })
            {
                yield return id;
            }
        }

        protected override string JobCommand(int? inputCount)
        {
            return "Wait-MpsAigcVideoTask <" + (inputCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "streamed") + " tasks>";
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            Connection connection = Connection;
            var timeout = TimeSpan.FromSeconds(Timeout);
            var schedule = new PollSchedule(TimeSpan.FromSeconds(PollInterval), TimeSpan.FromSeconds(MaxPollInterval));
            int throttleLimit = ThrottleLimit;
            bool includeFailed = IncludeFailed;
            return (sink, cancellationToken) =>
            {
                var waiter = new TaskWaiter(
                    (taskId, last, token) => connection.Client(log, last?.Endpoint).DescribeAsync(taskId, token),
                    schedule,
                    timeout,
                    throttleLimit,
                    SystemClock.Instance,
                    log);
                var pump = new WaitPump(waiter, log, sink, includeFailed, timeout) { Rate = () => connection.Client(log).RateOf(VideoTaskApi.DescribeAction) };
                pump.Start(cancellationToken);
                return pump;
            };
        }
    }
}
