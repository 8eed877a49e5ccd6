using System;
using System.IO;
using System.Management.Automation;

namespace MpsAigc.Commands
{
    /// <summary>
    /// -JournalPath as PowerShell resolves any path (a drive, ~, relative to the current location): a file of
    /// the file system, which need not exist yet, in a folder that must.
    /// </summary>
    internal static class JournalPaths
    {
        /// <exception cref="MpsException">InvalidPath, saying what is wrong with it.</exception>
        public static string Resolve(PSCmdlet cmdlet, string path)
        {
            string full;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    throw Invalid(path, "it is on the " + provider.Name + " provider; give a file of the file system");
                }
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is ArgumentException || e is PSInvalidOperationException)
            {
                throw Invalid(path, e.Message);
            }
            if (Directory.Exists(full))
            {
                throw Invalid(path, "it is a folder; give a file in it, such as " + System.IO.Path.Combine(full, "creates.jsonl"));
            }
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (folder == null || !Directory.Exists(folder))
            {
                throw Invalid(path, "its folder '" + folder + "' does not exist; make it first (New-Item -ItemType Directory), on a disk that outlives the machine the run is on");
            }
            return full;
        }

        private static MpsException Invalid(string path, string why)
        {
            return new MpsException(ErrorIds.InvalidPath, MpsErrorKind.InvalidArgument, "-JournalPath '" + path + "' cannot be a journal: " + why + ".");
        }
    }
}
