namespace MpsAigc.Tasks
{
    /// <summary>A task as a command is given it: a task object (from Get, New or a journal), or an id as the user wrote it.</summary>
    public sealed class TaskReference
    {
        private TaskReference(AigcTask? task, string? id)
        {
            Task = task;
            Id = id;
        }

        /// <summary>The task object; null when an id was given.</summary>
        public AigcTask? Task { get; }

        /// <summary>The id as given (null, blank or wrong ids too: the command says what is wrong); null when a task was given.</summary>
        public string? Id { get; }

        /// <summary>What an error about it names (its TargetObject): the task, or the id as given.</summary>
        public object? Target => Task ?? (object?)Id;

        public static TaskReference Of(AigcTask task) => new TaskReference(task, null);

        public static TaskReference OfId(string? id) => new TaskReference(null, id);

        public override string ToString() => Task?.TaskId ?? Id ?? string.Empty;
    }
}
