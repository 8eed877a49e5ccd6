using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace MpsAigc.Saving
{
    /// <summary>
    /// Turns a file-name template ({TaskId}, {Index}, and a kind's own, such as a video's {Resolution}) into a
    /// safe file name in one folder (<see cref="SafeFileNames"/>: no path separators, no characters any file
    /// system refuses, no reserved device names, never outside the folder). The name, extension and all, is
    /// known before the first byte.
    /// </summary>
    public sealed class TemplateFileNamer
    {
        private const string TaskIdPlaceholder = "{TaskId}";
        private const string IndexPlaceholder = "{Index}";

        private readonly string _folder;
        private readonly string _template;

        /// <param name="template">-FileName; null or empty for <paramref name="defaultTemplate"/>.</param>
        public TemplateFileNamer(string folder, string? template, string defaultTemplate)
        {
            _folder = Path.GetFullPath(folder);
            _template = Strings.IsNullOrEmpty(template) ? defaultTemplate : template;
        }

        /// <summary>
        /// The first {word} of <paramref name="template"/> that is none of {TaskId}, {Index} and
        /// <paramref name="kindPlaceholders"/>, or null: a mistyped placeholder would otherwise give every file
        /// the same literal name.
        /// </summary>
        public static string? UnknownPlaceholder(string? template, IEnumerable<string> kindPlaceholders)
        {
            return SafeFileNames.UnknownPlaceholder(template, new[] { TaskIdPlaceholder, IndexPlaceholder }.Concat(kindPlaceholders).ToArray());
        }

        /// <summary>The full path for result <paramref name="index"/> (1-based) of <paramref name="count"/>.</summary>
        /// <param name="values">The kind's own placeholders and their values; "unknown" stands for an empty one.</param>
        public string PathFor(string taskId, int index, int count, IEnumerable<(string Placeholder, string? Value)> values)
        {
            string template = _template;
            if (count > 1 && template.IndexOf(IndexPlaceholder, StringComparison.OrdinalIgnoreCase) < 0)
            {
                // Several results need several names: TaskId.mp4 becomes TaskId_1.mp4, TaskId_2.mp4.
                string extension = FileSystemRules.Extension(template);
                template = template.Substring(0, template.Length - extension.Length) + "_" + IndexPlaceholder + extension;
            }
            string name = SafeFileNames.Fill(
                template,
                new[] { (TaskIdPlaceholder, SafeFileNames.Clean(taskId)), (IndexPlaceholder, index.ToString(CultureInfo.InvariantCulture)) }
                    .Concat(values.Select(value => (value.Placeholder, SafeFileNames.Clean(Strings.IsNullOrEmpty(value.Value) ? "unknown" : value.Value))))
                    .ToArray());
            return SafeFileNames.PathIn(_folder, name, _template, taskId);
        }

        /// <summary>A file name for a bare URL: its last path segment without the extension.</summary>
        public static string StemOf(Uri url)
        {
            return SafeFileNames.StemOf(url, "file");
        }
    }
}
