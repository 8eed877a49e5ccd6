using System.Collections.Generic;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// A New cmdlet's parameters that complete from its kind's lists (ModelName, ModelVersion, Resolution,
    /// AspectRatio, OutputFormat): the kind is the command's, the list the parameter's.
    /// </summary>
    public sealed class TaskParameterCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(string commandName, string parameterName, string? model)
        {
            return TaskKinds.OfCommand(commandName)?.CompletionsFor(parameterName, model) ?? new string[0];
        }

        /// <summary>A version's tip names its model: "Kling 2.1".</summary>
        protected override string ToolTip(string parameterName, string word, string? model)
        {
            return parameterName == "ModelVersion" && !string.IsNullOrEmpty(model) ? model + " " + word : word;
        }
    }
}
