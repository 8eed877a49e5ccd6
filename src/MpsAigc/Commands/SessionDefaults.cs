using System;
using MpsAigc.Configuration;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;

namespace MpsAigc.Commands
{
    /// <summary>
    /// What Get-MpsAigcDefault shows of a runspace's defaults: each setting Set-MpsAigcDefault takes, under its
    /// parameter's name, and the credential source the chain picks with them now. A default credential shows only
    /// its SecretId; the key stays inside the settings.
    /// </summary>
    public sealed class SessionDefaults
    {
        private readonly ConnectionSettings _settings;

        internal SessionDefaults(ConnectionSettings settings, RateLimitScope? rateLimitScope = null, string? credentialSource = null, DateTimeOffset? credentialExpiration = null)
        {
            _settings = settings;
            RateLimitScope = settings.RateLimitScope ?? rateLimitScope;
            CredentialSource = credentialSource;
            CredentialExpiration = credentialExpiration;
        }

        public Uri? Endpoint => _settings.Endpoint;

        public string? Region => _settings.Region;

        public string? ProfileName => _settings.ProfileName;

        public int? MaxRequestsPerSecond => _settings.MaxRequestsPerSecond;

        /// <summary>The default's scope; Get-MpsAigcDefault fills in the one commands use now (else MPSAIGC_RATE_LIMIT_SCOPE's, else Machine).</summary>
        public RateLimitScope? RateLimitScope { get; }

        /// <summary>A role every command assumes with the keys the chain finds.</summary>
        public string? RoleArn => _settings.RoleArn;

        public string? RoleSessionName => _settings.RoleSessionName;

        public int? RoleDurationSeconds => _settings.RoleDurationSeconds;

        public Uri? StsEndpoint => _settings.StsEndpoint;

        /// <summary>The journal every New-MpsAigc*Task of the session keeps its creates in, unless it gives its own -JournalPath.</summary>
        public string? JournalPath => _settings.JournalPath;

        /// <summary>The SecretId of the default credential; the key stays inside.</summary>
        public string? SecretId => _settings.Credential?.UserName;

        public bool HasSessionToken => _settings.SessionToken != null;

        /// <summary>
        /// Get-MpsAigcDefault only: the credential source the chain picks now (Environment, Profile 'x',
        /// AssumeRole arn, TkeOidc arn, CvmRole name), or None with the reason.
        /// </summary>
        public string? CredentialSource { get; }

        /// <summary>Get-MpsAigcDefault only: when the current temporary keys expire; empty for keys that do not.</summary>
        public DateTimeOffset? CredentialExpiration { get; }
    }
}
