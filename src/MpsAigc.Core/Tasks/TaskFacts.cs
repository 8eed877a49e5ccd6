using System;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// What an answer says of one task, read the same way for every kind (status, result links, message), with
    /// the answer itself for the fields only one kind has; its kind makes the task object from it.
    /// </summary>
    public sealed class TaskFacts
    {
        public TaskFacts(string taskId, AigcTaskStatus status, string[] resultUrls, string? message, MpsResponse? answer, string? requestId, DateTimeOffset queriedAt, Uri endpoint, string? region)
        {
            TaskId = taskId;
            Status = status;
            ResultUrls = resultUrls;
            Message = message;
            Answer = answer;
            RequestId = requestId;
            QueriedAt = queriedAt;
            Endpoint = endpoint;
            Region = region;
        }

        public string TaskId { get; }

        public AigcTaskStatus Status { get; }

        public string[] ResultUrls { get; }

        public string? Message { get; }

        /// <summary>The describe answer; null for a task just created, of which nothing more is known.</summary>
        public MpsResponse? Answer { get; }

        public string? RequestId { get; }

        public DateTimeOffset QueriedAt { get; }

        public Uri Endpoint { get; }

        public string? Region { get; }
    }
}
