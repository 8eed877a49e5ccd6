#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    /// <summary>What the compiler needs for init-only properties; netstandard2.0 lacks it (a polyfill, as the framework's).</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
