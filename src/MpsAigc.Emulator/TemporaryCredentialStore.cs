using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;

namespace MpsAigc.Emulator
{
    /// <summary>Issues temporary keys and finds them again when a request is signed with one.</summary>
    internal sealed class TemporaryCredentialStore
    {
        private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        // Expired keys are kept a while so that a late request hears "expired" rather than "no such SecretId";
        // beyond this many keys, the ones expired for an hour are forgotten.
        private const int PruneAbove = 10_000;

        private readonly ConcurrentDictionary<string, TemporaryCredential> _bySecretId = new ConcurrentDictionary<string, TemporaryCredential>(StringComparer.Ordinal);
        private readonly EmulatorOptions _options;
        private readonly RequestLog _log;

        public TemporaryCredentialStore(EmulatorOptions options, RequestLog log)
        {
            _options = options;
            _log = log;
        }

        /// <param name="requestedLifetime">What the caller asked for; --temp-credential-lifetime-seconds overrides it.</param>
        public TemporaryCredential Issue(string kind, string accountKey, string sessionName, TimeSpan requestedLifetime, DateTimeOffset now)
        {
            TimeSpan lifetime = _options.TempCredentialLifetime ?? requestedLifetime;
            var credential = new TemporaryCredential
            {
                SecretId = "AKID" + RandomNumberGenerator.GetString(Alphanumerics, 32),
                SecretKey = RandomNumberGenerator.GetString(Alphanumerics, 40),
                Token = RandomNumberGenerator.GetString(Alphanumerics, 128),
                Kind = kind,
                AccountKey = accountKey,
                SessionName = sessionName,
                IssuedAt = now.ToUnixTimeSeconds(),
                // Rounded up to a whole second, so a key lives at least its lifetime, never a fraction less.
                ExpiresAt = (long)Math.Ceiling((now + lifetime).ToUnixTimeMilliseconds() / 1000.0),
            };
            _bySecretId[credential.SecretId] = credential;
            _log.Credentials.RecordIssued();
            if (_bySecretId.Count > PruneAbove)
            {
                Prune(now);
            }
            return credential;
        }

        /// <returns>null when no temporary key has that SecretId.</returns>
        public TemporaryCredential? Find(string secretId)
        {
            return _bySecretId.TryGetValue(secretId, out TemporaryCredential? credential) ? credential : null;
        }

        private void Prune(DateTimeOffset now)
        {
            long forgetBefore = now.ToUnixTimeSeconds() - 3600;
            foreach (TemporaryCredential old in _bySecretId.Values.Where(c => c.ExpiresAt < forgetBefore).ToList())
            {
                _bySecretId.TryRemove(old.SecretId, out _);
            }
        }
    }
}
