using System;
using System.Collections.Generic;
using System.Linq;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// The image models Tencent's pages of CreateAigcImageTask have named (2026), for completion and for the
    /// warning about a name not listed. The service adds models often: this is the one list to update, and a
    /// name not on it is still sent.
    /// </summary>
    public static class ImageModels
    {
        /// <summary>Each model with the versions its pages name (none: the service's stable version only).</summary>
        private static readonly KeyValuePair<string, string[]>[] Known =
        {
            Model("Hunyuan"),
            Model("GEM", "2.5", "3.0"),
            Model("Qwen"),
            Model("Kling"),
            Model("Vidu"),
            Model("MJ"),
            Model("Jimeng"),
        };

        /// <summary>The names, in the order above.</summary>
        public static IReadOnlyList<string> Names { get; } = Known.Select(m => m.Key).ToArray();

        /// <summary>Case-insensitive, as a user types it.</summary>
        public static bool IsKnown(string modelName)
        {
            return Find(modelName) != null;
        }

        /// <summary>The versions of <paramref name="modelName"/>; of every model for null or empty; none for a name not listed.</summary>
        public static IReadOnlyList<string> VersionsOf(string modelName)
        {
            if (string.IsNullOrWhiteSpace(modelName))
            {
                return Known.SelectMany(m => m.Value).Distinct().ToArray();
            }
            return Find(modelName) ?? new string[0];
        }

        private static string[] Find(string modelName)
        {
            string name = modelName?.Trim();
            return Known.Where(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)).Select(m => m.Value).FirstOrDefault();
        }

        private static KeyValuePair<string, string[]> Model(string name, params string[] versions)
        {
            return new KeyValuePair<string, string[]>(name, versions);
        }
    }
}
