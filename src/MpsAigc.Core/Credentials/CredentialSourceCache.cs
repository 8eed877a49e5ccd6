using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// One renewing source per role, base key and endpoint for the whole process: every invocation and job
    /// that resolves the same chain shares its keys and its one renewal.
    /// </summary>
    public sealed class CredentialSourceCache
    {
        private readonly ConcurrentDictionary<string, CredentialSource> _sources = new ConcurrentDictionary<string, CredentialSource>(StringComparer.Ordinal);

        public CredentialSource GetOrAdd(string cacheKey, Func<string, CredentialSource> create)
        {
            return _sources.GetOrAdd(cacheKey, create);
        }

        /// <summary>The renewing sources used so far (Get-MpsAigcDefault shows them).</summary>
        public IReadOnlyList<CredentialSource> Sources => new List<CredentialSource>(_sources.Values);
    }
}
