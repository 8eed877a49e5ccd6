using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Gets the state and results of AIGC image tasks (DescribeAigcImageTask).</summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcImageTask")]
    [OutputType(typeof(ImageTask))]
    [OutputType(typeof(Job2))]
    public sealed class GetMpsAigcImageTaskCommand : GetTaskCommand
    {
        internal override TaskKind Kind => ImageKind.Kind;
    }
}
