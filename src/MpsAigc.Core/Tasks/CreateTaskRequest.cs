using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MpsAigc.Common;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// What a create of either kind shares: the fields both actions document, whether the task has anything
    /// to start from, and what an error about it names. Null or empty fields are left out of the body.
    /// </summary>
    public abstract class CreateTaskRequest
    {
        protected const string ImageUrlKey = "ImageUrl";

        public string? ModelName { get; set; }

        /// <summary>Null: the service's stable version of the model.</summary>
        public string? ModelVersion { get; set; }

        /// <summary>A scene some models take, such as 3d_panorama (Hunyuan).</summary>
        public string? SceneType { get; set; }

        /// <summary>As given: a blank prompt is no prompt, and is not sent.</summary>
        public string? Prompt { get; set; }

        /// <summary>Not every model supports it.</summary>
        public string? NegativePrompt { get; set; }

        public bool? EnhancePrompt { get; set; }

        /// <summary>Reference images (AigcImageInfo): each with ImageUrl and optionally ReferenceType.</summary>
        public IList<IDictionary>? ImageInfos { get; set; }

        /// <summary>ExtraParameters.Resolution.</summary>
        public string? Resolution { get; set; }

        /// <summary>ExtraParameters.AspectRatio, such as 16:9 or 1:1; which ones a model takes is its own.</summary>
        public string? AspectRatio { get; set; }

        /// <summary>StoreCosParam: the service writes the results to this bucket too (it needs the MPS_QcsRole role).</summary>
        public string? CosBucketName { get; set; }

        public string? CosBucketRegion { get; set; }

        public string? CosBucketPath { get; set; }

        /// <summary>Serialised to the JSON string the API wants in AdditionalParameters, e.g. @{ size = '2048x2048' }.</summary>
        public IDictionary? AdditionalParameters { get; set; }

        /// <summary>Whether the task has something to start from: a prompt that is not blank, or a reference image.</summary>
        public virtual bool HasSource => !Strings.IsNullOrWhiteSpace(Prompt) || References.Count > 0;

        /// <summary>What an error about this create names: the prompt as given, else the first image's link.</summary>
        /// <remarks>A link is shown without its query: a reference image's link may be signed, and the signature is a credential.</remarks>
        public virtual string? Target => Strings.IsNullOrEmpty(Prompt) ? LinkShown(References.Select(info => info?[ImageUrlKey] as string).FirstOrDefault()) : Prompt;

        /// <summary>The reference images the body sends in ImageInfos; never null.</summary>
        protected virtual IList<IDictionary> References => ImageInfos ?? new IDictionary[0];

        /// <summary>A link as an error may name it: without its signed query.</summary>
        protected static string? LinkShown(string? link) => link == null ? null : SafeUrl.ShowText(link);

        /// <summary>The request body: what -WhatIf shows, and what is sent, once.</summary>
        /// <exception cref="MpsException">InvalidTaskParameter or MissingPrompt, saying what to change.</exception>
        public abstract byte[] ToJson();

        protected static void String(Utf8JsonWriter writer, string name, string? value)
        {
            if (!Strings.IsNullOrEmpty(value))
            {
                writer.WriteString(name, value);
            }
        }

        protected void WriteStoreCos(Utf8JsonWriter writer)
        {
            if (CosBucketName != null || CosBucketRegion != null || CosBucketPath != null)
            {
                writer.WriteStartObject("StoreCosParam");
                String(writer, "CosBucketName", CosBucketName);
                String(writer, "CosBucketRegion", CosBucketRegion);
                String(writer, "CosBucketPath", CosBucketPath);
                writer.WriteEndObject();
            }
        }

        protected void WriteAdditionalParameters(Utf8JsonWriter writer)
        {
            if (AdditionalParameters != null && AdditionalParameters.Count > 0)
            {
                writer.WriteString("AdditionalParameters", JsonValue.ToText(AdditionalParameters));
            }
        }
    }
}
