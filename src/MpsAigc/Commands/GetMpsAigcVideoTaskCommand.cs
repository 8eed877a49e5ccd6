using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Gets the state and results of AIGC video tasks (DescribeAigcVideoTask).</summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcVideoTask")]
    [OutputType(typeof(VideoTask))]
    [OutputType(typeof(Job2))]
    public sealed class GetMpsAigcVideoTaskCommand : GetTaskCommand
    {
        internal override TaskKind Kind => VideoKind.Kind;
    }
}
