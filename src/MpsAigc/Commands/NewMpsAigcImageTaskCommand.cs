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
        [Parameter]
        public string[]? ImageUrl { get; set; }

        [Parameter]
        [ValidateRange(1, 16)]
        public int OutputImageCount { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(OutputFormatCompleter))]
        public string? OutputFormat { get; set; }

        [Parameter]
        public SwitchParameter LogoAdd { get; set; }

        internal override TaskKind Kind => TaskKind.Image;

        protected override void Prepare()
        {
            base.Prepare();
            if (!ImageModels.IsKnown(ModelName))
            {
                // The service adds models often: a name the module does not know yet is sent as it is.
                WriteWarning("'" + ModelName + "' is not an image model this module knows (" + string.Join(", ", ImageModels.Names) + "); it is sent as given.");
            }
        }

        protected override CreateTaskRequest Request()
        {
            return new CreateImageTaskRequest
            {
                ImageUrls = ImageUrl,
                OutputImageCount = OutputImageCount > 0 ? OutputImageCount : (int?)null,
                OutputFormat = OutputFormat,
                LogoAdd = LogoAdd.IsPresent ? true : (bool?)null,
            };
        }
    }
}
