using System.Management.Automation;
using MpsAigc.Startup;

namespace MpsAigc
{
    /// <summary>Runs as PowerShell imports the module: starts the first call's warm-up on another core.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            FirstCallWarmup.Start();
        }
    }
}
