using System;
using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Waits until AIGC video tasks are DONE or FAIL, and emits each as it finishes.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "MpsAigcVideoTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class WaitMpsAigcVideoTaskCommand : WaitTaskCommand
    {
        internal override TaskKind Kind => VideoKind.Kind;
    }
}
