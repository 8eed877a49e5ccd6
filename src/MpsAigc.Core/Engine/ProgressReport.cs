namespace MpsAigc.Engine
{
    /// <summary>What a command's progress bar shows at one moment; the pump writes it as a progress record.</summary>
    public sealed class ProgressReport
    {
        public ProgressReport(int activityId, string activity, string status, int percentComplete, int secondsRemaining = -1)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
        }

        /// <summary>Each command's bar has its own, so a wait's and a save's in one pipeline are two bars.</summary>
        public int ActivityId { get; }

        public string Activity { get; }

        public string Status { get; }

        public int PercentComplete { get; }

        /// <summary>-1 when not known.</summary>
        public int SecondsRemaining { get; }
    }
}
