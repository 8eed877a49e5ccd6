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
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? OutputFormat { get; set; }

        [Parameter]
        public SwitchParameter LogoAdd { get; set; }

        internal override TaskKind Kind => ImageKind.Kind;

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
