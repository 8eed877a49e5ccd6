using System;

namespace MpsAigc.Saving
{
    /// <summary>One result file to save: where from, where to, and the task it belongs to (if known).</summary>
    public sealed class DownloadPlan
    {
        public DownloadPlan(string? taskId, Uri? endpoint, int index, Uri url, string path, object? input)
        {
            TaskId = taskId;
            Endpoint = endpoint;
            Index = index;
            Url = url;
            Path = path;
            Input = input;
        }

        /// <summary>Null for a bare URL; then an expired link cannot be renewed.</summary>
        public string? TaskId { get; }

        /// <summary>Where the task was found, to ask it again for fresh links; null for the default.</summary>
        public Uri? Endpoint { get; }

        /// <summary>1-based position in the task's result links (VideoUrls, ImageUrls).</summary>
        public int Index { get; }

        public Uri Url { get; set; }

        public string Path { get; }

        /// <summary>What the user put in for it, for an error's TargetObject.</summary>
        public object? Input { get; }
    }
}
