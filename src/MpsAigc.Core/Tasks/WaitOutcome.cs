namespace MpsAigc.Tasks
{
    public enum WaitOutcomeKind
    {
        /// <summary>The task reached DONE.</summary>
        Done,

        /// <summary>The task reached FAIL.</summary>
        Failed,

        /// <summary>The task was still unfinished at the deadline.</summary>
        TimedOut,

        /// <summary>The task could not be queried (bad id, unknown task, refused credentials, ...).</summary>
        Error,
    }

    /// <summary>How one waited task ended: exactly one per task put into the waiter.</summary>
    public sealed class WaitOutcome
    {
        public WaitOutcome(WaitOutcomeKind kind, string taskId, object input, VideoTask task, MpsException error)
        {
            Kind = kind;
            TaskId = taskId;
            Input = input;
            Task = task;
            Error = error;
        }

        public WaitOutcomeKind Kind { get; }

        public string TaskId { get; }

        /// <summary>What the caller put in for this task: its id or its task object.</summary>
        public object Input { get; }

        /// <summary>The last state the service reported, if any.</summary>
        public VideoTask Task { get; }

        public MpsException Error { get; }
    }

    /// <summary>A moment's count of the tasks of a wait, for progress.</summary>
    public struct WaitCounts
    {
        public int Total;
        public int Waiting;
        public int Running;
        public int Done;
        public int Failed;

        public int Finished => Done + Failed;
    }
}
