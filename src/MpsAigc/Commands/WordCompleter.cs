using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MpsAigc.Commands
{
    /// <summary>Completes from a list of words the core keeps; a word with a space or quote is quoted.</summary>
    public abstract class WordCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            string? model = fakeBoundParameters?["ModelName"] as string;
            return Words(commandName, parameterName, model)
                .Where(word => word.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(word => new CompletionResult(
                    word.IndexOfAny(new[] { ' ', '\'' }) >= 0 ? "'" + word.Replace("'", "''") + "'" : word, word, CompletionResultType.ParameterValue, ToolTip(parameterName, word, model)));
        }

        /// <param name="model">The -ModelName already given, if any.</param>
        protected abstract IEnumerable<string> Words(string commandName, string parameterName, string? model);

        protected virtual string ToolTip(string parameterName, string word, string? model) => word;
    }
}
