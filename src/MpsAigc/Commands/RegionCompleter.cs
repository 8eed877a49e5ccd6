using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Api;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    public sealed class RegionCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(TaskKind kind, string? model) => MpsEndpoint.Regions;
    }
}
