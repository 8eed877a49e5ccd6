using System;

namespace MpsAigc.Configuration
{
    /// <summary>Which credential source the chain picks with some settings now, and when its current keys expire.</summary>
    public sealed class CredentialState
    {
        public CredentialState(string source, DateTimeOffset? expiration)
        {
            Source = source;
            Expiration = expiration;
        }

        /// <summary>Environment, Profile 'x', AssumeRole arn, TkeOidc arn, CvmRole name; or None with the ErrorId of why.</summary>
        public string Source { get; }

        /// <summary>Null for keys that do not expire, or when there are none.</summary>
        public DateTimeOffset? Expiration { get; }
    }
}
