using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MpsAigc.Http;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// One command's use of a journal: it numbers the command's identical requests in input order, keeps the
    /// claims the command made, and, when the command's work ends (however it ends), gives up the claims it
    /// never sent and lets go of the journal.
    /// </summary>
    public sealed class JournalUse : IDisposable
    {
        private readonly Action _release;
        private readonly object _lock = new object();
        private readonly Dictionary<RequestHash, int> _occurrences = new Dictionary<RequestHash, int>();
        private readonly HashSet<JournalClaim> _claims = new HashSet<JournalClaim>();
        private int _disposed;

        internal JournalUse(TaskJournal journal, Action release)
        {
            Journal = journal;
            _release = release;
        }

        public TaskJournal Journal { get; }

        /// <summary>For -WhatIf: the journal as it is now, read without a lock; nothing is made or written.</summary>
        /// <exception cref="MpsException">NotAJournal, JournalTooNew, InvalidPath.</exception>
        public static JournalUse ReadOnly(string path, IMpsLog log)
        {
            return new JournalUse(TaskJournal.ReadOnly(System.IO.Path.GetFullPath(path), log, SystemClock.Instance), () => { });
        }

        public string Path => Journal.Path;

        internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>
        /// On the pipeline thread, in input order: the input's identity (its key, or its request and the how-manieth
        /// identical request of this command it is), and what the journal makes of it.
        /// </summary>
        /// <param name="body">What the create sends (its identity is the kind and every field of it).</param>
        /// <param name="key">The -IdempotencyKey; null or empty for none.</param>
        /// <param name="label">What a person recognises the input by: see <see cref="JournalLabel"/>.</param>
        public JournalDecision Decide(TaskKind kind, byte[] body, string? key, string label, bool retryUnknown)
        {
            RequestHash request = CanonicalRequest.Hash(kind, body);
            JournalIdentity identity;
            if (Strings.IsNullOrEmpty(key))
            {
                int occurrence;
                lock (_lock)
                {
                    _occurrences.TryGetValue(request, out occurrence);
                    _occurrences[request] = ++occurrence;
                }
                identity = JournalIdentity.ByRequest(request, occurrence);
            }
            else
            {
                identity = JournalIdentity.ByKey(key, request);
            }
            return Journal.Decide(this, identity, kind, label, retryUnknown);
        }

        /// <summary>The command's work has ended: claims it never sent are given up, and the journal let go (closed with its last use).</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            JournalClaim[] open;
            lock (_lock)
            {
                open = _claims.ToArray();
            }
            // A claim being sent is settled by its own work, which always ends (a stop cancels it).
            foreach (JournalClaim claim in open)
            {
                claim.Release();
            }
            _release();
        }

        internal void Track(JournalClaim claim)
        {
            lock (_lock)
            {
                _claims.Add(claim);
            }
        }

        internal void Untrack(JournalClaim claim)
        {
            lock (_lock)
            {
                _claims.Remove(claim);
            }
        }
    }
}
