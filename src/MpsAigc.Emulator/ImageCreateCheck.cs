using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Checks a CreateAigcImageTask request as the service does: the documented fields and types (those of the
    /// official SDKs' model, SceneType and OutputImageCount too), a prompt of at most 1,000 characters unless
    /// reference images stand in for it, no more of those than the model's version documents (GEM 3), and the
    /// documented values of ExtraParameters. The first problem is answered, as the service answers one.
    /// </summary>
    internal static class ImageCreateCheck
    {
        public const int MaxPromptCharacters = 1000;

        /// <summary>The emulator makes at most this many images for one task (its ids count them in two digits).</summary>
        public const int MaxOutputImages = 99;

        private static readonly string[] Fields =
        {
            "ModelName", "ModelVersion", "SceneType", "Prompt", "NegativePrompt", "EnhancePrompt", "ImageInfos", "OutputImageCount",
            "ExtraParameters", "AdditionalParameters", "StoreCosParam", "Operator",
        };

        private static readonly string[] StringFields = { "ModelVersion", "SceneType", "NegativePrompt", "Operator" };

        /// <summary>The most reference images each model's version takes, as its pages say ("" = whatever the version).</summary>
        private static readonly (string Model, string Version, int Max)[] MaxImages =
        {
            ("GEM", "", 3),
            ("Hunyuan", "3.0", 3),
            ("Kling", "2.1", 4),
            ("Kling", "O1", 10),
            ("Kling", "3.0-Omni", 10),
            ("Vidu", "q2", 7),
        };
        private static readonly string[] Resolutions = { "720P", "1080P", "2K", "4K" };
        private static readonly Regex AspectRatio = new Regex(@"^[1-9][0-9]{0,2}:[1-9][0-9]{0,2}$", RegexOptions.CultureInvariant);

        /// <returns>
        /// The error to answer, or null; then <paramref name="format"/> is the OutputFormat asked for, if any, and
        /// <paramref name="count"/> the number of images.
        /// </returns>
        public static (string Code, string Message)? Check(JsonElement parameters, string bannedWord, out ImageFormat? format, out int count)
        {
            format = null;
            count = 1;
            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                if (!Fields.Contains(property.Name))
                {
                    return ("UnknownParameter", "The parameter `" + property.Name + "` is not recognized.");
                }
            }
            string? model = parameters.StringProperty("ModelName");
            if (string.IsNullOrEmpty(model))
            {
                return ("MissingParameter", "The request is missing the required parameter `ModelName`.");
            }
            foreach (string name in StringFields.Concat(new[] { "Prompt", "AdditionalParameters" }))
            {
                if (parameters.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.String)
                {
                    return WrongType(name, "a string");
                }
            }
            if (parameters.TryGetProperty("EnhancePrompt", out JsonElement enhance) && enhance.ValueKind != JsonValueKind.True && enhance.ValueKind != JsonValueKind.False)
            {
                return WrongType("EnhancePrompt", "a boolean");
            }
            if (parameters.TryGetProperty("OutputImageCount", out JsonElement images))
            {
                if (images.ValueKind != JsonValueKind.Number || !images.TryGetInt32(out count) || count < 1 || count > MaxOutputImages)
                {
                    return ("InvalidParameterValue", "OutputImageCount must be a whole number from 1 to " + MaxOutputImages + "; got " + images.GetRawText() + ".");
                }
            }
            // Both were checked above to be strings when present.
            string prompt = parameters.StringProperty("Prompt") ?? string.Empty;
            string version = parameters.StringProperty("ModelVersion") ?? string.Empty;
            return CheckPrompt(prompt, bannedWord)
                ?? CheckImages(parameters, model, version, prompt.Length > 0)
                ?? CheckExtra(parameters, out format)
                ?? CheckAdditional(parameters)
                ?? CheckCos(parameters);
        }

        /// <summary>Characters as a person counts them: a character outside the BMP (an emoji) is one, not two.</summary>
        public static int CharacterCount(string text)
        {
            return text.Count(ch => !char.IsLowSurrogate(ch));
        }

        private static (string, string)? CheckPrompt(string prompt, string bannedWord)
        {
            int characters = CharacterCount(prompt);
            if (characters > MaxPromptCharacters)
            {
                return ("InvalidParameterValue", "Prompt is " + characters + " characters long; at most " + MaxPromptCharacters + " are allowed.");
            }
            if (characters > 0 && !string.IsNullOrEmpty(bannedWord) && prompt.IndexOf(bannedWord, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return ("InvalidParameter.ViolationContent", "The prompt did not pass the content check.");
            }
            return null;
        }

        private static (string, string)? CheckImages(JsonElement parameters, string model, string version, bool hasPrompt)
        {
            int count = 0;
            if (parameters.TryGetProperty("ImageInfos", out JsonElement infos))
            {
                if (infos.ValueKind != JsonValueKind.Array)
                {
                    return WrongType("ImageInfos", "an array of AigcImageInfo");
                }
                foreach (JsonElement info in infos.EnumerateArray())
                {
                    if (info.ValueKind != JsonValueKind.Object || string.IsNullOrEmpty(info.StringProperty("ImageUrl")))
                    {
                        return ("InvalidParameterValue", "ImageInfos[" + count + "] must be an object with a non-empty ImageUrl.");
                    }
                    if (info.TryGetProperty("ReferenceType", out JsonElement type) && type.ValueKind != JsonValueKind.String)
                    {
                        return WrongType("ImageInfos[" + count + "].ReferenceType", "a string");
                    }
                    count++;
                }
            }
            if (!hasPrompt && count == 0)
            {
                return ("InvalidParameter", "Prompt is required when no ImageInfos is given.");
            }
            foreach ((string m, string forVersion, int max) in MaxImages)
            {
                if (string.Equals(m, model, StringComparison.OrdinalIgnoreCase) && (forVersion.Length == 0 || forVersion == version) && count > max)
                {
                    return ("InvalidParameterValue", (model + " " + version).Trim() + " takes at most " + max + " reference images; ImageInfos has " + count + ".");
                }
            }
            return null;
        }

        private static (string, string)? CheckExtra(JsonElement parameters, out ImageFormat? format)
        {
            format = null;
            if (!parameters.TryGetProperty("ExtraParameters", out JsonElement extra))
            {
                return null;
            }
            if (extra.ValueKind != JsonValueKind.Object)
            {
                return WrongType("ExtraParameters", "an AigcImageExtraParam object");
            }
            if (extra.TryGetProperty("OutputFormat", out JsonElement output))
            {
                switch (output.ValueKind == JsonValueKind.String ? output.GetString() : null)
                {
                    case "PNG": format = ImageFormat.Png; break;
                    case "JPEG": format = ImageFormat.Jpeg; break;
                    default: return ("InvalidParameterValue", "ExtraParameters.OutputFormat must be JPEG or PNG; got " + output.GetRawText() + ".");
                }
            }
            if (extra.TryGetProperty("LogoAdd", out JsonElement logo) && !(logo.ValueKind == JsonValueKind.Number && logo.TryGetInt32(out int flag) && (flag == 0 || flag == 1)))
            {
                return ("InvalidParameterValue", "ExtraParameters.LogoAdd must be 0 or 1; got " + logo.GetRawText() + ".");
            }
            if (extra.TryGetProperty("Resolution", out JsonElement resolution)
                && !(resolution.ValueKind == JsonValueKind.String && Resolutions.Contains(resolution.GetString())))
            {
                return ("InvalidParameterValue", "ExtraParameters.Resolution must be one of " + string.Join(", ", Resolutions) + "; got " + resolution.GetRawText() + ".");
            }
            if (extra.TryGetProperty("AspectRatio", out JsonElement ratio)
                && !(ratio.ValueKind == JsonValueKind.String && ratio.GetString() is string text && AspectRatio.IsMatch(text)))
            {
                return ("InvalidParameterValue", "ExtraParameters.AspectRatio must be a ratio such as 16:9; got " + ratio.GetRawText() + ".");
            }
            return null;
        }

        private static (string, string)? CheckAdditional(JsonElement parameters)
        {
            if (!parameters.TryGetProperty("AdditionalParameters", out JsonElement additional))
            {
                return null;
            }
            try
            {
                // Checked above to be a string; an empty text is not JSON either.
                using (JsonDocument document = JsonDocument.Parse(additional.GetString() ?? string.Empty))
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        return null;
                    }
                }
            }
            catch (JsonException)
            {
            }
            return ("InvalidParameterValue", "AdditionalParameters must be a string holding a JSON object, such as {\"size\":\"2048x2048\"}.");
        }

        private static (string, string)? CheckCos(JsonElement parameters)
        {
            if (!parameters.TryGetProperty("StoreCosParam", out JsonElement cos))
            {
                return null;
            }
            if (cos.ValueKind != JsonValueKind.Object)
            {
                return WrongType("StoreCosParam", "an object");
            }
            foreach (JsonProperty property in cos.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return WrongType("StoreCosParam." + property.Name, "a string");
                }
            }
            return null;
        }

        private static (string, string)? WrongType(string name, string type)
        {
            return ("InvalidParameterValue", "The parameter `" + name + "` must be " + type + ".");
        }
    }
}
