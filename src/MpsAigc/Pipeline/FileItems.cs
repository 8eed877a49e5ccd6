using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Saved files are emitted as the FileSystem provider emits them (PSPath, and on Unix the stat that
    /// its table view shows), so they format like Get-ChildItem's and compose with Get-FileHash and
    /// Remove-Item.
    /// </summary>
    internal static class FileItems
    {
        /// <summary>On the pipeline thread: the session's own provider.</summary>
        public static Func<string, PSObject> FromSession(PSCmdlet cmdlet)
        {
            return path =>
            {
                Collection<PSObject> items = cmdlet.InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true);
                return items.Count == 1 ? items[0] : Plain(path);
            };
        }

        /// <summary>
        /// In a job, off the pipeline thread, the session must not be touched: a private runspace of the
        /// job's own asks the provider instead, created on the first saved file.
        /// </summary>
        public static Func<string, PSObject> FromPrivateRunspace(out IDisposable owner)
        {
            var lazy = new Lazy<Runspace>(() =>
            {
                Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                runspace.Open();
                return runspace;
            });
            owner = new Releaser(lazy);
            return path =>
            {
                using (PowerShell ps = PowerShell.Create())
                {
                    ps.Runspace = lazy.Value;
                    Collection<PSObject> items = ps.AddCommand("Get-Item").AddParameter("LiteralPath", path).AddParameter("Force").Invoke();
                    return items.Count == 1 ? items[0] : Plain(path);
                }
            };
        }

        private static PSObject Plain(string path)
        {
            var file = PSObject.AsPSObject(new FileInfo(path));
            file.Properties.Add(new PSNoteProperty("PSPath", "Microsoft.PowerShell.Core\\FileSystem::" + path));
            return file;
        }

        private sealed class Releaser : IDisposable
        {
            private readonly Lazy<Runspace> _runspace;

            public Releaser(Lazy<Runspace> runspace)
            {
                _runspace = runspace;
            }

            public void Dispose()
            {
                if (_runspace.IsValueCreated)
                {
                    _runspace.Value.Dispose();
                }
            }
        }
    }
}
