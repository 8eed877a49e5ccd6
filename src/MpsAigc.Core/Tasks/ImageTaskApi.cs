using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>DescribeAigcImageTask and CreateAigcImageTask: one request, one <see cref="ImageTask"/>.</summary>
    public static class ImageTaskApi
    {
        public const string DescribeAction = AigcActions.DescribeImageTask;

        /// <param name="client">A client whose RateScope is <see cref="DescribeAction"/> (Connection.Client(log, endpoint, ImageTaskApi.DescribeAction)).</param>
        public static async Task<ImageTask> DescribeImageTaskAsync(this MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            byte[] body = MpsClient.JsonBody(w => w.WriteString("TaskId", taskId));
            MpsResponse response = await client.InvokeAsync(DescribeAction, body, cancellationToken).ConfigureAwait(false);
            return FromResponse(taskId, response, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>
        /// Creates a task, which costs money: the request is checked first (an invalid one is never sent),
        /// then sent once, and retried only when the service proves nothing was created
        /// (RequestLimitExceeded) or the connection never opened.
        /// </summary>
        /// <param name="client">A client whose RateScope is <see cref="CreateImageTaskRequest.Action"/>.</param>
        public static Task<ImageTask> CreateImageTaskAsync(this MpsClient client, CreateImageTaskRequest request, CancellationToken cancellationToken)
        {
            return client.CreateImageTaskAsync(request.ToJson(), cancellationToken);
        }

        /// <summary>Sends a body made by <see cref="CreateImageTaskRequest.ToJson"/> (what -WhatIf showed), once.</summary>
        public static async Task<ImageTask> CreateImageTaskAsync(this MpsClient client, byte[] body, CancellationToken cancellationToken)
        {
            MpsResponse response = await client.InvokeAsync(CreateImageTaskRequest.Action, body, cancellationToken, idempotent: false).ConfigureAwait(false);
            string taskId = TaskAnswer.CreatedTaskId(CreateImageTaskRequest.Action, response);
            return new ImageTask(taskId, VideoTaskStatus.WAIT, null, null, response.RequestId, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>Reads the Response leniently: unknown fields are ignored, missing or null ones left empty.</summary>
        public static ImageTask FromResponse(string taskId, MpsResponse response, DateTimeOffset queriedAt, Uri endpoint, string? region)
        {
            return new ImageTask(
                taskId,
                TaskAnswer.Status(taskId, response),
                TaskAnswer.Urls(response.Body, "ImageUrls"),
                response.GetString("Message"),
                response.RequestId,
                queriedAt,
                endpoint,
                region);
        }
    }
}
