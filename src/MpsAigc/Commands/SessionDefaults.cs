using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MpsAigc.Credentials;
using MpsAigc.Http;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection settings Set-MpsAigcDefault gives for the rest of the session (this runspace): each
    /// applies where a command's own parameter, or $PSDefaultParameterValues, gives none. Kept in memory
    /// only; the credential is never shown.
    /// </summary>
    /// <remarks>
    /// Nothing changes an instance once it is published: Set-MpsAigcDefault fills a new one and swaps it in,
    /// and Get-MpsAigcDefault fills a copy. So a command that took the defaults when it started sees all of
    /// one Set or none of it, and an -AsJob job keeps what they were then.
    /// </remarks>
    public sealed class SessionDefaults
    {
        // Keyed by runspace, not a static value: ForEach-Object -Parallel, thread jobs and hosts with several
        // runspaces share this process, and one runspace's Set must not redirect another's commands. Weak, so
        // a closed runspace's credential goes with it.
        private static readonly ConditionalWeakTable<Runspace, Published> ByRunspace = new ConditionalWeakTable<Runspace, Published>();

        private static readonly SessionDefaults None = new SessionDefaults();

        public Uri? Endpoint { get; internal set; }

        public string? Region { get; internal set; }

        public string? ProfileName { get; internal set; }

        public int? MaxRequestsPerSecond { get; internal set; }

        /// <summary>
        /// Set-MpsAigcDefault's scope of the request budgets; null when not set. Get-MpsAigcDefault fills it
        /// with the scope commands use now (the default's, else MPSAIGC_RATE_LIMIT_SCOPE's, else Machine).
        /// </summary>
        public RateLimitScope? RateLimitScope { get; internal set; }

        /// <summary>A role every command assumes with the keys the chain finds.</summary>
        public string? RoleArn { get; internal set; }

        public string? RoleSessionName { get; internal set; }

        /// <summary>How long assumed keys live (STS DurationSeconds); 7200 when not set.</summary>
        public int? RoleDurationSeconds { get; internal set; }

        /// <summary>Where STS is asked (for example sts.internal.tencentcloudapi.com inside a VPC).</summary>
        public Uri? StsEndpoint { get; internal set; }

        /// <summary>
        /// Get-MpsAigcDefault only: the credential source the chain picks now (Environment, Profile 'x',
        /// AssumeRole arn, TkeOidc arn, CvmRole name), or None with the reason.
        /// </summary>
        public string? CredentialSource { get; internal set; }

        /// <summary>Get-MpsAigcDefault only: when the current temporary keys expire; empty for keys that do not.</summary>
        public DateTimeOffset? CredentialExpiration { get; internal set; }

        /// <summary>The SecretId of the default credential; the key stays inside.</summary>
        public string? SecretId => Credential?.UserName;

        public bool HasSessionToken => SessionToken != null;

        internal PSCredential? Credential { get; set; }

        internal string? SessionToken { get; set; }

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

        /// <summary>
        /// The defaults of the runspace whose pipeline runs on this thread. Read them on a command's pipeline
        /// thread (BeginProcessing, EndProcessing): on a job's thread DefaultRunspace is empty or not the command's.
        /// </summary>
        internal static SessionDefaults OfThisRunspace()
        {
            Runspace runspace = Runspace.DefaultRunspace;
            return runspace != null && ByRunspace.TryGetValue(runspace, out Published? published) ? published.Defaults : None;
        }

        /// <summary>Makes <paramref name="defaults"/> those of this thread's runspace; it must not change after.</summary>
        internal static void Publish(SessionDefaults defaults)
        {
            ByRunspace.GetValue(Runspace.DefaultRunspace, _ => new Published()).Defaults = defaults;
        }

        /// <summary>The slot of one runspace: ConditionalWeakTable cannot replace a value on netstandard2.0.</summary>
        private sealed class Published
        {
            private volatile SessionDefaults _defaults = None;

            public SessionDefaults Defaults
            {
                get => _defaults;
                set => _defaults = value;
            }
        }
    }
}
