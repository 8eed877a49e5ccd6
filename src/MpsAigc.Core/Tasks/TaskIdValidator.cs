using MpsAigc;

namespace MpsAigc.Tasks
{
    /// <summary>Refuses ids that cannot be task ids before they cost a request.</summary>
    public static class TaskIdValidator
    {
        /// <summary>Real ids are about 40 characters ("4-AigcVideo-c3b145ec764…"); 256 leaves room to spare.</summary>
        public const int MaxLength = 256;

        /// <param name="createAction">The action that makes such ids, named in the message (video or image tasks).</param>
        /// <returns>The id without surrounding whitespace.</returns>
        public static string Validate(string? taskId, string createAction)
        {
            if (taskId == null)
            {
                throw Invalid("A task id is null. Pass the TaskId that " + createAction + " returned.");
            }
            string trimmed = taskId.Trim();
            if (trimmed.Length == 0)
            {
                throw Invalid("A task id is empty or only whitespace. Pass the TaskId that " + createAction + " returned.");
            }
            if (trimmed.Length > MaxLength)
            {
                throw Invalid("A task id is " + trimmed.Length + " characters long; task ids are at most " + MaxLength + ". Check what was piped in.");
            }
            foreach (char ch in trimmed)
            {
                if (ch < '!' || ch > '~')
                {
                    throw Invalid("The task id '" + Printable(trimmed) + "' contains a control, space or non-ASCII character (U+"
                        + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "); task ids are printable ASCII.");
                }
            }
            return trimmed;
        }

        private static string Printable(string value)
        {
            var text = new System.Text.StringBuilder(value.Length);
            foreach (char ch in value)
            {
                text.Append(ch < ' ' || ch == '\u007f' ? '?' : ch);
            }
            return text.ToString();
        }

        private static MpsException Invalid(string message)
        {
            return new MpsException(ErrorIds.InvalidTaskId, MpsErrorKind.InvalidArgument, message);
        }
    }
}
