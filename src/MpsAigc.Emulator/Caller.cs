namespace MpsAigc.Emulator
{
    /// <summary>Who signed an authentic request.</summary>
    internal sealed class Caller
    {
        private Caller(string secretId, string kind, string rateLimitKey, TemporaryCredential? temporary)
        {
            SecretId = secretId;
            Kind = kind;
            RateLimitKey = rateLimitKey;
            Temporary = temporary;
        }

        public string SecretId { get; }

        /// <summary>One of <see cref="CredentialKind"/>.</summary>
        public string Kind { get; }

        /// <summary>
        /// What the rate limit counts against: a permanent key's SecretId; a temporary key's account, so that
        /// renewing a key does not renew the budget.
        /// </summary>
        public string RateLimitKey { get; }

        /// <summary>The temporary key that signed; null for a permanent one.</summary>
        public TemporaryCredential? Temporary { get; }

        public static Caller WithPermanentKey(string secretId)
        {
            return new Caller(secretId, CredentialKind.Permanent, secretId, null);
        }

        public static Caller WithTemporaryKey(TemporaryCredential credential)
        {
            return new Caller(credential.SecretId, credential.Kind, credential.AccountKey, credential);
        }
    }
}
