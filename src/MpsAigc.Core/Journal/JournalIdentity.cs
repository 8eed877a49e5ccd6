using System;
using System.Globalization;

namespace MpsAigc.Journal
{
    /// <summary>
    /// Which create an input is, in a journal: its -IdempotencyKey, or else its request together with its
    /// occurrence among identical requests of one command (the third identical row is occurrence 3), so ten
    /// identical rows are ten tasks and a rerun maps them to the same ten, in order.
    /// </summary>
    public readonly struct JournalIdentity : IEquatable<JournalIdentity>
    {
        private JournalIdentity(string? key, RequestHash request, int occurrence)
        {
            Key = key;
            Request = request;
            Occurrence = occurrence;
        }

        /// <summary>The -IdempotencyKey; null for an identity by request and occurrence.</summary>
        public string? Key { get; }

        /// <summary>The request: with a key, what the key was first used with (a key names one request).</summary>
        public RequestHash Request { get; }

        /// <summary>1 for the first of identical requests, 2 for the second...; 0 with a key.</summary>
        public int Occurrence { get; }

        public static JournalIdentity ByKey(string key, RequestHash request) => new JournalIdentity(key, request, 0);

        public static JournalIdentity ByRequest(RequestHash request, int occurrence)
        {
            if (occurrence < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(occurrence), "The first occurrence is 1.");
            }
            return new JournalIdentity(null, request, occurrence);
        }

        /// <summary>Same key (whatever the request: that is checked apart), or the same request and occurrence.</summary>
        public bool Equals(JournalIdentity other)
        {
            return Key != null
                ? string.Equals(Key, other.Key, StringComparison.Ordinal)
                : other.Key == null && Request.Equals(other.Request) && Occurrence == other.Occurrence;
        }

        public override bool Equals(object? obj) => obj is JournalIdentity other && Equals(other);

        public override int GetHashCode()
        {
            return Key != null ? StringComparer.Ordinal.GetHashCode(Key) : Request.GetHashCode() ^ (Occurrence * 397);
        }

        /// <summary>As a message names it: "key 'row-7'", or "identical request 3".</summary>
        public override string ToString()
        {
            return Key != null
                ? "idempotency key '" + Key + "'"
                : "identical request " + Occurrence.ToString(CultureInfo.InvariantCulture) + " of its command";
        }
    }
}
