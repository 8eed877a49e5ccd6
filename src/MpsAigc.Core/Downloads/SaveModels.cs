using System;

namespace MpsAigc.Downloads
{
    /// <summary>One video to save: where from, where to, and the task it belongs to (if known).</summary>
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

        /// <summary>1-based position in the task's VideoUrls.</summary>
        public int Index { get; }

        public Uri Url { get; set; }

        public string Path { get; }

        /// <summary>What the user put in for it, for an error's TargetObject.</summary>
        public object? Input { get; }
    }

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

    /// <summary>An id from -TaskId, marked so that it is not taken for a URL on its way into a job.</summary>
    public sealed class TaskIdInput
    {
        public TaskIdInput(string? value)
        {
            Value = value;
        }

        /// <summary>As given: TaskIdValidator says what is wrong with a null or bad one.</summary>
        public string? Value { get; }

        public override string ToString()
        {
            return Value ?? string.Empty;
        }
    }
}
