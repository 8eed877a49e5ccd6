using System.Globalization;

namespace MpsAigc.Journal
{
    /// <summary>The errors an input meets in a journal; each says what happened and what to do.</summary>
    internal static class JournalErrors
    {
        /// <summary>Sent, and no answer was recorded: the task may or may not exist, and is not sent again.</summary>
        public static MpsException Unknown(string path, string label, JournalEntry entry)
        {
            return new MpsException(
                ErrorIds.OutcomeUnknown,
                MpsErrorKind.InvalidOperation,
                "'" + label + "' (" + entry.Identity + ") was sent to " + entry.Kind.CreateAction + " at " + Time(entry) + " and the journal '" + path
                + "' has no answer for it: the run stopped (or lost its connection) before the answer came, so the task may or may not exist, and be billed. "
                + "It is not sent again. Look for it in the MPS console's task list; run again with -RetryUnknown to send it anyway (if it exists, it then exists twice).");
        }

        /// <summary>A key already in the journal for another request: neither its task nor a new one.</summary>
        public static MpsException KeyMismatch(string path, string key, string label, JournalEntry entry)
        {
            string what = entry.State == JournalEntry.States.Created ? ", which created task " + entry.TaskId : string.Empty;
            return new MpsException(
                ErrorIds.IdempotencyKeyMismatch,
                MpsErrorKind.InvalidArgument,
                "The idempotency key '" + key + "' is in the journal '" + path + "' for another " + entry.Kind.Noun + " request (" + (entry.State == JournalEntry.States.New ? "being sent now" : "sent at " + Time(entry)) + what + "), not for '" + label
                + "'. A key names one request: nothing was sent. Give this request a key of its own.");
        }

        private static string Time(JournalEntry entry)
        {
            return entry.At.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        }
    }
}
