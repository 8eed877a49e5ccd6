using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// Task ids as a user gives them: strings, numbers, dictionaries or objects with a TaskId key or property.
    /// Anything else is refused by name, instead of being turned into its type name ("System.IO.FileInfo") and
    /// sent to the service as an id. The caller's runtime supplies what only it knows of its objects.
    /// </summary>
    public sealed class TaskIdInputs
    {
        private const string TaskIdName = "TaskId";

        private readonly Func<object?, object?> _unwrap;
        private readonly TryGetProperty _taskIdProperty;

        /// <param name="unwrap">The value a runtime's wrapper holds (a PowerShell PSObject), or the value itself.</param>
        /// <param name="taskIdProperty">The TaskId property of an input as the runtime sees it (the input as given, unwrapped or not).</param>
        public TaskIdInputs(Func<object?, object?> unwrap, TryGetProperty taskIdProperty)
        {
            _unwrap = unwrap;
            _taskIdProperty = taskIdProperty;
        }

        /// <summary>Reads the named property of an input; false when it has none.</summary>
        public delegate bool TryGetProperty(object input, string name, out object? value);

        /// <summary>An array of ids for a list of inputs, else the one id (null for null).</summary>
        /// <exception cref="MpsException">InvalidTaskId: an input that is no id, named by its type.</exception>
        public object? Read(object? input)
        {
            object? value = _unwrap(input);
            if (value is IEnumerable items && !(value is string) && !(value is IDictionary))
            {
                var ids = new List<string?>();
                foreach (object? item in items)
                {
                    ids.Add(One(item));
                }
                return ids.ToArray();
            }
            return One(value);
        }

        private string? One(object? input)
        {
            object? value = _unwrap(input);
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case IDictionary dictionary when dictionary.Contains(TaskIdName):
                    return One(dictionary[TaskIdName]);
                case int _:
                case long _:
                case Guid _:
                    return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            if (_taskIdProperty(input!, TaskIdName, out object? property))
            {
                return One(property);
            }
            throw new MpsException(
                ErrorIds.InvalidTaskId,
                MpsErrorKind.InvalidArgument,
                "A " + value.GetType().FullName + " is not a task id. Give the ids as strings, or objects with a TaskId property (such as the output of Get-MpsAigcVideoTask or Import-Csv).");
        }
    }
}
