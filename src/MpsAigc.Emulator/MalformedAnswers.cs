using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Answers that a broken gateway, proxy or service version could give, for the task ids "bad-KIND-...":
    /// notjson, noresponse, html, html502, huge (50 MB), status (an unknown Status), urlsnull, urlsstring,
    /// ftpurl, fileurl, relativeurl, redirect (a link redirected to ftp://). Other ids are not affected.
    /// </summary>
    internal static class MalformedAnswers
    {
        public const string Prefix = "bad-";

        private const long HugeBytes = 50L * 1024 * 1024;

        /// <summary>A signed query string for links that no store will ever serve; tests look for it in every stream.</summary>
        public const string FakeSignature = "q-sign-algorithm=sha256&q-signature=badlinksecret0000";

        public static bool Handles(string taskId) => taskId.StartsWith(Prefix, StringComparison.Ordinal);

        /// <param name="taskKind">Which answer is broken: its links go in the kind's field (VideoUrls or ImageUrls).</param>
        public static async Task WriteAsync(HttpContext context, string taskId, TaskKind taskKind, string baseUrl, Func<string, string[]> goodUrlsOf)
        {
            string kind = taskId.Substring(Prefix.Length).Split('-')[0];
            string urls = taskKind.UrlsField;
            string good = taskKind == TaskKind.Image ? "done-img-" : "done-";
            switch (kind)
            {
                case "notjson":
                    await Envelope.WriteRawAsync(context, 200, "text/plain", "upstream connect error or disconnect/reset before headers");
                    break;
                case "noresponse":
                    await Envelope.WriteRawAsync(context, 200, "application/json", "{\"RequestId\":\"" + Guid.NewGuid() + "\"}");
                    break;
                case "html":
                    await Envelope.WriteRawAsync(context, 200, "text/html", "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1></body></html>");
                    break;
                case "html502":
                    await Envelope.WriteRawAsync(context, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
                    break;
                case "huge":
                    await WriteHugeAsync(context);
                    break;
                case "status":
                    await Envelope.WriteAsync(context, w =>
                    {
                        w.WriteString("Status", "PAUSED");
                        w.WriteStartArray(urls);
                        w.WriteEndArray();
                    });
                    break;
                case "urlsnull":
                    await Envelope.WriteAsync(context, w =>
                    {
                        w.WriteString("Status", "DONE");
                        w.WriteNull(urls);
                        w.WriteString("Resolution", "1920x1080");
                    });
                    break;
                case "urlsstring":
                    await Envelope.WriteAsync(context, w =>
                    {
                        w.WriteString("Status", "DONE");
                        // No link when the id's own flags make its good twin the other kind's (bad-urlsstring-img asked of the video action).
                        w.WriteString(urls, goodUrlsOf(good + taskId).FirstOrDefault() ?? string.Empty);
                        w.WriteString("Resolution", "1920x1080");
                    });
                    break;
                case "ftpurl":
                    await WriteDoneAsync(context, urls, "ftp://127.0.0.1/videos/" + taskId + ".mp4?" + FakeSignature);
                    break;
                case "fileurl":
                    await WriteDoneAsync(context, urls, "file:///etc/passwd?" + FakeSignature);
                    break;
                case "relativeurl":
                    await WriteDoneAsync(context, urls, "videos/" + taskId + ".mp4?" + FakeSignature);
                    break;
                case "redirect":
                    string target = "ftp://127.0.0.1/videos/" + taskId + ".mp4?" + FakeSignature;
                    await WriteDoneAsync(context, urls, baseUrl + "/_emulator/redirect/" + taskId + ".mp4?to=" + Uri.EscapeDataString(target) + "&" + FakeSignature);
                    break;
                default:
                    await Envelope.WriteErrorAsync(context, "ResourceNotFound.TaskNotFound", "The task does not exist.");
                    break;
            }
        }

        private static Task WriteDoneAsync(HttpContext context, string urls, string url)
        {
            return Envelope.WriteAsync(context, w =>
            {
                w.WriteString("Status", "DONE");
                w.WriteStartArray(urls);
                w.WriteStringValue(url);
                w.WriteEndArray();
                w.WriteString("Resolution", "1920x1080");
                w.WriteString("Message", "ok");
            });
        }

        /// <summary>A JSON answer of 50 MB, streamed (a client that reads it all has already lost).</summary>
        private static async Task WriteHugeAsync(HttpContext context)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            byte[] padding = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"Response\":{\"Padding\":\""), context.RequestAborted);
            for (long sent = 0; sent < HugeBytes; sent += padding.Length)
            {
                await context.Response.Body.WriteAsync(padding, context.RequestAborted);
            }
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("\",\"Status\":\"DONE\"}}"), context.RequestAborted);
        }
    }
}
