using System;
using System.Collections.Generic;
using MpsAigc.Tasks;

namespace MpsAigc
{
    /// <summary>One AIGC image task as DescribeAigcImageTask reported it at <see cref="AigcTask.QueriedAt"/>.</summary>
    public sealed class ImageTask : AigcTask
    {
        public ImageTask(string taskId, AigcTaskStatus status, string[]? imageUrls, string? message, string? requestId, DateTimeOffset queriedAt, Uri endpoint, string? region)
            : base(taskId, status, message, requestId, queriedAt, endpoint, region)
        {
            ImageUrls = imageUrls ?? new string[0];
        }

        /// <summary>The result images of a DONE task; the service keeps them for 12 hours. A link need not tell the format.</summary>
        public string[] ImageUrls { get; }

        internal override IReadOnlyList<string> ResultUrls => ImageUrls;

        internal override TaskKind TaskKind => ImageKind.Kind;
    }
}
