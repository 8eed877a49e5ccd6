using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>Reads an API 3.0 request body the way every emulated service does: at most 1 MiB, a JSON object.</summary>
    internal static class RequestBody
    {
        public const int MaxBytes = 1024 * 1024;

        /// <returns>null when the body is larger than <see cref="MaxBytes"/>.</returns>
        public static async Task<byte[]?> ReadAsync(HttpRequest request)
        {
            using (var buffer = new MemoryStream())
            {
                byte[] chunk = new byte[16384];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, 0, chunk.Length)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                    {
                        return null;
                    }
                    buffer.Write(chunk, 0, read);
                }
                return buffer.ToArray();
            }
        }

        /// <returns>null when the body is a JSON object; else the message of the InvalidParameter error to answer.</returns>
        public static string? ParseObject(byte[] body, out JsonElement parameters)
        {
            parameters = default;
            try
            {
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    parameters = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                return "The request body is not valid JSON.";
            }
            return parameters.ValueKind == JsonValueKind.Object ? null : "The request body must be a JSON object.";
        }
    }
}
