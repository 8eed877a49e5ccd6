using System;
using System.Collections.Generic;

namespace MpsAigc
{
    /// <summary>One AIGC image task as DescribeAigcImageTask reported it at <see cref="QueriedAt"/>.</summary>
    public sealed class ImageTask : IAigcTask
    {
        public ImageTask(string taskId, VideoTaskStatus status, string[] imageUrls, string message, string requestId, DateTimeOffset queriedAt, Uri endpoint, string region)
        {
            TaskId = taskId;
            Status = status;
            ImageUrls = imageUrls ?? new string[0];
            Message = message;
            RequestId = requestId;
            QueriedAt = queriedAt;
            Endpoint = endpoint;
            Region = region;
        }

        public string TaskId { get; }

        /// <summary>The same four states as a video task's.</summary>
        public VideoTaskStatus Status { get; }

        /// <summary>The result images of a DONE task; the service keeps them for 12 hours. A link need not tell the format.</summary>
        public string[] ImageUrls { get; }

        /// <summary>The service's message; for a FAIL task, why it failed.</summary>
        public string Message { get; }

        public string RequestId { get; }

        public DateTimeOffset QueriedAt { get; }

        /// <summary>The endpoint that answered, so later cmdlets can ask the same service again.</summary>
        public Uri Endpoint { get; }

        public string Region { get; }

        public bool IsFinal => Status == VideoTaskStatus.DONE || Status == VideoTaskStatus.FAIL;

        IReadOnlyList<string> IAigcTask.ResultUrls => ImageUrls;

        public override string ToString()
        {
            return TaskId;
        }
    }
}
