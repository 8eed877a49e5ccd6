using System;
using System.Collections.Generic;
using System.IO;
using MpsAigc.Http;

namespace MpsAigc.Journal
{
    /// <summary>
    /// The journals this process has open, by full path: every command that uses one journal (in jobs, in
    /// ForEach-Object -Parallel's runspaces) shares one open of it, which closes with its last use. Two opens
    /// of one file would lock each other out, and could both create one identity.
    /// </summary>
    public static class OpenJournals
    {
        private static readonly object Lock = new object();

        private static readonly Dictionary<string, Slot> ByPath = new Dictionary<string, Slot>(
            System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

        /// <summary>A use of the journal at <paramref name="path"/>, opened (and made) by the first use in this process.</summary>
        /// <param name="log">The first opener's: a last line cut short, file locking turned off.</param>
        /// <exception cref="MpsException">JournalInUse, NotAJournal, JournalTooNew, InvalidPath, JournalWriteFailed.</exception>
        public static JournalUse Open(string path, IMpsLog log)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            Slot slot;
            lock (Lock)
            {
                if (!ByPath.TryGetValue(fullPath, out Slot? open))
                {
                    open = new Slot(fullPath, log);
                    ByPath.Add(fullPath, open);
                }
                slot = open;
                slot.Users++;
            }
            TaskJournal journal;
            try
            {
                // One opens it; those who come meanwhile wait for it, and share its journal or its error.
                journal = slot.Journal.Value;
            }
            catch
            {
                Release(slot);
                throw;
            }
            return new JournalUse(journal, () => Release(slot));
        }

        private static void Release(Slot slot)
        {
            lock (Lock)
            {
                if (--slot.Users > 0)
                {
                    return;
                }
                ByPath.Remove(slot.Path);
                // Closed under the lock: a use that comes next opens the file anew, and must find it let go.
                if (slot.Journal.IsValueCreated)
                {
                    slot.Journal.Value.Close();
                }
            }
        }

        private sealed class Slot
        {
            public Slot(string path, IMpsLog log)
            {
                Path = path;
                Journal = new Lazy<TaskJournal>(() => TaskJournal.Open(path, log, SystemClock.Instance), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            }

            public string Path { get; }

            /// <summary>Changed under <see cref="Lock"/> only.</summary>
            public int Users { get; set; }

            public Lazy<TaskJournal> Journal { get; }
        }
    }
}
