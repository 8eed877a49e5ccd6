using System.Collections;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Creates AIGC image tasks (CreateAigcImageTask); each one is billed.</summary>
    [Cmdlet(VerbsCommon.New, "MpsAigcImageTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageTask))]
    [OutputType(typeof(Job2))]
    public sealed class NewMpsAigcImageTaskCommand : NewTaskCommand
    {
        /// <summary>Reference images by link; -ImageInfo gives each its ReferenceType too.</summary>
        [Parameter]
        public string[]? ImageUrl { get; set; }

        [Parameter]
        [ValidateRange(1, 16)]
        public int OutputImageCount { get; set; }

        /// <summary>JPEG or PNG.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OutputFormatCompleter))]
        public string? OutputFormat { get; set; }

        /// <summary>Adds the service's logo to the images.</summary>
        [Parameter]
        public SwitchParameter LogoAdd { get; set; }

        internal override TaskKind Kind => TaskKind.Image;

        protected override bool HasSource => !string.IsNullOrWhiteSpace(Prompt) || References().Count > 0;

        protected override string? SourceText => string.IsNullOrEmpty(Prompt) ? References().Cast<IDictionary>().Select(r => r["ImageUrl"] as string).FirstOrDefault() : Prompt;

        protected override string MissingSourceAdvice => "An image task needs a -Prompt, an -ImageUrl or an -ImageInfo; none was given for this one.";

        protected override void Prepare()
        {
            if (!ImageModels.IsKnown(ModelName))
            {
                // The service adds models often: a name the module does not know yet is sent as it is.
                WriteWarning("'" + ModelName + "' is not an image model this module knows (" + string.Join(", ", ImageModels.Names) + "); it is sent as given.");
            }
        }

        protected override byte[] Body()
        {
            return new CreateImageTaskRequest
            {
                ModelName = ModelName,
                ModelVersion = ModelVersion,
                SceneType = SceneType,
                Prompt = string.IsNullOrWhiteSpace(Prompt) ? null : Prompt,
                NegativePrompt = NegativePrompt,
                EnhancePrompt = EnhancePrompt.IsPresent ? true : (bool?)null,
                ImageInfos = References().Count == 0 ? null : References(),
                OutputImageCount = OutputImageCount > 0 ? OutputImageCount : (int?)null,
                AspectRatio = AspectRatio,
                Resolution = Resolution,
                OutputFormat = OutputFormat,
                LogoAdd = LogoAdd.IsPresent ? true : (bool?)null,
                CosBucketName = StoreCosBucketName,
                CosBucketRegion = StoreCosBucketRegion,
                CosBucketPath = StoreCosBucketPath,
                AdditionalParameters = AdditionalParameters,
            }.ToJson();
        }

        private System.Collections.Generic.IList<IDictionary> References()
        {
            return (ImageUrl ?? new string[0]).Select(url => (IDictionary)new Hashtable { ["ImageUrl"] = url })
                .Concat((ImageInfo ?? new Hashtable[0]).Cast<IDictionary>())
                .ToList();
        }
    }
}
