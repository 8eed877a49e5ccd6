using System;
using System.Management.Automation;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// Binds task ids as the core reads them (<see cref="TaskIdInputs"/>), with what only PowerShell knows: what a
    /// PSObject wraps, and the properties it sees on an object (a PSCustomObject's, an Import-Csv row's).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TaskIdTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly TaskIdInputs Inputs = new TaskIdInputs(Unwrap, TaskIdProperty);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            try
            {
                return Inputs.Read(inputData);
            }
            catch (MpsException e)
            {
                throw new ArgumentTransformationMetadataException(e.Message);
            }
        }

        private static object? Unwrap(object? value)
        {
            return value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
        }

        private static bool TaskIdProperty(object input, string name, out object? value)
        {
            PSPropertyInfo? property = PSObject.AsPSObject(input).Properties[name];
            value = property?.Value;
            return property != null;
        }
    }
}
