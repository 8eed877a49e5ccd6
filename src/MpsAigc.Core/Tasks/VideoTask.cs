using System;
using System.Collections.Generic;
using System.Globalization;
using MpsAigc.Tasks;

namespace MpsAigc
{
    /// <summary>One AIGC video task as DescribeAigcVideoTask reported it at <see cref="QueriedAt"/>.</summary>
    public sealed class VideoTask : AigcTask
    {
        public VideoTask(string taskId, AigcTaskStatus status, string[]? videoUrls, string? resolution, string? message,
            string? requestId, DateTimeOffset queriedAt, Uri endpoint, string? region)
            : base(taskId, status, message, requestId, queriedAt, endpoint, region)
        {
            VideoUrls = videoUrls ?? new string[0];
            Resolution = resolution;
            ParseResolution(resolution, out int? width, out int? height);
            Width = width;
            Height = height;
        }

        /// <summary>The result videos of a DONE task; the service keeps them for 12 hours.</summary>
        public string[] VideoUrls { get; }

        public string? Resolution { get; }

        public int? Width { get; }

        public int? Height { get; }

        internal override IReadOnlyList<string> ResultUrls => VideoUrls;

        internal override TaskKind TaskKind => VideoKind.Kind;

        internal override IEnumerable<(string Placeholder, string? Value)> FileNameValues => new (string, string?)[] { (VideoKind.ResolutionPlaceholder, Resolution) };

        /// <summary>The service writes both "1920x1088" and "1080*720".</summary>
        public static void ParseResolution(string? resolution, out int? width, out int? height)
        {
            width = null;
            height = null;
            if (Strings.IsNullOrEmpty(resolution))
            {
                return;
            }
            string[] parts = resolution.Split(new[] { 'x', 'X', '*', '\u00d7' }, StringSplitOptions.None);
            if (parts.Length == 2
                && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int w)
                && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int h))
            {
                width = w;
                height = h;
            }
        }
    }
}
