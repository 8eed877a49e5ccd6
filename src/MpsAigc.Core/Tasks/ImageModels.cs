using System;
using System.Collections.Generic;
using System.Linq;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// The image models and versions Tencent's pages and SDK models of CreateAigcImageTask have named (2026),
    /// with the most reference images each documents, for completion, for the warning about a name not
    /// listed and for the check before a billed create. The service adds models often: this is the one list
    /// to update, and a name or version not on it is still sent (and not limited here).
    /// </summary>
    public static class ImageModels
    {
        /// <summary>Model, version (null: the model whatever its version), most reference images (null: none documented).</summary>
        private static readonly (string Model, string? Version, int? MaxImages)[] Known =
        {
            ("Hunyuan", null, null),
            ("Hunyuan", "3.0", 3),
            ("GEM", null, 3),
            ("GEM", "2.5", 3),
            ("GEM", "3.0", 3),
            ("Qwen", null, null),
            ("Qwen", "0925", null),
            ("Kling", null, null),
            ("Kling", "2.1", 4),
            ("Kling", "O1", 10),
            ("Kling", "3.0", null),
            ("Kling", "3.0-Omni", 10),
            ("Vidu", null, null),
            ("Vidu", "q2", 7),
            ("MJ", null, null),
            ("Jimeng", null, null),
        };

        /// <summary>The names, in the order above.</summary>
        public static IReadOnlyList<string> Names { get; } = Known.Select(m => m.Model).Distinct().ToArray();

        /// <summary>The versions of <paramref name="modelName"/>; of every model for null or empty; none for a name not listed.</summary>
        public static IReadOnlyList<string> VersionsOf(string? modelName)
        {
            IEnumerable<(string Model, string? Version, int? MaxImages)> rows = Strings.IsNullOrWhiteSpace(modelName) ? Known : Rows(modelName);
            return rows.Select(m => m.Version).OfType<string>().Distinct().ToArray();
        }

        /// <summary>
        /// The most reference images (ImageInfos) the model's pages document for this version (or for the model
        /// whatever its version); null when they document none, or the model or version is not listed.
        /// </summary>
        public static int? MaxReferenceImages(string? modelName, string? modelVersion)
        {
            string? version = Strings.IsNullOrWhiteSpace(modelVersion) ? null : modelVersion.Trim();
            var rows = Rows(modelName).ToArray();
            var forVersion = rows.Where(m => m.Version != null && string.Equals(m.Version, version, StringComparison.OrdinalIgnoreCase)).ToArray();
            return forVersion.Length > 0 ? forVersion[0].MaxImages : rows.Where(m => m.Version == null).Select(m => m.MaxImages).FirstOrDefault();
        }

        private static IEnumerable<(string Model, string? Version, int? MaxImages)> Rows(string? modelName)
        {
            string? name = modelName?.Trim();
            return Known.Where(m => string.Equals(m.Model, name, StringComparison.OrdinalIgnoreCase));
        }
    }
}
