using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using MpsAigc.Jobs;

namespace MpsAigc.Tests
{
    /// <summary>A runspace of the real PowerShell with the module's cmdlets (and the test's) in it.</summary>
    internal sealed class PowerShellSession : IDisposable
    {
        private readonly Runspace _runspace;

        private PowerShellSession(InitialSessionState state)
        {
            _runspace = RunspaceFactory.CreateRunspace(state);
            _runspace.Open();
        }

        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();

        /// <summary>As a user has it: Import-Module, which registers the module's job source adapter.</summary>
        public static PowerShellSession Imported()
        {
            var session = new PowerShellSession(InitialSessionState.CreateDefault2());
            string module = typeof(MpsAigcJob).Assembly.Location;
            string tests = typeof(StartTestMpsJobCommand).Assembly.Location;
            session.Run("Import-Module '" + module + "', '" + tests + "'");
            return session;
        }

        /// <summary>As a host that adds the cmdlets by hand has it: no Import-Module, so no adapter.</summary>
        public static PowerShellSession WithCmdletsAddedByHand()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.Commands.Add(new SessionStateCmdletEntry("Start-TestMpsJob", typeof(StartTestMpsJobCommand), null));
            return new PowerShellSession(state);
        }

        public string?[] Run(string script)
        {
            using (PowerShell powerShell = PowerShell.Create())
            {
                powerShell.Runspace = _runspace;
                powerShell.AddScript(script);
                IAsyncResult running = powerShell.BeginInvoke();
                if (!running.AsyncWaitHandle.WaitOne(Bounded.Timeout))
                {
                    // Not Stop(): a deadlocked pipeline never lets it return, and the run would hang instead of failing.
                    powerShell.BeginStop(null, null);
                    throw new TimeoutException("Still running after " + Bounded.Timeout + ": " + script);
                }
                PSDataCollection<PSObject> output = powerShell.EndInvoke(running);
                Errors.AddRange(powerShell.Streams.Error);
                return output.Select(value => value?.ToString()).ToArray();
            }
        }

        public void Dispose()
        {
            Run("Get-Job | Remove-Job -Force");
            _runspace.Dispose();
        }
    }
}
