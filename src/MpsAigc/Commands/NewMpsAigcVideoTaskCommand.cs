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
        [Parameter]
        public string? ImageUrl { get; set; }

        [Parameter]
        public string? LastImageUrl { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int Duration { get; set; }

        [Parameter]
        public SwitchParameter EnableAudio { get; set; }

        /// <summary>Cheaper, slower: off-peak tasks may take up to 48 hours.</summary>
        [Parameter]
        public SwitchParameter OffPeak { get; set; }

        internal override TaskKind Kind => TaskKind.Video;

        protected override bool HasSource => !string.IsNullOrWhiteSpace(Prompt) || !string.IsNullOrEmpty(ImageUrl) || (ImageInfo != null && ImageInfo.Length > 0);

        protected override string? SourceText => string.IsNullOrEmpty(Prompt) ? ImageUrl : Prompt;

        protected override string MissingSourceAdvice => "A task needs a -Prompt, an -ImageUrl or an -ImageInfo; none was given for this one.";

        protected override byte[] Body()
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
            }.ToJson();
        }
    }
}
