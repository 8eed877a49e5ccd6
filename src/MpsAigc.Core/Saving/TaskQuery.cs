using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Saving
{
    /// <summary>Queries a task by id at an endpoint (null: the command's own).</summary>
    /// <param name="endpoint">Where the task was found; null for the invocation's own.</param>
    public delegate Task<AigcTask> TaskQuery(string taskId, Uri? endpoint, CancellationToken cancellationToken);
}
