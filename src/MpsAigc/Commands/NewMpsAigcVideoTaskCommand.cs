using System.Collections;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Http;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Creates AIGC video tasks (CreateAigcVideoTask); each one is billed.</summary>
    [Cmdlet(VerbsCommon.New, "MpsAigcVideoTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class NewMpsAigcVideoTaskCommand : NewTaskCommand
    {
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

        internal override TaskKind Kind => TaskKind.Video;

        protected override int CreateRate => CreateVideoTaskRequest.RequestsPerSecond;

        protected override string Model => ModelName;

        protected override bool HasSource => !string.IsNullOrWhiteSpace(Prompt) || !string.IsNullOrEmpty(ImageUrl) || (ImageInfo != null && ImageInfo.Length > 0);

        protected override string SourceText => string.IsNullOrEmpty(Prompt) ? ImageUrl : Prompt;

        protected override string MissingSourceAdvice => "A task needs a -Prompt, an -ImageUrl or an -ImageInfo; none was given for this one.";

        protected override byte[] Body() => Request().ToJson();

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
    }
}
