using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using MpsAigc.Api;
using MpsAigc.Common;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// The documented fields of CreateAigcImageTask, checked before anything is sent (a create is billed);
    /// null or empty fields are left out of the body. Model names are not checked: the service adds models
    /// often, so an unknown one is sent (see <see cref="ImageModels"/>). The prompt is at most 1,000
    /// characters; reference images are jpeg, png or webp, under about 7 MB recommended, with ReferenceType
    /// asset or style for the models that take it, keys in any case (other keys are passed through as given);
    /// the resolution is one of <see cref="Resolutions"/>, in any case.
    /// </summary>
    public sealed class CreateImageTaskRequest : CreateTaskRequest
    {
        /// <summary>Counted in characters as a person counts them (an emoji is one).</summary>
        public const int MaxPromptLength = 1000;

        /// <summary>The output formats ExtraParameters.OutputFormat documents, as the service spells them.</summary>
        public static readonly string[] OutputFormats = { "JPEG", "PNG" };

        /// <summary>The resolutions ExtraParameters.Resolution documents, as the service spells them.</summary>
        public static readonly string[] Resolutions = { "720P", "1080P", "2K", "4K" };

        /// <summary>Common aspect ratios, for completion; which ones a model takes is its own.</summary>
        public static readonly string[] AspectRatios = { "16:9", "9:16", "1:1", "4:3", "3:4" };

        private const string ReferenceTypeKey = "ReferenceType";

        private static readonly Regex Ratio = new Regex(@"^\s*([1-9][0-9]{0,2})\s*:\s*([1-9][0-9]{0,2})\s*$", RegexOptions.CultureInvariant);

        /// <summary>Reference images by link alone; they come before <see cref="CreateTaskRequest.ImageInfos"/>.</summary>
        public IList<string>? ImageUrls { get; set; }

        /// <summary>How many images to make (OutputImageCount); null: the service's default, one.</summary>
        public int? OutputImageCount { get; set; }

        /// <summary>ExtraParameters.LogoAdd: true sends 1 (add the logo), false sends 0.</summary>
        public bool? LogoAdd { get; set; }

        /// <summary>ExtraParameters.OutputFormat: JPEG (or JPG) or PNG, in any case.</summary>
        public string? OutputFormat { get; set; }

        public string? Operator { get; set; }

        /// <summary>The links of <see cref="ImageUrls"/>, then <see cref="CreateTaskRequest.ImageInfos"/>: every image the body sends.</summary>
        protected override IList<IDictionary> References =>
            (ImageUrls ?? new string[0]).Select(url => (IDictionary)new Hashtable { [ImageUrlKey] = url }).Concat(base.References).ToList();

        /// <summary>Characters as a person counts them: a character outside the BMP (an emoji) is one, not two.</summary>
        public static int CharacterCount(string? text)
        {
            return text == null ? 0 : text.Count(ch => !char.IsLowSurrogate(ch));
        }

        /// <summary>Checks every field; the first problem is an MpsException that says what to change.</summary>
        public void Validate()
        {
            if (Strings.IsNullOrWhiteSpace(ModelName))
            {
                throw Invalid("An image task needs a model name (ModelName), such as " + string.Join(", ", ImageModels.Names.Take(3)) + ".");
            }
            IList<IDictionary> infos = References;
            int images = infos.Count;
            if (Strings.IsNullOrWhiteSpace(Prompt) && images == 0)
            {
                throw new MpsException(ErrorIds.MissingPrompt, MpsErrorKind.InvalidArgument, "An image task needs a prompt or a reference image; neither was given.");
            }
            int length = CharacterCount(Prompt);
            if (length > MaxPromptLength)
            {
                throw Invalid("The prompt is " + length + " characters long; CreateAigcImageTask takes at most " + MaxPromptLength + ". Shorten it.");
            }
            for (int i = 0; i < infos.Count; i++)
            {
                CheckReferenceUrl(infos[i] == null ? null : UrlOf(infos[i]), i + 1);
            }
            int? most = ImageModels.MaxReferenceImages(ModelName, ModelVersion);
            if (images > most)
            {
                throw Invalid(ModelName.Trim() + (Strings.IsNullOrWhiteSpace(ModelVersion) ? string.Empty : " " + ModelVersion.Trim())
                    + " takes at most " + most + " reference images; " + images + " were given.");
            }
            if (OutputImageCount < 1)
            {
                throw Invalid("OutputImageCount is " + OutputImageCount + "; ask for 1 image or more (the service makes 1 by default).");
            }
            if (OutputFormat != null && NormalOutputFormat(OutputFormat) == null)
            {
                throw Invalid("The output format '" + OutputFormat + "' is not one the service documents; use JPEG or PNG.");
            }
            if (Resolution != null && NormalResolution(Resolution) == null)
            {
                throw Invalid("The resolution '" + Resolution + "' is not one the service documents; use " + string.Join(", ", Resolutions) + ".");
            }
            if (AspectRatio != null && !Ratio.IsMatch(AspectRatio))
            {
                throw Invalid("The aspect ratio '" + AspectRatio + "' is not a ratio; write it as WIDTH:HEIGHT, such as 16:9 or 1:1.");
            }
        }

        /// <summary>The request body, after <see cref="Validate"/>: documented spellings, nothing empty.</summary>
        public override byte[] ToJson()
        {
            Validate();
            return MpsClient.JsonBody(w =>
            {
                // Validate refused a blank model name.
                String(w, "ModelName", ModelName!.Trim());
                String(w, "ModelVersion", ModelVersion);
                String(w, "SceneType", SceneType);
                String(w, "Prompt", Strings.IsNullOrWhiteSpace(Prompt) ? null : Prompt);
                String(w, "NegativePrompt", NegativePrompt);
                if (EnhancePrompt != null)
                {
                    w.WriteBoolean("EnhancePrompt", EnhancePrompt.Value);
                }
                IList<IDictionary> references = References;
                if (references.Count > 0)
                {
                    w.WritePropertyName("ImageInfos");
                    JsonValue.Write(w, references.Select(Normal).ToList());
                }
                if (OutputImageCount != null)
                {
                    w.WriteNumber("OutputImageCount", OutputImageCount.Value);
                }
                if (AspectRatio != null || Resolution != null || LogoAdd != null || OutputFormat != null)
                {
                    w.WriteStartObject("ExtraParameters");
                    String(w, "AspectRatio", AspectRatio == null ? null : Regex.Replace(AspectRatio, @"\s", string.Empty));
                    String(w, "Resolution", Resolution == null ? null : NormalResolution(Resolution));
                    if (LogoAdd != null)
                    {
                        w.WriteNumber("LogoAdd", LogoAdd.Value ? 1 : 0);
                    }
                    String(w, "OutputFormat", OutputFormat == null ? null : NormalOutputFormat(OutputFormat));
                    w.WriteEndObject();
                }
                WriteAdditionalParameters(w);
                WriteStoreCos(w);
                String(w, "Operator", Operator);
            });
        }

        /// <summary>The documented keys in their spelling (a PowerShell hashtable keeps whatever case was typed), ImageUrl trimmed.</summary>
        private static IDictionary Normal(IDictionary info)
        {
            var normal = new System.Collections.Specialized.OrderedDictionary();
            // Validate, which ToJson runs first, refused every info without an ImageUrl.
            normal[ImageUrlKey] = UrlOf(info)!.Trim();
            foreach (DictionaryEntry entry in info)
            {
                string key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                if (!string.Equals(key, ImageUrlKey, StringComparison.OrdinalIgnoreCase))
                {
                    normal[string.Equals(key, ReferenceTypeKey, StringComparison.OrdinalIgnoreCase) ? ReferenceTypeKey : key] = entry.Value;
                }
            }
            return normal;
        }

        /// <summary>The ImageUrl, whatever the key's case, as text (a value wrapped by the caller's runtime gives its text).</summary>
        private static string? UrlOf(IDictionary info)
        {
            foreach (DictionaryEntry entry in info)
            {
                if (string.Equals(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture), ImageUrlKey, StringComparison.OrdinalIgnoreCase))
                {
                    return Convert.ToString(entry.Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            return null;
        }

        private static string? NormalOutputFormat(string format)
        {
            string upper = format.Trim().ToUpperInvariant();
            return upper == "JPG" ? "JPEG" : OutputFormats.Contains(upper) ? upper : null;
        }

        private static string? NormalResolution(string resolution)
        {
            string upper = resolution.Trim().ToUpperInvariant();
            return Resolutions.Contains(upper) ? upper : null;
        }

        private static void CheckReferenceUrl(string? text, int position)
        {
            // Only the part before the query is ever shown: a signed link's query is a credential.
            if (Strings.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? url)
                || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid("Reference image " + position + " (ImageInfos) has no ImageUrl that is an http or https link ('" + SafeUrl.ShowText(text)
                    + "'); give each one @{ ImageUrl = 'https://...' } with the URL of a JPEG, PNG or WebP image the service can fetch.");
            }
        }

        private static MpsException Invalid(string message)
        {
            return new MpsException(ErrorIds.InvalidTaskParameter, MpsErrorKind.InvalidArgument, message);
        }
    }
}
