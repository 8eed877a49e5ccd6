using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Creates AIGC video tasks (CreateAigcVideoTask); each one is billed.</summary>
    [Cmdlet(VerbsCommon.New, "MpsAigcVideoTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class NewMpsAigcVideoTaskCommand : MpsBatchCmdlet
    {
        /// <summary>Creates run a few at a time: each is one billed task, and order of output follows input.</summary>
        private const int CreatesInFlight = 4;

        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Prompt { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string ModelName { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ModelVersionCompleter))]
        public string ModelVersion { get; set; }

        [Parameter]
        public string SceneType { get; set; }

        [Parameter]
        public string NegativePrompt { get; set; }

        [Parameter]
        public SwitchParameter EnhancePrompt { get; set; }

        [Parameter]
        public string ImageUrl { get; set; }

        [Parameter]
        public string LastImageUrl { get; set; }

        /// <summary>Reference images: hashtables with ImageUrl and ReferenceType.</summary>
        [Parameter]
        public Hashtable[] ImageInfo { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int Duration { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ResolutionCompleter))]
        public string Resolution { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(AspectRatioCompleter))]
        public string AspectRatio { get; set; }

        [Parameter]
        public SwitchParameter EnableAudio { get; set; }

        /// <summary>Cheaper, slower: off-peak tasks may take up to 48 hours.</summary>
        [Parameter]
        public SwitchParameter OffPeak { get; set; }

        [Parameter]
        public string StoreCosBucketName { get; set; }

        [Parameter]
        public string StoreCosBucketRegion { get; set; }

        [Parameter]
        public string StoreCosBucketPath { get; set; }

        /// <summary>Model-specific settings, sent as the JSON string the API wants.</summary>
        [Parameter]
        public Hashtable AdditionalParameters { get; set; }

        protected override IEnumerable<object> Inputs()
        {
            if (string.IsNullOrWhiteSpace(Prompt) && string.IsNullOrEmpty(ImageUrl) && (ImageInfo == null || ImageInfo.Length == 0))
            {
                WriteError(ErrorRecords.From(
                    new MpsException(ErrorIds.MissingPrompt, MpsErrorKind.InvalidArgument, "A task needs a -Prompt, an -ImageUrl or an -ImageInfo; none was given for this one."),
                    Prompt));
                yield break;
            }
            byte[] body = Request().ToJson();
            // -WhatIf shows exactly what would be sent, and nothing is billed.
            if (ShouldProcess(Encoding.UTF8.GetString(body), "Create an AIGC video task (billed)"))
            {
                yield return new CreateInput(string.IsNullOrEmpty(Prompt) ? ImageUrl : Prompt, body);
            }
        }

        /// <summary>
        /// Creating has its own, lower documented limit (10/s) and its own budget at the service; a session
        /// default rate is for queries, so only this command's own -MaxRequestsPerSecond changes it.
        /// </summary>
        protected override bool TakesDefaultRate => false;

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            MpsClient client = Connection.Client(log);
            return (sink, cancellationToken) => new TaskQueryPump(
                new VideoTaskQueryBatch(client, CreatesInFlight, cancellationToken),
                log,
                sink,
                (batch, input) =>
                {
                    var create = (CreateInput)input;
                    batch.Add(create.Target, token => client.CreateAsync(create.Body, token));
                });
        }

        protected override string JobCommand(int? inputCount)
        {
            return "New-MpsAigcVideoTask -ModelName " + ModelName + " <" + (inputCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "streamed") + " tasks>";
        }

        private CreateVideoTaskRequest Request()
        {
            return new CreateVideoTaskRequest
            {
                ModelName = ModelName,
                ModelVersion = ModelVersion,
                SceneType = SceneType,
                Prompt = string.IsNullOrWhiteSpace(Prompt) ? null : Prompt,
                NegativePrompt = NegativePrompt,
                EnhancePrompt = EnhancePrompt.IsPresent ? true : (bool?)null,
                ImageUrl = ImageUrl,
                LastImageUrl = LastImageUrl,
                ImageInfos = ImageInfo?.Cast<IDictionary>().ToList(),
                Duration = Duration > 0 ? Duration : (int?)null,
                Resolution = Resolution,
                AspectRatio = AspectRatio,
                EnableAudio = EnableAudio.IsPresent ? true : (bool?)null,
                OffPeak = OffPeak.IsPresent ? true : (bool?)null,
                CosBucketName = StoreCosBucketName,
                CosBucketRegion = StoreCosBucketRegion,
                CosBucketPath = StoreCosBucketPath,
                AdditionalParameters = AdditionalParameters,
            };
        }

        private sealed class CreateInput
        {
            public CreateInput(string target, byte[] body)
            {
                Target = target;
                Body = body;
            }

            public string Target { get; }

            public byte[] Body { get; }
        }
    }
}
