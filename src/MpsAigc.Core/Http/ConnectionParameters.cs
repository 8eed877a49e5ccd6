using System;
using System.Net;
using MpsAigc.Credentials;

namespace MpsAigc.Http
{
    /// <summary>
    /// The connection settings of one command, or of a session's defaults: null is "not given". A command's
    /// own are filled from its session's defaults with <see cref="ConnectionDefaults.Fill"/>.
    /// </summary>
    public sealed class ConnectionParameters
    {
        public Uri? Endpoint { get; set; }

        public string? Region { get; set; }

        /// <summary>SecretId and SecretKey as given (-Credential), checked only when a command uses them.</summary>
        public NetworkCredential? Credential { get; set; }

        public string? SessionToken { get; set; }

        public string? ProfileName { get; set; }

        public string? RoleArn { get; set; }

        public string? RoleSessionName { get; set; }

        /// <summary>How long assumed keys live (STS DurationSeconds); 7200 when not set.</summary>
        public int? RoleDurationSeconds { get; set; }

        /// <summary>Where STS is asked (for example sts.internal.tencentcloudapi.com inside a VPC).</summary>
        public Uri? StsEndpoint { get; set; }

        public int? MaxRequestsPerSecond { get; set; }

        public RateLimitScope? RateLimitScope { get; set; }

        /// <summary>The journal of creates (a full path, resolved when it was given); a session default only.</summary>
        public string? JournalPath { get; set; }

        /// <summary>What the credential chain is asked for.</summary>
        /// <param name="credentialSource">Where -Credential came from, as a message names it.</param>
        /// <exception cref="CredentialException">IncompleteCredentials for an empty SecretId or SecretKey.</exception>
        public CredentialRequest CredentialRequest(string credentialSource)
        {
            return new CredentialRequest
            {
                Explicit = Credential == null ? null : new TencentCredential(Credential.UserName, Credential.Password, SessionToken, credentialSource),
                ProfileName = ProfileName,
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                RoleDurationSeconds = RoleDurationSeconds,
                StsEndpoint = StsEndpoint,
                Region = Region,
            };
        }

        internal ConnectionParameters Copy()
        {
            return (ConnectionParameters)MemberwiseClone();
        }
    }
}
