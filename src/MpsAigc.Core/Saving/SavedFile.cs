using System;
using MpsAigc.Common;

namespace MpsAigc.Saving
{
    /// <summary>A file that is saved (or was kept with -SkipExisting): what Save emits, as the provider's file item.</summary>
    public sealed class SavedFile
    {
        public SavedFile(DownloadPlan plan, string path)
        {
            Path = path;
            TaskId = plan.TaskId;
            SourceUrl = SafeUrl.Show(plan.Url);
        }

        public string Path { get; }

        /// <summary>Null for a bare URL.</summary>
        public string? TaskId { get; }

        /// <summary>The link without its signed query.</summary>
        public string SourceUrl { get; }
    }
}
