namespace MpsAigc.Tasks
{
    /// <summary>What became of one id of a batch: a task, or the error that stands in its place.</summary>
    public sealed class TaskQueryResult
    {
        private TaskQueryResult(string taskId, VideoTask task, MpsException error)
        {
            TaskId = taskId;
            Task = task;
            Error = error;
        }

        public string TaskId { get; }

        public VideoTask Task { get; }

        public MpsException Error { get; }

        public static TaskQueryResult Succeeded(VideoTask task)
        {
            return new TaskQueryResult(task.TaskId, task, null);
        }

        public static TaskQueryResult Failed(string taskId, MpsException error)
        {
            return new TaskQueryResult(taskId, null, error);
        }
    }
}
