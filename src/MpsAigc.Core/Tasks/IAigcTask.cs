using System;
using System.Collections.Generic;

namespace MpsAigc
{
    /// <summary>
    /// What a video task and an image task have in common: the same life (WAIT, RUN, then DONE with result
    /// links kept 12 hours, or FAIL with a message), so waiting on and saving either needs only this.
    /// </summary>
    public interface IAigcTask
    {
        string TaskId { get; }

        VideoTaskStatus Status { get; }

        /// <summary>The result links of a DONE task (VideoUrls or ImageUrls).</summary>
        IReadOnlyList<string> ResultUrls { get; }

        string Message { get; }

        string RequestId { get; }

        DateTimeOffset QueriedAt { get; }

        Uri Endpoint { get; }

        string Region { get; }

        bool IsFinal { get; }
    }
}
