using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// A rename that Windows refuses because someone holds the file for a moment (an antivirus scanning the new file,
    /// OneDrive or the search indexer picking it up) is tried again briefly before it counts as a failure.
    /// </summary>
    internal static class HeldFileRetry
    {
        // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION as HResults.
        private const int SharingViolation = unchecked((int)0x80070020);
        private const int LockViolation = unchecked((int)0x80070021);

        /// <summary>About two seconds in all: a scan of a finished video takes less, and a real lock is reported soon.</summary>
        private static readonly TimeSpan[] Pauses = { TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000) };

        private static readonly bool OnWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static T Run<T>(Func<T> rename)
        {
            return Run(rename, OnWindows, Thread.Sleep);
        }

        public static void Run(Action rename)
        {
            Run(() =>
            {
                rename();
                return 0;
            });
        }

        /// <param name="windows">Whether a refused access may be a hold too (Windows denies access to a file pending deletion or open without sharing).</param>
        internal static T Run<T>(Func<T> rename, bool windows, Action<TimeSpan> pause)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return rename();
                }
                catch (Exception e) when (attempt < Pauses.Length && IsHeld(e, windows))
                {
                    pause(Pauses[attempt]);
                }
            }
        }

        private static bool IsHeld(Exception e, bool windows)
        {
            return (e is IOException && (e.HResult == SharingViolation || e.HResult == LockViolation))
                || (windows && e is UnauthorizedAccessException);
        }
    }
}
