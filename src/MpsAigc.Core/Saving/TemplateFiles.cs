using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MpsAigc.Saving
{
    /// <summary>Results named wholly by a template (a video's {TaskId}.mp4): the name is known before the first byte.</summary>
    public sealed class TemplateFiles : ResultFiles
    {
        private readonly TemplateFileNamer _namer;
        private readonly IReadOnlyList<string> _kindPlaceholders;

        public TemplateFiles(TemplateFileNamer namer, IReadOnlyList<string> kindPlaceholders)
        {
            _namer = namer;
            _kindPlaceholders = kindPlaceholders;
        }

        public override string PathFor(AigcTask task, int index, int count)
        {
            return _namer.PathFor(task.TaskId, index, count, task.FileNameValues);
        }

        /// <summary>A bare link has no task: its placeholders are "unknown".</summary>
        public override string PathForUrl(Uri url)
        {
            return _namer.PathFor(TemplateFileNamer.StemOf(url), 1, 1, _kindPlaceholders.Select(placeholder => (placeholder, (string?)null)));
        }

        public override string? Existing(string plannedPath)
        {
            return File.Exists(plannedPath) ? plannedPath : null;
        }
    }
}
