using System;
using System.Collections;
using System.Management.Automation;

namespace MpsAigc.Commands
{
    /// <summary>
    /// Takes prompts as text only. An object piped in without a Prompt property (an Import-Csv row whose column
    /// has another name) would otherwise bind as its own text, "@{Text=a cat}", and be billed as that prompt. A
    /// hashtable's Prompt key is no property to the binder: give such rows as [pscustomobject].
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PromptTransformationAttribute : ArgumentTransformationAttribute
    {
        private const string PromptProperty = "Prompt";

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is string || value is char || value.GetType().IsPrimitive || value is decimal
                || PSObject.AsPSObject(inputData).Properties[PromptProperty] != null)
            {
                // An object with a Prompt property is not text: the binder passes it over, and binds its Prompt by name.
                return inputData;
            }
            string what = value is PSCustomObject || value is IDictionary ? "An object with no Prompt property" : "A " + value.GetType().FullName;
            throw new ArgumentTransformationMetadataException(
                what + " is not a prompt. Give prompts as text, or objects with a Prompt property (such as the rows of Import-Csv with a column 'Prompt').");
        }
    }
}
