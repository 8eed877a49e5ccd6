using System;
using System.IO;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Turns a failure to write the destination (a full disk, no permission) into an error of its own: it is
    /// no network hiccup, so retrying the download would only fail again.
    /// </summary>
    internal static class WriteGuard
    {
        // ENOSPC on Unix; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
        private const int UnixNoSpace = 28;
        private const int WindowsDiskFull = unchecked((int)0x80070070);
        private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

        public static T Run<T>(string path, Func<T> write)
        {
            try
            {
                return write();
            }
            catch (IOException e)
            {
                throw Failed(e, path);
            }
            catch (UnauthorizedAccessException e)
            {
                throw Failed(e, path);
            }
        }

        public static void Run(string path, Action write)
        {
            Run(path, () =>
            {
                write();
                return 0;
            });
        }

        private static MpsException Failed(Exception e, string path)
        {
            bool full = e.HResult == UnixNoSpace || e.HResult == WindowsDiskFull || e.HResult == WindowsHandleDiskFull;
            return full
                ? new MpsException(ErrorIds.DiskFull, MpsErrorKind.InvalidOperation, "The disk is full: cannot write " + path + ". What was downloaded is kept in the .part file; free some space and run the command again to resume.", e)
                : new MpsException(ErrorIds.FileWriteFailed, MpsErrorKind.InvalidOperation, "Cannot write " + path + ": " + e.Message, e);
        }
    }
}
