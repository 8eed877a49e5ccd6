using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Credentials;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Completes from a fixed or computed list of words.</summary>
    public abstract class WordCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Words()
                .Where(word => word.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(word => new CompletionResult(word.IndexOfAny(new[] { ' ', '\'' }) >= 0 ? "'" + word.Replace("'", "''") + "'" : word, word, CompletionResultType.ParameterValue, word));
        }

        protected abstract IEnumerable<string> Words();
    }

    /// <summary>The models the create action of the command's kind documents (New-MpsAigcImageTask: the image models).</summary>
    public sealed class ModelNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> models = IsImage(commandName) ? ImageModels.Names : CreateVideoTaskRequest.KnownModels;
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return models
                .Where(m => m.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(m => new CompletionResult(m, m, CompletionResultType.ParameterValue, m));
        }

        internal static bool IsImage(string commandName) => commandName?.IndexOf("Image", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The image formats ExtraParameters documents.</summary>
    public sealed class OutputFormatCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words() => CreateImageTaskRequest.OutputFormats;
    }

    /// <summary>The versions of the model already given with -ModelName; of every model when none is.</summary>
    public sealed class ModelVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? model = fakeBoundParameters?["ModelName"] as string;
            IEnumerable<string> versions = ModelNameCompleter.IsImage(commandName)
                ? (model == null || model.Length == 0 ? ImageModels.Names.SelectMany(ImageModels.VersionsOf).Distinct() : ImageModels.VersionsOf(model))
                : model == null || model.Length == 0
                    ? CreateVideoTaskRequest.KnownVersions.Values.SelectMany(v => v).Distinct()
                    : CreateVideoTaskRequest.KnownVersions.TryGetValue(model, out string[]? forModel) ? forModel : new string[0];
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return versions
                .Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, string.IsNullOrEmpty(model) ? v : model + " " + v));
        }
    }

    /// <summary>The output resolutions ExtraParameters documents.</summary>
    public sealed class ResolutionCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words() => new[] { "720P", "1080P", "2K", "4K" };
    }

    /// <summary>Common aspect ratios; models accept different sets.</summary>
    public sealed class AspectRatioCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words() => new[] { "16:9", "9:16", "1:1", "4:3", "3:4" };
    }

    /// <summary>Tencent Cloud regions where MPS is offered.</summary>
    public sealed class RegionCompleter : WordCompleter
    {
        private static readonly string[] Regions =
        {
            "ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing", "ap-hongkong",
            "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-mumbai", "ap-seoul", "ap-tokyo", "na-siliconvalley",
            "na-ashburn", "eu-frankfurt", "sa-saopaulo",
        };

        protected override IEnumerable<string> Words() => Regions;
    }

    /// <summary>The sections of the credentials file, read when asked; a file that cannot be read offers nothing.</summary>
    public sealed class ProfileNameCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words()
        {
            string path = new CredentialResolver().CredentialsFilePath;
            try
            {
                return File.Exists(path) ? ProfileFile.Parse(File.ReadAllText(path), path).Keys.OrderBy(k => k).ToArray() : new string[0];
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is MpsException)
            {
                return new string[0];
            }
        }
    }
}
