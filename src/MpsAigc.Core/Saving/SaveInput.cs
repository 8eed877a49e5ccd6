
using MpsAigc.Common;

namespace MpsAigc.Saving
{
    /// <summary>One input of a save, as its cmdlet gives it: a task object, an id to query first, or a bare link.</summary>
    public sealed class SaveInput
    {
        private SaveInput(AigcTask? task, string? taskId, string? url, bool isId)
        {
            Task = task;
            TaskId = taskId;
            Url = url;
            IsId = isId;
        }

        /// <summary>A task of Get, Wait or New; null for an id or a link.</summary>
        public AigcTask? Task { get; }

        /// <summary>As given: the kind's check says what is wrong with a null or bad one.</summary>
        public string? TaskId { get; }

        /// <summary>A link as given, signed query and all: never shown as it is.</summary>
        public string? Url { get; }

        /// <summary>True for -TaskId, whose id is queried first.</summary>
        public bool IsId { get; }

        /// <summary>What an error about it names: the task, the id, or the link without its signed query.</summary>
        public object? Target => Task != null ? Task : IsId ? TaskId : SafeUrl.ShowText(Url);

        public static SaveInput Of(AigcTask task) => new SaveInput(task, null, null, false);

        public static SaveInput OfId(string? taskId) => new SaveInput(null, taskId, null, true);

        public static SaveInput OfUrl(string? url) => new SaveInput(null, null, url, false);

        /// <summary>Never the link's signed query: a job's log or a debugger may show an input.</summary>
        public override string ToString() => Task?.TaskId ?? (IsId ? TaskId : SafeUrl.ShowText(Url)) ?? string.Empty;
    }
}
