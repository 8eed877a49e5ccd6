using System;

namespace MpsAigc.Downloads
{
    /// <summary>One video to save: where from, where to, and the task it belongs to (if known).</summary>
    public sealed class DownloadPlan
    {
        public DownloadPlan(string taskId, Uri endpoint, int index, Uri url, string path, object input)
        {
            TaskId = taskId;
            Endpoint = endpoint;
            Index = index;
            Url = url;
            Path = path;
            Input = input;
        }

        /// <summary>Null for a bare URL; then an expired link cannot be renewed.</summary>
        public string TaskId { get; }

        /// <summary>Where the task was found, to ask it again for fresh links; null for the default.</summary>
        public Uri Endpoint { get; }

        /// <summary>1-based position in the task's VideoUrls.</summary>
        public int Index { get; }

        public Uri Url { get; set; }

        public string Path { get; }

        /// <summary>What the user put in for it, for an error's TargetObject.</summary>
        public object Input { get; }
    }

    public enum SaveOutcomeKind
    {
        /// <summary>A task id was queried: its task is ready for planning.</summary>
        Resolved,

        Saved,

        Error,
    }

    public sealed class SaveOutcome
    {
        public SaveOutcome(SaveOutcomeKind kind, VideoTask task, DownloadPlan plan, long length, MpsException error, object target, bool isResolution = false)
        {
            IsResolution = isResolution;
            Kind = kind;
            Task = task;
            Plan = plan;
            Length = length;
            Error = error;
            Target = target;
        }

        public SaveOutcomeKind Kind { get; }

        public VideoTask Task { get; }

        public DownloadPlan Plan { get; }

        public long Length { get; }

        public MpsException Error { get; }

        public object Target { get; }

        /// <summary>The outcome of querying a task id (Resolved, or the Error that stands for it).</summary>
        public bool IsResolution { get; }
    }
}
