using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>The documented fields of CreateAigcVideoTask; null or empty fields are left out of the body.</summary>
    public sealed class CreateVideoTaskRequest : CreateTaskRequest
    {
        /// <summary>The models Tencent's pages of CreateAigcVideoTask name, for completion; the service may know more.</summary>
        public static readonly string[] KnownModels = { "Hunyuan", "Hailuo", "Kling", "Vidu", "PixVerse", "Mingmou", "H2", "OS", "GV" };

        /// <summary>The resolutions ExtraParameters.Resolution documents, for completion.</summary>
        public static readonly string[] Resolutions = { "720P", "1080P", "2K", "4K" };

        /// <summary>Common aspect ratios, for completion; which ones a model takes is its own.</summary>
        public static readonly string[] AspectRatios = { "16:9", "9:16", "1:1", "4:3", "3:4" };

        /// <summary>The versions the API page lists per model (2026-03); others are passed through as given.</summary>
        public static readonly IReadOnlyDictionary<string, string[]> KnownVersions = new Dictionary<string, string[]>(System.StringComparer.OrdinalIgnoreCase)
        {
            ["Hailuo"] = new[] { "02", "2.3" },
            ["Kling"] = new[] { "2.0", "2.1", "2.5", "O1", "2.6", "3.0", "3.0-Omni" },
            ["Vidu"] = new[] { "q2", "q2-pro", "q2-turbo", "q3-pro", "q3-turbo" },
            ["GV"] = new[] { "3.1" },
            ["OS"] = new[] { "2.0" },
        };

        /// <summary>The versions of <paramref name="model"/>; of every model for null or empty; none for a model not listed.</summary>
        public static IReadOnlyList<string> VersionsOf(string? model)
        {
            return Strings.IsNullOrEmpty(model)
                ? KnownVersions.Values.SelectMany(v => v).Distinct().ToArray()
                : KnownVersions.TryGetValue(model, out string[]? versions) ? versions : new string[0];
        }

        /// <summary>The first frame; a task may start from it alone.</summary>
        public string? ImageUrl { get; set; }

        public string? LastImageUrl { get; set; }

        public int? Duration { get; set; }

        public bool? EnableAudio { get; set; }

        public bool? OffPeak { get; set; }

        public override bool HasSource => base.HasSource || !Strings.IsNullOrEmpty(ImageUrl);

        public override string? Target => Strings.IsNullOrEmpty(Prompt) ? LinkShown(ImageUrl) : Prompt;

        public override byte[] ToJson()
        {
            return MpsClient.JsonBody(w =>
            {
                String(w, "ModelName", ModelName);
                String(w, "ModelVersion", ModelVersion);
                String(w, "SceneType", SceneType);
                String(w, "Prompt", Strings.IsNullOrWhiteSpace(Prompt) ? null : Prompt);
                String(w, "NegativePrompt", NegativePrompt);
                if (EnhancePrompt != null)
                {
                    w.WriteBoolean("EnhancePrompt", EnhancePrompt.Value);
                }
                String(w, "ImageUrl", ImageUrl);
                String(w, "LastImageUrl", LastImageUrl);
                if (ImageInfos != null && ImageInfos.Count > 0)
                {
                    w.WritePropertyName("ImageInfos");
                    JsonValue.Write(w, ImageInfos);
                }
                if (Duration != null)
                {
                    w.WriteNumber("Duration", Duration.Value);
                }
                if (Resolution != null || AspectRatio != null || EnableAudio != null || OffPeak != null)
                {
                    w.WriteStartObject("ExtraParameters");
                    String(w, "Resolution", Resolution);
                    String(w, "AspectRatio", AspectRatio);
                    if (EnableAudio != null)
                    {
                        w.WriteBoolean("EnableAudio", EnableAudio.Value);
                    }
                    if (OffPeak != null)
                    {
                        w.WriteBoolean("OffPeak", OffPeak.Value);
                    }
                    w.WriteEndObject();
                }
                WriteStoreCos(w);
                WriteAdditionalParameters(w);
            });
        }
    }
}
