using System;
using System.Diagnostics;
using System.IO;
using System.Security;
using System.Threading;

namespace MpsAigc.Http
{
    /// <summary>
    /// A budget every process of the user on this machine shares: a small file, changed only while it is
    /// open exclusively. The operating system ends an exclusive open when its process dies (on Unix .NET
    /// takes a flock for it; on Windows the open itself is exclusive), so a killed holder never blocks the
    /// others; a request it left in flight holds its slot until the lease ends. No daemon, no service.
    /// </summary>
    internal sealed class MachineBudgetStore : IBudgetStore
    {
        /// <summary>
        /// How long a request in flight keeps its slot if its process dies. A slot is reused only a window
        /// after that, so a live request is safe unless it takes longer than this just to reach the service.
        /// </summary>
        public static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

        /// <summary>The file is held for microseconds; one held this long belongs to a stopped process.</summary>
        private static readonly TimeSpan HeldTooLong = TimeSpan.FromSeconds(5);

        private readonly object _inProcess = new object();
        private readonly IClock _clock;
        private readonly bool _lockingDisabled;
        private bool _folderMade;

        /// <param name="lease">How long a dead holder's request keeps its slot; <see cref="Lease"/> unless a test is in a hurry.</param>
        /// <param name="lockingDisabled">Whether .NET's file locking is off in this process; read from its settings when not given.</param>
        public MachineBudgetStore(string path, int limit, TimeSpan window, IClock clock, TimeSpan? lease = null, bool? lockingDisabled = null)
        {
            Path = path;
            Budget = new RequestBudget(limit, window, lease ?? Lease, burstWindows: 1);
            _clock = clock;
            _lockingDisabled = lockingDisabled ?? FileLocks.LockingDisabled();
        }

        public string Path { get; }

        public RateLimitScope Scope => RateLimitScope.Machine;

        public RequestBudget Budget { get; }

        public T Update<T>(Func<BudgetState, long, T> change, CancellationToken cancellationToken)
        {
            // One thread of this process at a time: the others would only spin on the file.
            lock (_inProcess)
            {
                using (FileStream file = OpenExclusive(cancellationToken))
                {
                    long now = _clock.Elapsed.Ticks;
                    BudgetState state = Read(file);
                    Budget.Repair(state, now);
                    T result = change(state, now);
                    Write(file, BudgetFile.Write(state, Budget.Window));
                    return result;
                }
            }
        }

        /// <summary>Holds the file's lock until the returned stream is disposed (tests: a holder that dies).</summary>
        /// <remarks>
        /// Another holder keeps it for microseconds, so the wait spins rather than awaits; only a stopped
        /// process holds it longer, and then cancellation ends the wait before HeldTooLong does.
        /// </remarks>
        internal FileStream OpenExclusive(CancellationToken cancellationToken = default)
        {
            if (_lockingDisabled)
            {
                // Without the lock every process would open the file at once and overwrite the others' bookings.
                throw new BudgetStoreException("file locking is turned off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking)");
            }
            var held = Stopwatch.StartNew();
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    if (!_folderMade)
                    {
                        // The file's path is always a full path in a folder (MachineBudgetFolder.FileFor).
                        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                        _folderMade = true;
                    }
                    return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException e) when (FileLocks.IsHeldByAnother(e) && held.Elapsed < HeldTooLong)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (attempt < 10)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.Sleep(1);
                    }
                }
                catch (IOException e) when (FileLocks.IsHeldByAnother(e))
                {
                    throw new BudgetStoreException("another process has held it for more than " + HeldTooLong.TotalSeconds + " s", e);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException || e is NotSupportedException || e is ArgumentException)
                {
                    throw new BudgetStoreException("it cannot be opened for writing (" + e.Message + ")", e);
                }
            }
        }

        private BudgetState Read(FileStream file)
        {
            try
            {
                var bytes = new byte[Math.Min(file.Length, BudgetFile.Length(Budget.Limit) + 1)];
                int read = 0;
                while (read < bytes.Length)
                {
                    int count = file.Read(bytes, read, bytes.Length - read);
                    if (count == 0)
                    {
                        break;
                    }
                    read += count;
                }
                if (read != bytes.Length)
                {
                    Array.Resize(ref bytes, read);
                }
                return BudgetFile.Read(bytes, Budget.Limit, Budget.Window);
            }
            catch (InvalidDataException e)
            {
                throw new BudgetStoreException("it is corrupt: " + e.Message, e);
            }
            catch (IOException e)
            {
                throw new BudgetStoreException("it cannot be read (" + e.Message + ")", e);
            }
        }

        private static void Write(FileStream file, byte[] bytes)
        {
            try
            {
                file.Position = 0;
                file.Write(bytes, 0, bytes.Length);
                if (file.Length != bytes.Length)
                {
                    file.SetLength(bytes.Length);
                }
                file.Flush();
            }
            catch (IOException e)
            {
                throw new BudgetStoreException("it cannot be written (" + e.Message + ")", e);
            }
        }
    }
}
