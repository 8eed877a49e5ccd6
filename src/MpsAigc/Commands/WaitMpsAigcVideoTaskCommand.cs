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
    public sealed class WaitMpsAigcVideoTaskCommand : MpsCmdletBase
    {
        private const string TaskIdSet = "TaskId";
        private const string InputObjectSet = "InputObject";

        private readonly List<object> _jobInputs = new List<object>();
        private WaitPump _pump;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public VideoTask[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
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

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (MaxPollInterval < PollInterval)
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new MpsException("InvalidPollInterval", MpsErrorKind.InvalidArgument, "-MaxPollInterval (" + MaxPollInterval + " s) is shorter than -PollInterval (" + PollInterval + " s); make it at least as long."),
                    null));
            }
            if (!AsJob)
            {
                _pump = CreatePump(new CmdletRecordSink(this), CreateLog(), StopToken);
            }
        }

        protected override void ProcessRecord()
        {
            IEnumerable<object> inputs = ParameterSetName == InputObjectSet
                ? (IEnumerable<object>)(InputObject ?? new VideoTask[0])
                : TaskId ?? new string[] { null };
            foreach (object input in inputs)
            {
                if (input == null && ParameterSetName == InputObjectSet)
                {
                    continue;
                }
                if (AsJob)
                {
                    _jobInputs.Add(input);
                }
                else
                {
                    _pump.Add(input);
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
            object[] inputs = _jobInputs.ToArray();
            QueuedLog log = CreateLog();
            StartJob(
                "Wait-MpsAigcVideoTask <" + inputs.Length + " tasks>",
                (sink, cancellationToken) =>
                {
                    WaitPump pump = CreatePump(sink, log, cancellationToken);
                    foreach (object input in inputs)
                    {
                        pump.Add(input);
                    }
                    pump.WriteAll(cancellationToken);
                });
        }

        private WaitPump CreatePump(IRecordSink sink, QueuedLog log, CancellationToken cancellationToken)
        {
            Func<Uri, MpsClient> clients = ClientsFor(log);
            var timeout = TimeSpan.FromSeconds(Timeout);
            var waiter = new TaskWaiter(
                (taskId, last, token) => clients(last?.Endpoint).DescribeAsync(taskId, token),
                new PollSchedule(TimeSpan.FromSeconds(PollInterval), TimeSpan.FromSeconds(MaxPollInterval)),
                timeout,
                ThrottleLimit,
                SystemClock.Instance,
                log);
            var pump = new WaitPump(waiter, log, sink, IncludeFailed, timeout);
            pump.Start(cancellationToken);
            return pump;
        }
    }
}
