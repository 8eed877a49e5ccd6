using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// The identity of a create's request: its kind and every field its body sends. Objects are written with
    /// their keys in ordinal order, because a hashtable (-ImageInfo, -AdditionalParameters) enumerates its keys
    /// in an order that changes from process to process, and a rerun must find the same request; the JSON that
    /// AdditionalParameters carries in a string is put in that order too. Nothing else is changed: a field
    /// that differs is another request.
    /// </summary>
    public static class CanonicalRequest
    {
        private const string AdditionalParameters = "AdditionalParameters";

        /// <summary>The hash of <paramref name="body"/> (what the create sends) as a request of <paramref name="kind"/>.</summary>
        /// <exception cref="ArgumentException">The body is not a JSON object (a defect: every body is made by a CreateTaskRequest).</exception>
        public static RequestHash Hash(TaskKind kind, byte[] body)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return RequestHash.FromDigest(sha.ComputeHash(Canonical(kind, body)));
            }
        }

        /// <summary>["mpsaigc-request-1", action, body with its keys in order]: the bytes that are hashed.</summary>
        internal static byte[] Canonical(TaskKind kind, byte[] body)
        {
            using (JsonDocument document = Parse(body))
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue("mpsaigc-request-1");
                    writer.WriteStringValue(kind.CreateAction);
                    Write(writer, document.RootElement);
                    writer.WriteEndArray();
                }
                return stream.ToArray();
            }
        }

        private static JsonDocument Parse(byte[] body)
        {
            try
            {
                JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw new ArgumentException("A request body is a JSON object.", nameof(body));
                }
                return document;
            }
            catch (JsonException e)
            {
                throw new ArgumentException("A request body is a JSON object: " + e.Message, nameof(body), e);
            }
        }

        private static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (JsonProperty property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(property.Name);
                        if (property.Name == AdditionalParameters && property.Value.ValueKind == JsonValueKind.String)
                        {
                            writer.WriteStringValue(CanonicalText(property.Value.GetString()!));
                        }
                        else
                        {
                            Write(writer, property.Value);
                        }
                    }
                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        Write(writer, item);
                    }
                    writer.WriteEndArray();
                    break;
                case JsonValueKind.String:
                    writer.WriteStringValue(element.GetString());
                    break;
                default:
                    // Numbers as written (6 and 6.0 are what the service is sent), true, false, null.
                    writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                    break;
            }
        }

        /// <summary>JSON text in key order; text that is not JSON as it is.</summary>
        private static string CanonicalText(string text)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(text))
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream))
                    {
                        Write(writer, document.RootElement);
                    }
                    return Encoding.UTF8.GetString(stream.ToArray());
                }
            }
            catch (JsonException)
            {
                return text;
            }
        }
    }
}
