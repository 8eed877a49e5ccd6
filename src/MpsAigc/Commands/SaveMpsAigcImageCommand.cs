using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Downloads the result images of AIGC image tasks, named with the extension their bytes call for.</summary>
    [Cmdlet(VerbsData.Save, "MpsAigcImage", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    [OutputType(typeof(Job2))]
    public sealed class SaveMpsAigcImageCommand : SaveResultCommand
    {
        internal override TaskKind Kind => ImageKind.Kind;
    }
}
