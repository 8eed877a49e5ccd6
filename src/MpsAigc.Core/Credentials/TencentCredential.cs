using System;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// A SecretId/SecretKey pair with an optional session token, and where it came from. ToString never
    /// shows the key or the token, so a credential that ends up in a log or an error text leaks nothing.
    /// </summary>
    public sealed class TencentCredential
    {
        public TencentCredential(string secretId, string secretKey, string sessionToken, string source)
        {
            if (string.IsNullOrWhiteSpace(secretId))
            {
                throw new CredentialException("IncompleteCredentials", "The SecretId from " + source + " is empty.");
            }
            if (string.IsNullOrEmpty(secretKey))
            {
                throw new CredentialException("IncompleteCredentials", "The SecretKey from " + source + " is empty.");
            }
            SecretId = secretId.Trim();
            SecretKey = secretKey;
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            Source = source;
        }

        public string SecretId { get; }

        public string SecretKey { get; }

        public string SessionToken { get; }

        /// <summary>Where the credential was found, e.g. "the -Credential parameter".</summary>
        public string Source { get; }

        public override string ToString()
        {
            return "SecretId " + SecretId + (SessionToken == null ? string.Empty : " (with session token)") + " from " + Source;
        }
    }
}
