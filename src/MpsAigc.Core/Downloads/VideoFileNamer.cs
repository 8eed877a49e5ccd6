using System;
using System.Globalization;
using System.IO;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Turns a file-name template ({TaskId}, {Index}, {Resolution}) into a safe file name in one folder
    /// (<see cref="SafeFileNames"/>: no path separators, no characters any file system refuses, no reserved
    /// device names, never outside the folder).
    /// </summary>
    public sealed class VideoFileNamer
    {
        public const string DefaultTemplate = TaskIdPlaceholder + ".mp4";

        private const string TaskIdPlaceholder = "{TaskId}";
        private const string IndexPlaceholder = "{Index}";
        private const string ResolutionPlaceholder = "{Resolution}";
        private static readonly string[] Placeholders = { TaskIdPlaceholder, IndexPlaceholder, ResolutionPlaceholder };

        private readonly string _folder;
        private readonly string _template;

        public VideoFileNamer(string folder, string? template)
        {
            _folder = Path.GetFullPath(folder);
            _template = Strings.IsNullOrEmpty(template) ? DefaultTemplate : template;
        }

        /// <summary>
        /// The first {word} of <paramref name="template"/> that is none of {TaskId}, {Index}, {Resolution}, or
        /// null: a mistyped placeholder would otherwise give every video the same literal name.
        /// </summary>
        public static string? UnknownPlaceholder(string? template)
        {
            return SafeFileNames.UnknownPlaceholder(template, Placeholders);
        }

        /// <summary>The full path for video <paramref name="index"/> (1-based) of <paramref name="count"/>.</summary>
        public string PathFor(string taskId, int index, int count, string? resolution)
        {
            string template = _template;
            if (count > 1 && template.IndexOf(IndexPlaceholder, StringComparison.OrdinalIgnoreCase) < 0)
            {
                // Several videos need several names: TaskId.mp4 becomes TaskId_1.mp4, TaskId_2.mp4.
                string extension = FileSystemRules.Extension(template);
                template = template.Substring(0, template.Length - extension.Length) + "_" + IndexPlaceholder + extension;
            }
            string name = SafeFileNames.Fill(
                template,
                (TaskIdPlaceholder, SafeFileNames.Clean(taskId)),
                (IndexPlaceholder, index.ToString(CultureInfo.InvariantCulture)),
                (ResolutionPlaceholder, SafeFileNames.Clean(Strings.IsNullOrEmpty(resolution) ? "unknown" : resolution)));
            return SafeFileNames.PathIn(_folder, name, _template, taskId);
        }

        /// <summary>A file name for a bare URL: its last path segment without the extension.</summary>
        public static string StemOf(Uri url)
        {
            return SafeFileNames.StemOf(url, "video");
        }
    }
}
