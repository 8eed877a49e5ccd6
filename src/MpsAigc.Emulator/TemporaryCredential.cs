using System;
using System.Globalization;

namespace MpsAigc.Emulator
{
    /// <summary>One temporary key as the STS or the metadata service issued it.</summary>
    internal sealed class TemporaryCredential
    {
        public required string SecretId { get; init; }

        public required string SecretKey { get; init; }

        public required string Token { get; init; }

        /// <summary>One of <see cref="CredentialKind"/>, never Permanent.</summary>
        public required string Kind { get; init; }

        /// <summary>
        /// What the key acts for: the role ARN for the STS kinds, "cvm-role:NAME" for the metadata service. Renewals
        /// share it, so it is what the rate limit counts against.
        /// </summary>
        public required string AccountKey { get; init; }

        /// <summary>The RoleSessionName it was asked with; the metadata service's own name for CVM keys.</summary>
        public required string SessionName { get; init; }

        /// <summary>Unix seconds.</summary>
        public long IssuedAt { get; init; }

        /// <summary>Unix seconds, as STS's ExpiredTime: the key is refused from this second on.</summary>
        public long ExpiresAt { get; init; }

        /// <summary>ExpiresAt as the services write Expiration: ISO 8601 UTC to the second.</summary>
        public string Expiration => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public bool HasExpired(DateTimeOffset now)
        {
            return now.ToUnixTimeSeconds() >= ExpiresAt;
        }
    }
}
