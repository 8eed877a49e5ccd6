using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Turns a file-name template ({TaskId}, {Index}, {Resolution}) into a safe file name in one folder: no
    /// path separators, no characters any file system refuses, no reserved device names, never outside the
    /// folder.
    /// </summary>
    public sealed class VideoFileNamer
    {
        public const string DefaultTemplate = TaskIdPlaceholder + ".mp4";

        private const string TaskIdPlaceholder = "{TaskId}";
        private const string IndexPlaceholder = "{Index}";
        private const string ResolutionPlaceholder = "{Resolution}";
        private static readonly string[] Placeholders = { TaskIdPlaceholder, IndexPlaceholder, ResolutionPlaceholder };

        private static readonly char[] Invalid = "<>:\"/\\|?*".ToCharArray();
        private static readonly string[] Reserved =
        {
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        private readonly string _folder;
        private readonly string _template;

        public VideoFileNamer(string folder, string template)
        {
            _folder = Path.GetFullPath(folder);
            _template = string.IsNullOrEmpty(template) ? DefaultTemplate : template;
        }

        /// <summary>
        /// The first {word} of <paramref name="template"/> that is none of {TaskId}, {Index}, {Resolution}, or
        /// null: a mistyped placeholder would otherwise give every video the same literal name.
        /// </summary>
        public static string UnknownPlaceholder(string template)
        {
            foreach (Match placeholder in Regex.Matches(template ?? string.Empty, @"\{[^{}]*\}"))
            {
                if (!Placeholders.Contains(placeholder.Value, StringComparer.OrdinalIgnoreCase))
                {
                    return placeholder.Value;
                }
            }
            return null;
        }

        /// <summary>The full path for video <paramref name="index"/> (1-based) of <paramref name="count"/>.</summary>
        public string PathFor(string taskId, int index, int count, string resolution)
        {
            string template = _template;
            if (count > 1 && template.IndexOf(IndexPlaceholder, StringComparison.OrdinalIgnoreCase) < 0)
            {
                // Several videos need several names: TaskId.mp4 becomes TaskId_1.mp4, TaskId_2.mp4.
                string extension = Path.GetExtension(template);
                template = template.Substring(0, template.Length - extension.Length) + "_" + IndexPlaceholder + extension;
            }
            string name = Replace(template, TaskIdPlaceholder, Clean(taskId));
            name = Replace(name, IndexPlaceholder, index.ToString(CultureInfo.InvariantCulture));
            name = Replace(name, ResolutionPlaceholder, Clean(string.IsNullOrEmpty(resolution) ? "unknown" : resolution));
            name = Clean(name);
            if (name.Length == 0 || name.All(ch => ch == '.'))
            {
                throw new MpsException(ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, "The file name template '" + _template + "' gives no usable file name for task " + taskId + ".");
            }
            string stem = name.Split('.')[0];
            if (Reserved.Contains(stem, StringComparer.OrdinalIgnoreCase))
            {
                name = "_" + name;
            }
            string full = Path.GetFullPath(Path.Combine(_folder, name));
            if (!string.Equals(Path.GetDirectoryName(full), _folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                throw new MpsException(ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, "The file name '" + name + "' would leave the folder " + _folder + ".");
            }
            return full;
        }

        /// <summary>A file name for a bare URL: its last path segment without the extension.</summary>
        public static string StemOf(Uri url)
        {
            string last = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? string.Empty).Trim('/');
            string stem = Path.GetFileNameWithoutExtension(last);
            return string.IsNullOrEmpty(stem) ? "video" : stem;
        }

        private static string Clean(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (char ch in value)
            {
                text.Append(char.IsControl(ch) || Array.IndexOf(Invalid, ch) >= 0 ? '_' : ch);
            }
            // Windows drops trailing dots and spaces; a name must mean the same everywhere.
            return text.ToString().Trim().TrimEnd('.');
        }

        private static string Replace(string text, string placeholder, string value)
        {
            // One pass: a value that itself looks like a placeholder is not expanded again.
            return Regex.Replace(text, Regex.Escape(placeholder), _ => value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
