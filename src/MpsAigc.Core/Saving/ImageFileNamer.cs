using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace MpsAigc.Saving
{
    /// <summary>
    /// Names saved images from a template ({TaskId}, {Index}) in one folder, with the extension of the
    /// format the bytes turned out to be (<see cref="ImageFormats"/>), never the link's: a template's own
    /// image extension ("{TaskId}.png") is replaced by the right one. The same rules as every saved file
    /// (<see cref="SafeFileNames"/>).
    /// </summary>
    public sealed class ImageFileNamer
    {
        /// <summary>The extension is added from the bytes: a.png, or a_1.jpg, a_2.png for several images.</summary>
        public const string DefaultTemplate = TaskIdPlaceholder;

        private const string TaskIdPlaceholder = "{TaskId}";
        private const string IndexPlaceholder = "{Index}";
        private static readonly string[] Placeholders = { TaskIdPlaceholder, IndexPlaceholder };

        /// <summary>Every format a saved image may turn out to be, for finding a file an earlier run saved.</summary>
        private static readonly ImageFileFormat[] AllFormats = { ImageFileFormat.Png, ImageFileFormat.Jpeg, ImageFileFormat.WebP, ImageFileFormat.Unknown };

        private readonly string _folder;
        private readonly string _template;

        public ImageFileNamer(string folder, string? template)
        {
            _folder = Path.GetFullPath(folder);
            _template = Strings.IsNullOrEmpty(template) ? DefaultTemplate : template;
        }

        /// <summary>The first {word} of <paramref name="template"/> that is none of {TaskId}, {Index}, or null.</summary>
        public static string? UnknownPlaceholder(string? template)
        {
            return SafeFileNames.UnknownPlaceholder(template, Placeholders);
        }

        /// <summary>The full path for image <paramref name="index"/> (1-based) of <paramref name="count"/>, once its format is known.</summary>
        public string PathFor(string taskId, int index, int count, ImageFileFormat format)
        {
            return StemPathFor(taskId, index, count) + ImageFormats.ExtensionOf(format);
        }

        /// <summary>
        /// The full path without an extension, before the format is known (a base for a part file). An
        /// extension added to it stays in the folder: the checks are made on the stem.
        /// </summary>
        public string StemPathFor(string taskId, int index, int count)
        {
            return SafeFileNames.PathIn(_folder, Stem(taskId, index, count), _template, taskId);
        }

        /// <summary>Every path an image planned at <paramref name="stemPath"/> may be saved at, one per format: an existing one is a file an earlier run saved.</summary>
        public static string[] CandidatePaths(string stemPath)
        {
            return AllFormats.Select(format => stemPath + ImageFormats.ExtensionOf(format)).ToArray();
        }

        /// <summary>A file name for a bare URL: its last path segment without the extension.</summary>
        public static string StemOf(Uri url)
        {
            return SafeFileNames.StemOf(url, "image");
        }

        private string Stem(string taskId, int index, int count)
        {
            string template = _template;
            string extension = FileSystemRules.Extension(template);
            if (ImageFormats.IsImageExtension(extension))
            {
                template = template.Substring(0, template.Length - extension.Length);
            }
            if (count > 1 && template.IndexOf(IndexPlaceholder, StringComparison.OrdinalIgnoreCase) < 0)
            {
                // Several images need several names: TaskId becomes TaskId_1, TaskId_2.
                template += "_" + IndexPlaceholder;
            }
            string name = SafeFileNames.Fill(template, (TaskIdPlaceholder, SafeFileNames.Clean(taskId)), (IndexPlaceholder, index.ToString(CultureInfo.InvariantCulture)));
            // Cleaned before the extension goes on, so "name." does not become "name..png".
            return SafeFileNames.Clean(name);
        }
    }
}
