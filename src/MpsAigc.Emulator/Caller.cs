namespace MpsAigc.Emulator
{
    /// <summary>Who signed an authentic request.</summary>
    internal sealed class Caller
    {
        public string SecretId { get; private init; }

        /// <summary>One of <see cref="CredentialKind"/>.</summary>
        public string Kind { get; private init; }

        /// <summary>
        /// What the rate limit counts against: a permanent key's SecretId; a temporary key's account, so that
        /// renewing a key does not renew the budget.
        /// </summary>
        public string RateLimitKey { get; private init; }

        /// <summary>The temporary key that signed; null for a permanent one.</summary>
        public TemporaryCredential Temporary { get; private init; }

        public static Caller WithPermanentKey(string secretId)
        {
            return new Caller { SecretId = secretId, Kind = CredentialKind.Permanent, RateLimitKey = secretId };
        }

        public static Caller WithTemporaryKey(TemporaryCredential credential)
        {
            return new Caller { SecretId = credential.SecretId, Kind = credential.Kind, RateLimitKey = credential.AccountKey, Temporary = credential };
        }
    }
}
