using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>The versions of the model already given with -ModelName; of every model when none is.</summary>
    public sealed class ModelVersionCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(TaskKind kind, string? model) => kind.VersionsOf(model);

        protected override string ToolTip(string word, string? model) => string.IsNullOrEmpty(model) ? word : model + " " + word;
    }
}
