using System;
using System.Collections.Generic;
using MpsAigc.Tasks;

namespace MpsAigc
{
    /// <summary>
    /// What a video task and an image task have in common: the same life (WAIT, RUN, then DONE with result
    /// links kept 12 hours, or FAIL with a message), so waiting on and saving either needs only this. A
    /// class, not an interface: PowerShell binds pipeline input to a parameter of a base class without
    /// conversion, but not to one of an interface.
    /// </summary>
    public abstract class AigcTask
    {
        protected AigcTask(string taskId, AigcTaskStatus status, string? message, string? requestId, DateTimeOffset queriedAt, Uri endpoint, string? region)
        {
            TaskId = taskId;
            Status = status;
            Message = message;
            RequestId = requestId;
            QueriedAt = queriedAt;
            Endpoint = endpoint;
            Region = region;
        }

        public string TaskId { get; }

        /// <summary>
        /// TaskId again, under the name other modules' objects are keyed by, so habits like Select-Object Id keep
        /// working. A property, not a types.ps1xml alias: a module's TypesToProcess makes PowerShell rebuild its whole
        /// type table at import, for this one alias.
        /// </summary>
        public string Id => TaskId;

        public AigcTaskStatus Status { get; }

        /// <summary>The service's message; for a FAIL task, why it failed.</summary>
        public string? Message { get; }

        public string? RequestId { get; }

        public DateTimeOffset QueriedAt { get; }

        /// <summary>The endpoint that answered, so later cmdlets can ask the same service again.</summary>
        public Uri Endpoint { get; }

        public string? Region { get; }

        public bool IsFinal => Status == AigcTaskStatus.DONE || Status == AigcTaskStatus.FAIL;

        /// <summary>"Video" or "Image": which cmdlets know the task, and what a journal or a CSV of mixed tasks says of each.</summary>
        public string Kind => TaskKind.Name;

        /// <summary>The kind's definition: its actions, cmdlets and file names.</summary>
        internal abstract TaskKind TaskKind { get; }

        /// <summary>The values of the kind's own file name placeholders ({Resolution} for a video).</summary>
        internal virtual IEnumerable<(string Placeholder, string? Value)> FileNameValues => new (string, string?)[0];

        /// <summary>The result links of a DONE task (VideoUrls or ImageUrls); kept from views, which show those.</summary>
        internal abstract IReadOnlyList<string> ResultUrls { get; }

        public override string ToString()
        {
            return TaskId;
        }
    }
}
