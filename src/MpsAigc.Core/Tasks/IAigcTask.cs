using System;

namespace MpsAigc
{
    /// <summary>What waiting needs of any AIGC task, video or image: its id, its state and where it was asked.</summary>
    public interface IAigcTask
    {
        string TaskId { get; }

        VideoTaskStatus Status { get; }

        bool IsFinal { get; }

        /// <summary>The service's message; for a FAIL task, why it failed.</summary>
        string Message { get; }

        DateTimeOffset QueriedAt { get; }

        /// <summary>The endpoint that answered; null for the default.</summary>
        Uri Endpoint { get; }
    }
}
