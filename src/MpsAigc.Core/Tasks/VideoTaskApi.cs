using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>DescribeAigcVideoTask: one request, one <see cref="VideoTask"/>.</summary>
    public static class VideoTaskApi
    {
        public const string DescribeAction = AigcActions.DescribeVideoTask;

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
            string taskId = TaskAnswer.CreatedTaskId(CreateVideoTaskRequest.Action, response);
            return new VideoTask(taskId, VideoTaskStatus.WAIT, null, null, null, response.RequestId, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>Reads the Response leniently: unknown fields are ignored, missing or null ones left empty.</summary>
        public static VideoTask FromResponse(string taskId, MpsResponse response, DateTimeOffset queriedAt, Uri endpoint, string? region)
        {
            return new VideoTask(
                taskId,
                TaskAnswer.Status(taskId, response),
                TaskAnswer.Urls(response.Body, "VideoUrls"),
                response.GetString("Resolution"),
                response.GetString("Message"),
                response.RequestId,
                queriedAt,
                endpoint,
                region);
        }
    }
}
