using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MpsAigc.Saving
{
    /// <summary>
    /// What every saved file's name obeys, video or image: placeholders filled in one pass, no path separators,
    /// no characters any file system refuses, no reserved device names, never outside its folder.
    /// </summary>
    internal static class SafeFileNames
    {
        private static readonly char[] Invalid = "<>:\"/\\|?*".ToCharArray();

        /// <summary>
        /// The first {word} of <paramref name="template"/> that is none of <paramref name="known"/>, or null: a
        /// mistyped placeholder would otherwise give every file the same literal name.
        /// </summary>
        public static string? UnknownPlaceholder(string? template, string[] known)
        {
            foreach (Match placeholder in Regex.Matches(template ?? string.Empty, @"\{[^{}]*\}"))
            {
                if (!known.Contains(placeholder.Value, StringComparer.OrdinalIgnoreCase))
                {
                    return placeholder.Value;
                }
            }
            return null;
        }

        public static string Clean(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (char ch in value)
            {
                text.Append(char.IsControl(ch) || Array.IndexOf(Invalid, ch) >= 0 ? '_' : ch);
            }
            // Windows drops trailing dots and spaces; a name must mean the same everywhere.
            return text.ToString().Trim().TrimEnd('.');
        }

        /// <summary>Fills every placeholder (in any case) at once: a value that itself looks like a placeholder is not expanded.</summary>
        public static string Fill(string template, params (string Placeholder, string Value)[] values)
        {
            return Regex.Replace(template, @"\{[^{}]*\}", placeholder =>
            {
                foreach ((string name, string value) in values)
                {
                    if (string.Equals(placeholder.Value, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }
                return placeholder.Value;
            });
        }

        /// <summary>The full path of <paramref name="name"/> (placeholders already filled) in <paramref name="folder"/> (a full path).</summary>
        /// <param name="template">The template it came from and the task, for the error that says which gave no usable name.</param>
        public static string PathIn(string folder, string name, string template, string taskId)
        {
            name = Clean(name);
            if (name.Length == 0 || name.All(ch => ch == '.'))
            {
                throw new MpsException(ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, "The file name template '" + template + "' gives no usable file name for task " + taskId + ".");
            }
            if (FileSystemRules.IsReserved(name))
            {
                name = "_" + name;
            }
            string full = Path.GetFullPath(Path.Combine(folder, name));
            // Compared with their separators: a drive's root ("D:\", "/") ends in one, other folders do not.
            if (!string.Equals(WithSeparator(Path.GetDirectoryName(full) ?? string.Empty), WithSeparator(folder), StringComparison.Ordinal))
            {
                throw new MpsException(ErrorIds.InvalidFileName, MpsErrorKind.InvalidArgument, "The file name '" + name + "' would leave the folder " + folder + ".");
            }
            return full;
        }

        /// <summary>A file name for a bare URL: its last path segment without the extension, or <paramref name="fallback"/>.</summary>
        public static string StemOf(Uri url, string fallback)
        {
            string last = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? string.Empty).Trim('/');
            string stem = FileSystemRules.WithoutExtension(last);
            return Strings.IsNullOrEmpty(stem) ? fallback : stem;
        }

        private static string WithSeparator(string folder)
        {
            return folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
        }
    }
}
