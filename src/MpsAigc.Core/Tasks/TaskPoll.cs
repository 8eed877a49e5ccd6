using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Tasks
{
    /// <summary>Queries one task, given its id and its last known state (null before the first answer).</summary>
    /// <param name="last">The task as last seen; null before its first answer.</param>
    public delegate Task<AigcTask> TaskPoll(string taskId, AigcTask? last, CancellationToken cancellationToken);
}
