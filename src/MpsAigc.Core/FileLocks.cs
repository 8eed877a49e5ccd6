using System;
using System.IO;

namespace MpsAigc
{
    /// <summary>
    /// What an exclusive open (FileShare.None) tells: the operating system ends it when its process dies (on
    /// Unix .NET takes a flock for it; on Windows the open itself is exclusive), so a file held that way is a
    /// lock no dead process can keep. Shared by the machine's request budget and the task journal.
    /// </summary>
    internal static class FileLocks
    {
        /// <summary>The exclusive open failed because another holds it: EWOULDBLOCK from flock, or a sharing violation.</summary>
        public static bool IsHeldByAnother(IOException e)
        {
            const int LinuxWouldBlock = 11;
            const int BsdWouldBlock = 35;
            const int WindowsSharingViolation = unchecked((int)0x80070020);
            const int WindowsLockViolation = unchecked((int)0x80070021);
            int code = e.HResult;
            return code == LinuxWouldBlock || code == BsdWouldBlock || code == WindowsSharingViolation || code == WindowsLockViolation;
        }

        /// <summary>The switch with which .NET opens files on Unix without flock, FileShare.None included.</summary>
        public static bool LockingDisabled()
        {
            if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled))
            {
                return disabled;
            }
            string? value = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
            return value != null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
    }
}
