#if !NET8_0_OR_GREATER
using System.IO;
#endif
using System.Management.Automation;
using MpsAigc.Http;

namespace MpsAigc
{
    /// <summary>
    /// Runs as PowerShell imports the module: on .NET Framework, serves the assemblies the module ships (Windows
    /// PowerShell applies no binding redirects to a module); then starts the first call's warm-up on another core.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
#if !NET8_0_OR_GREATER
            var module = typeof(ModuleInitializer).Assembly;
            ShippedAssemblies.ServeOnNetFramework(Path.GetDirectoryName(module.Location) ?? ".", module);
#endif
            FirstCallWarmup.Start();
        }
    }
}
