using System.Net;
using System.Text;
using System.Text.Json;

namespace MpsAigc.Api
{
    /// <summary>The Response object of an API 3.0 envelope that carried no Error.</summary>
    public sealed class MpsResponse
    {
        private MpsResponse(JsonElement response, string? requestId)
        {
            Body = response;
            RequestId = requestId;
        }

        public JsonElement Body { get; }

        public string? RequestId { get; }

        public string? GetString(string name)
        {
            return Body.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }

        internal static MpsResponse Parse(string action, HttpStatusCode status, byte[] payload)
        {
            int code = (int)status;
            if (code >= 500)
            {
                throw new MpsException(ErrorIds.HttpServerError, MpsErrorKind.ServiceError, action + ": the service answered HTTP " + code + " " + status + ".");
            }
            JsonElement root;
            try
            {
                using (JsonDocument document = JsonDocument.Parse(payload))
                {
                    root = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                throw Invalid(action, "HTTP " + code + ", and the body is not JSON" + Peek(payload));
            }
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("Response", out JsonElement response)
                || response.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(action, "HTTP " + code + ", and the JSON has no Response object");
            }
            string? requestId = response.TryGetProperty("RequestId", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (response.TryGetProperty("Error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string? errorCode = error.TryGetProperty("Code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                string message = (error.TryGetProperty("Message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null) ?? string.Empty;
                if (Strings.IsNullOrEmpty(errorCode))
                {
                    throw Invalid(action, "an Error without a Code");
                }
                throw new MpsServiceException(errorCode, message, requestId, action);
            }
            if (code != 200)
            {
                throw Invalid(action, "HTTP " + code + " without an Error in the body");
            }
            return new MpsResponse(response, requestId);
        }

        private static MpsException Invalid(string action, string what)
        {
            return new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, action + ": the service's answer is not a valid MPS answer: " + what + ".");
        }

        private static string Peek(byte[] payload)
        {
            // A short, printable look at what came back (an HTML error page, a proxy's text) helps the user.
            int length = System.Math.Min(payload.Length, 80);
            var text = new StringBuilder();
            foreach (char ch in Encoding.UTF8.GetString(payload, 0, length))
            {
                text.Append(char.IsControl(ch) ? ' ' : ch);
            }
            return length == 0 ? " (it is empty)" : " (it begins: " + text.ToString().Trim() + ")";
        }
    }
}
