using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace MpsAigc.Commands
{
    /// <summary>
    /// Takes task ids as strings, numbers, hashtables or objects with a TaskId key or property; anything
    /// else is refused by name, instead of being turned into its type name ("System.IO.FileInfo") and sent
    /// to the service as an id.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TaskIdTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = Unwrap(inputData);
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

        private static string? One(object? input)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case IDictionary dictionary when dictionary.Contains("TaskId"):
                    return One(dictionary["TaskId"]);
                case int _:
                case long _:
                case Guid _:
                    return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            if (PSObject.AsPSObject(input).Properties["TaskId"] is PSPropertyInfo property)
            {
                return One(property.Value);
            }
            throw new ArgumentTransformationMetadataException(
                "A " + value.GetType().FullName + " is not a task id. Give the ids as strings, or objects with a TaskId property (such as the output of Get-MpsAigcVideoTask or Import-Csv).");
        }

        private static object? Unwrap(object? value)
        {
            return value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
        }
    }
}
