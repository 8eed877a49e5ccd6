using System;
using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Waits until AIGC image tasks are DONE or FAIL, and emits each as it finishes.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "MpsAigcImageTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ImageTask))]
    [OutputType(typeof(Job2))]
    public sealed class WaitMpsAigcImageTaskCommand : WaitTaskCommand
    {
        internal override TaskKind Kind => ImageKind.Kind;
    }
}
