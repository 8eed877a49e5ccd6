using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using MpsAigc.Saving;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Saved files are emitted as the FileSystem provider emits them (PSPath, and on Unix the stat that
    /// its table view shows), so they format like Get-ChildItem's and compose with Get-FileHash and
    /// Remove-Item; each also says which task and link it came from.
    /// </summary>
    internal static class FileItems
    {
        private const string ProviderPrefix = "Microsoft.PowerShell.Core\\FileSystem::";

        /// <summary>On the pipeline thread: the session's own provider.</summary>
        public static Func<SavedFile, PSObject> FromSession(PSCmdlet cmdlet)
        {
            return file =>
            {
                Collection<PSObject> items = cmdlet.InvokeProvider.Item.Get(new[] { file.Path }, force: true, literalPath: true);
                return Tagged(items.Count == 1 ? items[0] : Detached(file.Path, null, null), file);
            };
        }

        /// <summary>
        /// For a job, which must not touch the session: the provider's properties are added as the provider
        /// adds them, from the provider and drive taken now, on the pipeline thread.
        /// </summary>
        public static Func<SavedFile, PSObject> ForJob(PSCmdlet cmdlet, string folder)
        {
            ProviderInfo provider = cmdlet.SessionState.Provider.GetOne("FileSystem");
            PSDriveInfo? drive = provider.Drives
                .Where(d => folder.StartsWith(d.Root, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(d => d.Root.Length)
                .FirstOrDefault();
            return file => Tagged(Detached(file.Path, provider, drive), file);
        }

        private static PSObject Detached(string path, ProviderInfo? provider, PSDriveInfo? drive)
        {
            var item = PSObject.AsPSObject(new FileInfo(path));
            item.Properties.Add(new PSNoteProperty("PSPath", ProviderPrefix + path));
            item.Properties.Add(new PSNoteProperty("PSParentPath", ProviderPrefix + System.IO.Path.GetDirectoryName(path)));
            item.Properties.Add(new PSNoteProperty("PSChildName", System.IO.Path.GetFileName(path)));
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                item.Properties.Add(new PSNoteProperty("UnixStat", UnixStat(path)));
            }
            if (drive != null)
            {
                item.Properties.Add(new PSNoteProperty("PSDrive", drive));
            }
            if (provider != null)
            {
                item.Properties.Add(new PSNoteProperty("PSProvider", provider));
            }
            item.Properties.Add(new PSNoteProperty("PSIsContainer", false));
            return item;
        }

        private static PSObject Tagged(PSObject item, SavedFile file)
        {
            item.Properties.Add(new PSNoteProperty("TaskId", file.TaskId));
            item.Properties.Add(new PSNoteProperty("SourceUrl", file.SourceUrl));
            return item;
        }

        /// <summary>
        /// The stat the provider attaches on Unix, which its file view reads (mode, owner, size). PowerShell
        /// keeps the call internal; where it is missing the view shows those columns empty, nothing worse.
        /// </summary>
        /// <returns>Null where the call is missing or fails.</returns>
        private static object? UnixStat(string path)
        {
            try
            {
                return GetLStat?.Invoke(null, new object[] { path });
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static readonly MethodInfo? GetLStat = typeof(PSObject).Assembly
            .GetType("System.Management.Automation.Platform+Unix")
            ?.GetMethod("GetLStat", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, null, new[] { typeof(string) }, null);
    }
}
