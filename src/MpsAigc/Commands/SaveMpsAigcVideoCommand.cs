using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Downloads the result videos of AIGC video tasks, resumably, to whole files only.</summary>
    [Cmdlet(VerbsData.Save, "MpsAigcVideo", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    [OutputType(typeof(Job2))]
    public sealed class SaveMpsAigcVideoCommand : SaveResultCommand
    {
        internal override TaskKind Kind => VideoKind.Kind;
    }
}
