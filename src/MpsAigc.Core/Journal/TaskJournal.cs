using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using MpsAigc.Common;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// One journal file, open: what it knows of each identity, and the appends that keep it. A journal open
    /// for writing holds <c>&lt;file&gt;.lock</c> exclusively for as long as it is open (the operating system lets go
    /// when the process dies), so a second process gets JournalInUse at once rather than creating what this
    /// one does. In one process, commands share one open journal (<see cref="OpenJournals"/>); every change
    /// is made under one lock, and each line is on disk (fsync) before the change it records is acted on.
    /// </summary>
    public sealed class TaskJournal
    {
        /// <summary>An entry takes about 400 bytes of the file (its Sending and Created lines): the table is made that big at once.</summary>
        private const int FileBytesPerEntry = 400;

        private readonly object _lock = new object();
        private Dictionary<JournalIdentity, JournalEntry> _entries = new Dictionary<JournalIdentity, JournalEntry>();

        // Every entry of one endpoint and region shares one instance: a journal of 100,000 tasks has a few.
        private readonly Dictionary<string, Uri> _endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _regions = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly IClock _clock;
        private FileStream? _file;
        private FileStream? _lockFile;
        private bool _closed;

        private TaskJournal(string path, IClock clock)
        {
            Path = path;
            _clock = clock;
        }

        /// <summary>The full path of the file.</summary>
        public string Path { get; }

        /// <summary>Read for -WhatIf: nothing is locked, made or written.</summary>
        public bool IsReadOnly => _file == null;

        /// <summary>The identities the journal knows.</summary>
        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _entries.Count;
                }
            }
        }

        /// <summary>
        /// Opens the journal at <paramref name="path"/> (a full path) for writing, making it if it does not exist.
        /// Use <see cref="OpenJournals.Open"/>: in one process, the commands that use one journal share one open.
        /// </summary>
        /// <param name="log">Warnings: a last line cut short, file locking turned off.</param>
        /// <exception cref="MpsException">JournalInUse, NotAJournal, JournalTooNew, InvalidPath, JournalWriteFailed.</exception>
        internal static TaskJournal Open(string path, IMpsLog log, IClock clock)
        {
            var journal = new TaskJournal(path, clock);
            // The first line is checked before anything is made: no lock file beside a file that is no journal.
            journal.ReadExisting(headerOnly: true, log);
            try
            {
                journal._lockFile = OpenFile(path, () => new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
                if (FileLocks.LockingDisabled())
                {
                    log.Warning("File locking is turned off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), so the journal '" + path + "' is not locked: another process that uses it at the same time may create the same tasks again.");
                }
                journal._file = OpenFile(path, () => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, FileOptions.None));
                journal.Load(log);
                return journal;
            }
            catch
            {
                journal.Close();
                throw;
            }
        }

        /// <summary>The journal as it is now, for -WhatIf: an empty one when there is no file. Nothing is locked, made or written.</summary>
        /// <exception cref="MpsException">NotAJournal, JournalTooNew, InvalidPath.</exception>
        public static TaskJournal ReadOnly(string path, IMpsLog log, IClock clock)
        {
            var journal = new TaskJournal(path, clock);
            journal.ReadExisting(headerOnly: false, log);
            return journal;
        }

        /// <summary>
        /// What becomes of one input: its task when the journal has it; an error when it was sent without an
        /// answer (unless <paramref name="retryUnknown"/>) or its key names another request; the claim of a
        /// command of this process that is creating it now; or else a claim of its own, to send it.
        /// </summary>
        internal JournalDecision Decide(JournalUse owner, JournalIdentity identity, TaskKind kind, string label, bool retryUnknown)
        {
            lock (_lock)
            {
                if (_closed || owner.IsDisposed)
                {
                    return JournalDecision.Fail(Stopped(label));
                }
                if (_entries.TryGetValue(identity, out JournalEntry? entry))
                {
                    if (identity.Key != null && (!entry.Identity.Request.Equals(identity.Request) || entry.Kind != kind))
                    {
                        return JournalDecision.Fail(JournalErrors.KeyMismatch(Path, identity.Key, label, entry));
                    }
                    if (entry.Claim != null)
                    {
                        return JournalDecision.Await(entry.Claim);
                    }
                    if (entry.State == JournalEntry.States.Created)
                    {
                        return JournalDecision.Emit(TaskOf(entry));
                    }
                    if (entry.State == JournalEntry.States.Sent && !retryUnknown)
                    {
                        return JournalDecision.Fail(JournalErrors.Unknown(Path, label, entry));
                    }
                }
                else
                {
                    entry = new JournalEntry(identity, kind);
                    _entries.Add(identity, entry);
                }
                var claim = new JournalClaim(this, entry, owner, label, sendsAgain: entry.State == JournalEntry.States.Sent);
                entry.Claim = claim;
                owner.Track(claim);
                return JournalDecision.Send(claim);
            }
        }

        /// <summary>Before the create is sent: the Sending line, on disk.</summary>
        /// <exception cref="MpsException">JournalWriteFailed (nothing is sent), OperationStopped (the claim was given up).</exception>
        internal void RecordSending(JournalClaim claim)
        {
            lock (_lock)
            {
                if (claim.State != JournalClaim.States.Claimed)
                {
                    throw Stopped(claim.Label);
                }
                JournalEntry entry = claim.Entry;
                DateTimeOffset now = _clock.UtcNow;
                Append(JournalLines.Sending(entry, claim.Label, now), "so it was not sent");
                entry.State = JournalEntry.States.Sent;
                entry.AtTicks = now.UtcTicks;
                claim.State = JournalClaim.States.Sending;
            }
        }

        /// <summary>The answer: the TaskId, on disk, before the task goes down the pipeline.</summary>
        /// <exception cref="MpsException">JournalWriteFailed: the task exists, and the journal does not say so.</exception>
        internal void RecordCreated(JournalClaim claim, AigcTask task)
        {
            try
            {
                lock (_lock)
                {
                    JournalEntry entry = claim.Entry;
                    entry.State = JournalEntry.States.Created;
                    entry.TaskId = task.TaskId;
                    entry.AtTicks = task.QueriedAt.UtcTicks;
                    entry.Endpoint = Intern(_endpoints, Common.SafeUrl.Show(task.Endpoint), text => new Uri(text));
                    entry.Region = task.Region == null ? null : Intern(_regions, task.Region, text => text);
                    Append(JournalLines.Created(entry, claim.Label, task), "though task " + task.TaskId + " was created: a rerun will report it as OutcomeUnknown");
                }
            }
            finally
            {
                // The task exists: commands waiting for this identity have it, recorded or not.
                Settle(claim, JournalClaim.Settled.Created(task));
            }
        }

        /// <summary>The service refused the create, so nothing was created: a rerun may send it again.</summary>
        internal void RecordRefused(JournalClaim claim, MpsException error)
        {
            try
            {
                lock (_lock)
                {
                    claim.Entry.State = JournalEntry.States.Refused;
                    Append(JournalLines.Refused(claim.Entry, claim.Label, error.ErrorId, _clock.UtcNow), "(the create was refused: " + error.ErrorId + ")");
                }
            }
            finally
            {
                Settle(claim, JournalClaim.Settled.Failed(error));
            }
        }

        /// <summary>Sent, and no answer came (a broken connection, a stop): the Sending line stands, and it is unknown.</summary>
        internal void RecordUnanswered(JournalClaim claim)
        {
            JournalEntry entry = claim.Entry;
            Settle(claim, JournalClaim.Settled.Failed(JournalErrors.Unknown(Path, claim.Label, entry)));
        }

        /// <summary>A claim given up before anything was sent (-Confirm said no, the command stopped): as if it was never made.</summary>
        internal void Release(JournalClaim claim)
        {
            lock (_lock)
            {
                // Given up and done in one step: a RecordSending that comes after finds it done, never sends it.
                if (claim.State != JournalClaim.States.Claimed)
                {
                    return;
                }
                if (claim.Entry.State == JournalEntry.States.New)
                {
                    _entries.Remove(claim.Entry.Identity);
                }
                MarkDone(claim);
            }
            claim.Settle(JournalClaim.Settled.Released);
        }

        /// <summary>Lets go of the files; claims still open are released or left unknown by their own work.</summary>
        internal void Close()
        {
            lock (_lock)
            {
                _closed = true;
                _file?.Dispose();
                _file = null;
                _lockFile?.Dispose();
                _lockFile = null;
            }
        }

        private void Settle(JournalClaim claim, JournalClaim.Settled result)
        {
            lock (_lock)
            {
                if (!MarkDone(claim))
                {
                    return;
                }
            }
            // Outside the lock: waiters continue on their own threads.
            claim.Settle(result);
        }

        /// <summary>Ends the claim, under the lock; false when it had ended already.</summary>
        private bool MarkDone(JournalClaim claim)
        {
            if (claim.State == JournalClaim.States.Done)
            {
                return false;
            }
            claim.State = JournalClaim.States.Done;
            if (claim.Entry.Claim == claim)
            {
                claim.Entry.Claim = null;
            }
            claim.Owner.Untrack(claim);
            return true;
        }

        /// <summary>One line, on disk before this returns; under the lock.</summary>
        private void Append(byte[] line, string consequence)
        {
            if (_file == null && !_closed)
            {
                throw new InvalidOperationException("A journal read for -WhatIf is never written.");
            }
            if (_file == null)
            {
                // Its last command ended (stopped) while this create was still on its way.
                throw new MpsException(ErrorIds.JournalWriteFailed, MpsErrorKind.InvalidOperation, "The journal '" + Path + "' was closed when its command stopped, " + consequence + ".");
            }
            long end = _file.Position;
            try
            {
                _file.Write(line, 0, line.Length);
                _file.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Whatever part of the line reached the file goes: the next line must not be glued onto it (a
                // broken line before the last would make the whole file unreadable). If even that fails, the
                // journal writes no more: every later line fails as this one did.
                try
                {
                    _file.SetLength(end);
                    _file.Position = end;
                }
                catch (Exception undo) when (undo is IOException || undo is UnauthorizedAccessException)
                {
                    _file.Dispose();
                    _file = null;
                    _closed = true;
                }
                throw new MpsException(ErrorIds.JournalWriteFailed, MpsErrorKind.InvalidOperation, "The journal '" + Path + "' could not be written (" + e.Message + "), " + consequence + ".", e);
            }
        }

        /// <summary>Reads the file (if there is one) without locking it; <paramref name="headerOnly"/>: its first line only.</summary>
        private void ReadExisting(bool headerOnly, IMpsLog log)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (FileNotFoundException)
            {
                return;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException)
            {
                throw Unusable(Path, e);
            }
            using (stream)
            {
                if (!headerOnly)
                {
                    Presize(stream.Length);
                }
                JournalFileReader.Content content = JournalFileReader.Read(stream, Path, headerOnly ? null : Apply);
                if (!headerOnly && content.TornAt != null)
                {
                    log.Warning(TornWarning(content.TornAt.Value, stream.Length) + " (not removed: -WhatIf writes nothing).");
                }
            }
        }

        /// <summary>Under the file's lock: reads it, removes a last line cut short, and makes it end where the next line begins.</summary>
        private void Load(IMpsLog log)
        {
            FileStream file = _file!;
            JournalFileReader.Content content;
            try
            {
                Presize(file.Length);
                content = JournalFileReader.Read(file, Path, Apply);
                if (content.TornAt != null)
                {
                    // A line cut short records nothing: a cut Sending line's create was never sent (the line is on
                    // disk before it is); a cut Created or Refused line leaves its Sending line standing, so that
                    // create is reported as OutcomeUnknown. Removed, so the next line does not join it.
                    log.Warning(TornWarning(content.TornAt.Value, file.Length) + "; it is removed.");
                    file.SetLength(content.TornAt.Value);
                }
                file.Seek(0, SeekOrigin.End);
                if (content.Empty)
                {
                    file.SetLength(0);
                    Append(JournalLines.Header(_clock.UtcNow), "so nothing was sent");
                }
                else if (content.EndsWithoutNewLine)
                {
                    Append(new[] { JournalLines.NewLine }, "so nothing was sent");
                }
                else if (content.TornAt != null)
                {
                    file.Flush(flushToDisk: true);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Unusable(Path, e);
            }
        }

        /// <summary>Before reading: a table that grows while 100,000 entries go in rehashes them several times.</summary>
        private void Presize(long fileLength)
        {
            _entries = new Dictionary<JournalIdentity, JournalEntry>((int)Math.Min(fileLength / FileBytesPerEntry, 10_000_000));
        }

        private string TornWarning(long tornAt, long length)
        {
            return "The last line of the journal '" + Path + "' was cut short (" + (length - tornAt) + " bytes at offset " + tornAt
                + ": a kill or a crash in the middle of a write); it is skipped, and every line before it holds";
        }

        /// <returns>False for a line whose endpoint is no URL: not a journal line after all.</returns>
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        private bool Apply(JournalRecord record)
        {
            Uri? endpoint = null;
            if (record.Endpoint != null && !_endpoints.TryGetValue(record.Endpoint, out endpoint))
            {
                if (!Uri.TryCreate(record.Endpoint, UriKind.Absolute, out endpoint))
                {
                    return false;
                }
                _endpoints.Add(record.Endpoint, endpoint);
            }
            if (!_entries.TryGetValue(record.Identity, out JournalEntry? entry))
            {
                entry = new JournalEntry(record.Identity, record.Kind);
                _entries.Add(record.Identity, entry);
            }
            else if (!entry.Identity.Request.Equals(record.Identity.Request) || entry.Kind != record.Kind)
            {
                // A key's first request is the one it names; this module never writes another under it.
                return true;
            }
            if (entry.State == JournalEntry.States.Created)
            {
                // A TaskId is never forgotten.
                return true;
            }
            entry.AtTicks = record.AtTicks;
            switch (record.Event)
            {
                case JournalLines.Events.Sending:
                    entry.State = JournalEntry.States.Sent;
                    break;
                case JournalLines.Events.Refused:
                    entry.State = JournalEntry.States.Refused;
                    break;
                default:
                    entry.State = JournalEntry.States.Created;
                    entry.TaskId = record.TaskId;
                    entry.Endpoint = endpoint;
                    entry.Region = record.Region == null ? null : Intern(_regions, record.Region, text => text);
                    break;
            }
            return true;
        }

        /// <summary>The task a Created entry stands for, as New emitted it then: see about_MpsAigc for what it carries.</summary>
        private static AigcTask TaskOf(JournalEntry entry)
        {
            // Created entries always have both (JournalLines.TryParse and RecordCreated see to it).
            string taskId = entry.TaskId!;
            Uri endpoint = entry.Endpoint!;
            return entry.Kind.Created(taskId, null, entry.At, endpoint, entry.Region);
        }

        private static T Intern<T>(Dictionary<string, T> table, string text, Func<string, T> make)
        {
            if (!table.TryGetValue(text, out T? value))
            {
                value = make(text);
                table.Add(text, value);
            }
            return value;
        }

        /// <summary>Opens one of the journal's files; a failure is an error the user can act on (JournalInUse: another process holds it).</summary>
        private static FileStream OpenFile(string path, Func<FileStream> open)
        {
            try
            {
                return open();
            }
            catch (IOException e) when (FileLocks.IsHeldByAnother(e))
            {
                throw new MpsException(
                    ErrorIds.JournalInUse,
                    MpsErrorKind.InvalidOperation,
                    "The journal '" + path + "' is in use by another process, which is creating tasks with it now. Run this again when that one has ended; "
                    + "runs that may overlap (a schedule that starts one before the last has ended) each need a journal of their own.",
                    e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException || e is NotSupportedException || e is ArgumentException)
            {
                throw Unusable(path, e);
            }
        }

        private static MpsException Unusable(string path, Exception e)
        {
            return new MpsException(ErrorIds.InvalidPath, MpsErrorKind.InvalidArgument, "The journal '" + path + "' cannot be used: " + e.Message, e);
        }

        private static MpsException Stopped(string label)
        {
            return new MpsException(ErrorIds.OperationStopped, MpsErrorKind.InvalidOperation, "The create of '" + label + "' was stopped before it was sent.");
        }
    }
}
