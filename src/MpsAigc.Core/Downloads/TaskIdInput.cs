using System;

namespace MpsAigc.Downloads
{
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
