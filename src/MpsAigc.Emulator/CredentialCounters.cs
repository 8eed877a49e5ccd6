using System.Collections.Generic;
using System.Linq;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// What happened around temporary keys: which kind of key signed each MPS call, what the STS and the metadata
    /// service were asked, and what was refused; so a test can see a client renew rather than guess it did.
    /// </summary>
    public sealed class CredentialCounters
    {
        private readonly object _lock = new object();
        private readonly Dictionary<string, long> _callsByKind = new Dictionary<string, long>();
        private readonly Dictionary<string, long> _stsCalls = new Dictionary<string, long>();
        private long _metadataCredentialRequests;
        private long _issued;
        private long _expiredTokenRefusals;
        private long _outageRefusals;

        /// <summary>An MPS API call that passed authentication, by the kind of key that signed it.</summary>
        public void RecordApiCall(string kind)
        {
            lock (_lock)
            {
                _callsByKind.TryGetValue(kind, out long count);
                _callsByKind[kind] = count + 1;
            }
        }

        /// <summary>An STS call, answered successfully or not.</summary>
        public void RecordStsCall(string action)
        {
            lock (_lock)
            {
                _stsCalls.TryGetValue(action, out long count);
                _stsCalls[action] = count + 1;
            }
        }

        public void RecordMetadataCredentialRequest()
        {
            lock (_lock)
            {
                _metadataCredentialRequests++;
            }
        }

        public void RecordIssued()
        {
            lock (_lock)
            {
                _issued++;
            }
        }

        public void RecordExpiredTokenRefusal()
        {
            lock (_lock)
            {
                _expiredTokenRefusals++;
            }
        }

        public void RecordOutageRefusal()
        {
            lock (_lock)
            {
                _outageRefusals++;
            }
        }

        internal void CopyTo(EmulatorStats stats)
        {
            lock (_lock)
            {
                // Every kind and action is listed, at 0 when unseen, so scripts read a number rather than nothing.
                stats.CallsByCredentialKind = CredentialKind.All.ToDictionary(k => k, k => _callsByKind.TryGetValue(k, out long n) ? n : 0);
                stats.StsCalls = StsHandler.Actions.ToDictionary(a => a, a => _stsCalls.TryGetValue(a, out long n) ? n : 0);
                stats.MetadataCredentialRequests = _metadataCredentialRequests;
                stats.TemporaryCredentialsIssued = _issued;
                stats.ExpiredTokenRefusals = _expiredTokenRefusals;
                stats.CredentialOutageRefusals = _outageRefusals;
            }
        }

        internal void Reset()
        {
            lock (_lock)
            {
                _callsByKind.Clear();
                _stsCalls.Clear();
                _metadataCredentialRequests = 0;
                _issued = 0;
                _expiredTokenRefusals = 0;
                _outageRefusals = 0;
            }
        }
    }
}
