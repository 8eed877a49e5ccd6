using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Http;

namespace MpsAigc.Tasks
{
    /// <summary>DescribeAigcVideoTask: one request, one <see cref="VideoTask"/>.</summary>
    public static class VideoTaskApi
    {
        public const string DescribeAction = "DescribeAigcVideoTask";

        public static async Task<VideoTask> DescribeAsync(this MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            byte[] body = MpsClient.JsonBody(w => w.WriteString("TaskId", taskId));
            MpsResponse response = await client.InvokeAsync(DescribeAction, body, cancellationToken).ConfigureAwait(false);
            return FromResponse(taskId, response, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>
        /// Creates a task, which costs money: the request is sent once, and retried only when the service
        /// proves nothing was created (RequestLimitExceeded) or the connection never opened.
        /// </summary>
        public static async Task<VideoTask> CreateAsync(this MpsClient client, byte[] body, CancellationToken cancellationToken)
        {
            MpsResponse response = await client.InvokeAsync(CreateVideoTaskRequest.Action, body, cancellationToken, idempotent: false).ConfigureAwait(false);
            string taskId = response.GetString("TaskId");
            if (string.IsNullOrEmpty(taskId))
            {
                throw new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, "CreateAigcVideoTask answered without a TaskId (RequestId " + (response.RequestId ?? "none") + ").");
            }
            return new VideoTask(taskId, VideoTaskStatus.WAIT, null, null, null, response.RequestId, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>Reads the Response leniently: unknown fields are ignored, missing or null ones left empty.</summary>
        public static VideoTask FromResponse(string taskId, MpsResponse response, DateTimeOffset queriedAt, Uri endpoint, string region)
        {
            string statusText = response.GetString("Status");
            if (!TryParseStatus(statusText, out VideoTaskStatus status))
            {
                throw new MpsException(
                    ErrorIds.UnknownTaskStatus,
                    MpsErrorKind.InvalidResponse,
                    "The service reported the status '" + (statusText ?? "(none)") + "' for task " + taskId
                    + ", which is none of WAIT, RUN, FAIL, DONE (RequestId " + (response.RequestId ?? "none") + ").");
            }
            return new VideoTask(
                taskId,
                status,
                ReadUrls(response.Body),
                response.GetString("Resolution"),
                response.GetString("Message"),
                response.RequestId,
                queriedAt,
                endpoint,
                region);
        }

        /// <summary>Only the four names, exactly; Enum.TryParse would also take "1" or "done".</summary>
        private static bool TryParseStatus(string text, out VideoTaskStatus status)
        {
            switch (text)
            {
                case "WAIT": status = VideoTaskStatus.WAIT; return true;
                case "RUN": status = VideoTaskStatus.RUN; return true;
                case "FAIL": status = VideoTaskStatus.FAIL; return true;
                case "DONE": status = VideoTaskStatus.DONE; return true;
                default: status = default(VideoTaskStatus); return false;
            }
        }

        private static string[] ReadUrls(JsonElement body)
        {
            if (!body.TryGetProperty("VideoUrls", out JsonElement urls))
            {
                return new string[0];
            }
            switch (urls.ValueKind)
            {
                case JsonValueKind.String:
                    return new[] { urls.GetString() };
                case JsonValueKind.Array:
                    var list = new List<string>();
                    foreach (JsonElement url in urls.EnumerateArray())
                    {
                        if (url.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(url.GetString()))
                        {
                            list.Add(url.GetString());
                        }
                    }
                    return list.ToArray();
                default:
                    return new string[0];
            }
        }
    }
}
