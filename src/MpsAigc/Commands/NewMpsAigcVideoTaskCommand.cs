using System.Management.Automation;
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

        [Parameter]
        public SwitchParameter OffPeak { get; set; }

        internal override TaskKind Kind => VideoKind.Kind;

        protected override CreateTaskRequest Request()
        {
            return new CreateVideoTaskRequest
            {
                ImageUrl = ImageUrl,
                LastImageUrl = LastImageUrl,
                Duration = Duration > 0 ? Duration : (int?)null,
                EnableAudio = EnableAudio.IsPresent ? true : (bool?)null,
                OffPeak = OffPeak.IsPresent ? true : (bool?)null,
            };
        }
    }
}
