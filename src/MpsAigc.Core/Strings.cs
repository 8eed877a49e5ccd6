using System.Diagnostics.CodeAnalysis;

namespace MpsAigc
{
    /// <summary>
    /// string.IsNullOrEmpty and IsNullOrWhiteSpace with the flow attribute netstandard2.0's copies lack, so
    /// that a value checked here is known not to be null afterwards in both builds.
    /// </summary>
    internal static class Strings
    {
        public static bool IsNullOrEmpty([NotNullWhen(false)] string? value)
        {
            return string.IsNullOrEmpty(value);
        }

        public static bool IsNullOrWhiteSpace([NotNullWhen(false)] string? value)
        {
            return string.IsNullOrWhiteSpace(value);
        }
    }
}
