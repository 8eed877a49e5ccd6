using System;
using System.Management.Automation;
using MpsAigc.Credentials;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection settings Set-MpsAigcDefault gives for the rest of the session (this process): each
    /// applies where a command's own parameter, or $PSDefaultParameterValues, gives none. Kept in memory
    /// only; the credential is never shown.
    /// </summary>
    public sealed class SessionDefaults
    {
        internal static SessionDefaults Current { get; set; } = new SessionDefaults();

        public Uri Endpoint { get; internal set; }

        public string Region { get; internal set; }

        public string ProfileName { get; internal set; }

        public int? MaxRequestsPerSecond { get; internal set; }

        /// <summary>A role every command assumes with the keys the chain finds.</summary>
        public string RoleArn { get; internal set; }

        public string RoleSessionName { get; internal set; }

        /// <summary>How long assumed keys live (STS DurationSeconds); 7200 when not set.</summary>
        public int? RoleDurationSeconds { get; internal set; }

        /// <summary>Where STS is asked (for example sts.internal.tencentcloudapi.com inside a VPC).</summary>
        public Uri StsEndpoint { get; internal set; }

        /// <summary>
        /// Get-MpsAigcDefault only: the credential source the chain picks now (Environment, Profile 'x',
        /// AssumeRole arn, TkeOidc arn, CvmRole name), or None with the reason.
        /// </summary>
        public string CredentialSource { get; internal set; }

        /// <summary>Get-MpsAigcDefault only: when the current temporary keys expire; empty for keys that do not.</summary>
        public DateTimeOffset? CredentialExpiration { get; internal set; }

        /// <summary>The SecretId of the default credential; the key stays inside.</summary>
        public string SecretId => Credential?.UserName;

        public bool HasSessionToken => SessionToken != null;

        internal PSCredential Credential { get; set; }

        internal string SessionToken { get; set; }

        /// <summary>What the credential chain is asked for when a command gives none of its own.</summary>
        internal CredentialRequest CredentialRequest()
        {
            return new CredentialRequest
            {
                Explicit = Credential == null ? null : new TencentCredential(Credential.UserName, Credential.GetNetworkCredential().Password, SessionToken, "the -Credential of Set-MpsAigcDefault"),
                ProfileName = ProfileName,
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                RoleDurationSeconds = RoleDurationSeconds,
                StsEndpoint = StsEndpoint,
                Region = Region,
            };
        }

        internal SessionDefaults Copy()
        {
            return (SessionDefaults)MemberwiseClone();
        }
    }
}
