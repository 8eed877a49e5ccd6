using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Common aspect ratios; models accept different sets.</summary>
    public sealed class AspectRatioCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(TaskKind kind, string? model) => new[] { "16:9", "9:16", "1:1", "4:3", "3:4" };
    }
}
