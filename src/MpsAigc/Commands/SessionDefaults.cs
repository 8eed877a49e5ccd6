using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MpsAigc.Configuration;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection settings Set-MpsAigcDefault gives for the rest of the session (this runspace), kept in
    /// memory only. The settings and how a command takes them are the core's (ConnectionDefaults); this is
    /// where each runspace keeps its own.
    /// </summary>
    public sealed class SessionDefaults : ConnectionDefaults
    {
        /// <summary>What a runspace has before any Set, and what Set -Clear starts from.</summary>
        internal static readonly SessionDefaults None = new SessionDefaults();

        // Keyed by runspace, not a static value: ForEach-Object -Parallel, thread jobs and hosts with several
        // runspaces share this process, and one runspace's Set must not redirect another's commands. Weak, so
        // a closed runspace's credential goes with it.
        private static readonly ConditionalWeakTable<Runspace, Published> ByRunspace = new ConditionalWeakTable<Runspace, Published>();

        private SessionDefaults()
        {
        }

        /// <summary>
        /// The defaults of the runspace whose pipeline runs on this thread. Read them on a command's pipeline
        /// thread (BeginProcessing, EndProcessing): on a job's thread DefaultRunspace is empty or not the command's.
        /// </summary>
        internal static ConnectionDefaults OfThisRunspace()
        {
            Runspace runspace = Runspace.DefaultRunspace;
            return runspace != null && ByRunspace.TryGetValue(runspace, out Published? published) ? published.Defaults : None;
        }

        /// <summary>Makes <paramref name="defaults"/> (made from <see cref="None"/>, so a SessionDefaults) those of this thread's runspace.</summary>
        internal static void Publish(ConnectionDefaults defaults)
        {
            ByRunspace.GetValue(Runspace.DefaultRunspace, _ => new Published()).Defaults = defaults;
        }

        /// <summary>The slot of one runspace: ConditionalWeakTable cannot replace a value on netstandard2.0.</summary>
        private sealed class Published
        {
            private volatile ConnectionDefaults _defaults = None;

            public ConnectionDefaults Defaults
            {
                get => _defaults;
                set => _defaults = value;
            }
        }
    }
}
