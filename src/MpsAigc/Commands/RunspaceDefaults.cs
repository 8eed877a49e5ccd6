using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MpsAigc.Configuration;

namespace MpsAigc.Commands
{
    /// <summary>
    /// Where each runspace keeps the defaults Set-MpsAigcDefault gave it for the rest of the session, in memory only.
    /// </summary>
    internal static class RunspaceDefaults
    {
        // Keyed by runspace, not a static value: ForEach-Object -Parallel, thread jobs and hosts with several
        // runspaces share this process, and one runspace's Set must not redirect another's commands. Weak, so
        // a closed runspace's credential goes with it.
        private static readonly ConditionalWeakTable<Runspace, Slot> ByRunspace = new ConditionalWeakTable<Runspace, Slot>();

        /// <summary>
        /// The defaults of the runspace whose pipeline runs on this thread. Read them on a command's pipeline
        /// thread (BeginProcessing, EndProcessing): on a job's thread DefaultRunspace is empty or not the command's.
        /// </summary>
        public static ConnectionSettings OfThisRunspace()
        {
            Runspace runspace = Runspace.DefaultRunspace;
            return runspace != null && ByRunspace.TryGetValue(runspace, out Slot? slot) ? slot.Settings : ConnectionSettings.None;
        }

        /// <summary>Makes <paramref name="settings"/> the defaults of this thread's runspace.</summary>
        public static void Publish(ConnectionSettings settings)
        {
            ByRunspace.GetValue(Runspace.DefaultRunspace, _ => new Slot()).Settings = settings;
        }

        /// <summary>The slot of one runspace: ConditionalWeakTable cannot replace a value on netstandard2.0.</summary>
        private sealed class Slot
        {
            private volatile ConnectionSettings _settings = ConnectionSettings.None;

            public ConnectionSettings Settings
            {
                get => _settings;
                set => _settings = value;
            }
        }
    }
}
