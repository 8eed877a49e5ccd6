using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>The API 3.0 envelope, error or not, always with HTTP 200 as the service answers; and the raw answers a gateway gives instead.</summary>
    internal static class Envelope
    {
        public static Task WriteErrorAsync(HttpContext context, string code, string message)
        {
            return WriteAsync(context, w =>
            {
                w.WriteStartObject("Error");
                w.WriteString("Code", code);
                w.WriteString("Message", message);
                w.WriteEndObject();
            });
        }

        /// <summary>An answer that is no envelope at all: a gateway's page, a proxy's text.</summary>
        public static async Task WriteRawAsync(HttpContext context, int status, string contentType, string body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        }

        public static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> writeResponse)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteStartObject("Response");
                    writeResponse(w);
                    w.WriteString("RequestId", Guid.NewGuid().ToString());
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                context.Response.ContentLength = buffer.Length;
                await context.Response.Body.WriteAsync(buffer.ToArray());
            }
        }
    }
}
