using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    public sealed class ResolutionCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(TaskKind kind, string? model) => CreateImageTaskRequest.Resolutions;
    }
}
