using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Engine;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// What creating a task of either kind shares: each pipeline input is one billed task, its body shown
    /// to -WhatIf exactly as it would be sent, sent once, a few at a time, output in input order.
    /// </summary>
    public abstract class NewTaskCommand : MpsBatchCmdlet
    {
        /// <summary>Creates run a few at a time: each is one billed task, and order of output follows input.</summary>
        private const int CreatesInFlight = 4;

        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        /// <summary>Completed from the kind's list of models; a name not on it is sent as given.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? ModelName { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? ModelVersion { get; set; }

        [Parameter]
        public string? SceneType { get; set; }

        [Parameter]
        public string? NegativePrompt { get; set; }

        [Parameter]
        public SwitchParameter EnhancePrompt { get; set; }

        [Parameter]
        public Hashtable[]? ImageInfo { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? Resolution { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? AspectRatio { get; set; }

        [Parameter]
        public string? StoreCosBucketName { get; set; }

        [Parameter]
        public string? StoreCosBucketRegion { get; set; }

        [Parameter]
        public string? StoreCosBucketPath { get; set; }

        [Parameter]
        public Hashtable? AdditionalParameters { get; set; }

        protected override void Prepare()
        {
            string? warning = Kind.UnknownModelWarning(ModelName);
            if (warning != null)
            {
                WriteWarning(warning);
            }
        }

        /// <summary>The kind's request with the parameters of its own; <see cref="Inputs"/> adds those both kinds share.</summary>
        protected abstract CreateTaskRequest Request();

        protected override IEnumerable<object?> Inputs()
        {
            CreateTaskRequest request = Request();
            request.ModelName = ModelName;
            request.ModelVersion = ModelVersion;
            request.SceneType = SceneType;
            request.Prompt = Prompt;
            request.NegativePrompt = NegativePrompt;
            request.EnhancePrompt = EnhancePrompt.IsPresent ? true : (bool?)null;
            request.ImageInfos = ImageInfo?.Cast<IDictionary>().ToList();
            request.Resolution = Resolution;
            request.AspectRatio = AspectRatio;
            request.CosBucketName = StoreCosBucketName;
            request.CosBucketRegion = StoreCosBucketRegion;
            request.CosBucketPath = StoreCosBucketPath;
            request.AdditionalParameters = AdditionalParameters;
            if (!request.HasSource)
            {
                WriteError(ErrorRecords.From(Kind.MissingSource(), Prompt));
                yield break;
            }
            byte[] body;
            try
            {
                body = request.ToJson();
            }
            catch (MpsException e)
            {
                WriteError(ErrorRecords.From(e, request.Target));
                yield break;
            }
            // -WhatIf shows exactly what would be sent, and nothing is billed.
            if (ShouldProcess(Encoding.UTF8.GetString(body), "Create an AIGC " + Kind.Noun + " task (billed)"))
            {
                yield return (request.Target, body);
            }
        }

        /// <summary>
        /// Creating has its own, lower documented limit and its own budget at the service; a session default
        /// rate is for queries, so only this command's own -MaxRequestsPerSecond changes it.
        /// </summary>
        protected override bool TakesDefaultRate => false;

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            TaskKind kind = Kind;
            MpsClient client = Connection.Client(log);
            return (sink, cancellationToken) => new Pump(
                new BatchEngine(CreatesInFlight, inputOrder: true, SystemClock.Instance, cancellationToken),
                log,
                sink,
                (engine, input) =>
                {
                    // Inputs() yields only these pairs, never null.
                    var (target, body) = ((string?, byte[]))input!;
                    engine.Add(target, async token => Step.Done(Outcome.Of(await kind.CreateAsync(client, body, token).ConfigureAwait(false), target)));
                });
        }

        protected override string JobCommand(int? inputCount) => Kind.NewCommand + " -ModelName " + ModelName + " " + Counted(inputCount, "tasks");
    }
}
