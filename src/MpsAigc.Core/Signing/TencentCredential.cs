using System;
using System.Globalization;

namespace MpsAigc.Signing
{
    /// <summary>
    /// A SecretId/SecretKey pair with an optional session token, where it came from, and (for temporary
    /// keys) when it expires. ToString never shows the key or the token, so a credential that ends up in a
    /// log or an error text leaks nothing.
    /// </summary>
    public sealed class TencentCredential
    {
        public TencentCredential(string secretId, string secretKey, string? sessionToken, string source, DateTimeOffset? expiration = null)
        {
            if (Strings.IsNullOrWhiteSpace(secretId))
            {
                throw new CredentialException(ErrorIds.IncompleteCredentials, "The SecretId from " + source + " is empty.");
            }
            if (Strings.IsNullOrEmpty(secretKey))
            {
                throw new CredentialException(ErrorIds.IncompleteCredentials, "The SecretKey from " + source + " is empty.");
            }
            SecretId = secretId.Trim();
            SecretKey = secretKey;
            SessionToken = Strings.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            Source = source;
            Expiration = expiration;
        }

        public string SecretId { get; }

        public string SecretKey { get; }

        /// <summary>Null for permanent keys.</summary>
        public string? SessionToken { get; }

        /// <summary>Where the credential was found, e.g. "the -Credential parameter".</summary>
        public string Source { get; }

        /// <summary>When temporary keys stop working; null for keys that do not expire (or whose end is unknown).</summary>
        public DateTimeOffset? Expiration { get; }

        public override string ToString()
        {
            return "SecretId " + SecretId + (SessionToken == null ? string.Empty : " (with session token)") + " from " + Source
                + (Expiration == null ? string.Empty : ", expiring " + Expiration.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        }
    }
}
