using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Credentials;

namespace MpsAigc.Http
{
    /// <summary>
    /// The connection settings a session gives its commands (Set-MpsAigcDefault): each applies where a
    /// command's own parameter gives none. The credential is never shown, only its SecretId.
    /// </summary>
    /// <remarks>
    /// Nothing changes an instance: <see cref="With"/> and <see cref="Shown"/> make changed copies. So a
    /// command that took the defaults when it started sees all of one Set or none of it, and an -AsJob job
    /// keeps what they were then. The module's subclass keeps them per runspace.
    /// </remarks>
    public abstract class ConnectionDefaults
    {
        private ConnectionParameters _values = new ConnectionParameters();

        public Uri? Endpoint => _values.Endpoint;

        public string? Region => _values.Region;

        public string? ProfileName => _values.ProfileName;

        public int? MaxRequestsPerSecond => _values.MaxRequestsPerSecond;

        /// <summary>
        /// Set-MpsAigcDefault's scope of the request budgets; null when not set. Get-MpsAigcDefault fills it
        /// with the scope commands use now (the default's, else MPSAIGC_RATE_LIMIT_SCOPE's, else Machine).
        /// </summary>
        public RateLimitScope? RateLimitScope => _values.RateLimitScope;

        /// <summary>A role every command assumes with the keys the chain finds.</summary>
        public string? RoleArn => _values.RoleArn;

        public string? RoleSessionName => _values.RoleSessionName;

        public int? RoleDurationSeconds => _values.RoleDurationSeconds;

        public Uri? StsEndpoint => _values.StsEndpoint;

        /// <summary>The journal every New-MpsAigc*Task of the session keeps its creates in, unless it gives its own -JournalPath.</summary>
        public string? JournalPath => _values.JournalPath;

        /// <summary>
        /// Get-MpsAigcDefault only: the credential source the chain picks now (Environment, Profile 'x',
        /// AssumeRole arn, TkeOidc arn, CvmRole name), or None with the reason.
        /// </summary>
        public string? CredentialSource { get; private set; }

        /// <summary>Get-MpsAigcDefault only: when the current temporary keys expire; empty for keys that do not.</summary>
        public DateTimeOffset? CredentialExpiration { get; private set; }

        /// <summary>The SecretId of the default credential; the key stays inside.</summary>
        public string? SecretId => _values.Credential?.UserName;

        public bool HasSessionToken => _values.SessionToken != null;

        /// <summary>
        /// Set-MpsAigcDefault: a copy in which each setting <paramref name="given"/> names (by its property's
        /// name) takes its value from <paramref name="values"/>; an empty value forgets the setting.
        /// Endpoints are checked by the caller, which names the one that is wrong.
        /// </summary>
        /// <exception cref="MpsException">SessionTokenWithoutCredential.</exception>
        public ConnectionDefaults With(ConnectionParameters values, Func<string, bool> given)
        {
            ConnectionDefaults next = Copy();
            ConnectionParameters set = next._values;
            if (given(nameof(Endpoint)))
            {
                set.Endpoint = values.Endpoint;
            }
            if (given(nameof(StsEndpoint)))
            {
                set.StsEndpoint = values.StsEndpoint;
            }
            if (given(nameof(RoleArn)))
            {
                set.RoleArn = NullIfEmpty(values.RoleArn);
            }
            if (given(nameof(RoleSessionName)))
            {
                set.RoleSessionName = NullIfEmpty(values.RoleSessionName);
            }
            if (given(nameof(RoleDurationSeconds)))
            {
                set.RoleDurationSeconds = values.RoleDurationSeconds;
            }
            if (given(nameof(Region)))
            {
                set.Region = NullIfEmpty(values.Region);
            }
            if (given(nameof(ConnectionParameters.Credential)))
            {
                set.Credential = values.Credential;
                set.SessionToken = NullIfEmpty(values.SessionToken);
            }
            else if (given(nameof(ConnectionParameters.SessionToken)))
            {
                throw new MpsException(ErrorIds.SessionTokenWithoutCredential, MpsErrorKind.InvalidArgument, "-SessionToken belongs to the temporary keys given with -Credential; give -Credential too.");
            }
            if (given(nameof(ProfileName)))
            {
                set.ProfileName = NullIfEmpty(values.ProfileName);
            }
            if (given(nameof(MaxRequestsPerSecond)))
            {
                set.MaxRequestsPerSecond = values.MaxRequestsPerSecond;
            }
            if (given(nameof(RateLimitScope)))
            {
                set.RateLimitScope = values.RateLimitScope;
            }
            if (given(nameof(JournalPath)))
            {
                set.JournalPath = NullIfEmpty(values.JournalPath);
            }
            return next;
        }

        /// <summary>Get-MpsAigcDefault: a copy that also shows the scope commands use now and the credential source the chain picks.</summary>
        public ConnectionDefaults Shown(RateLimitScope? rateLimitScope, string credentialSource, DateTimeOffset? credentialExpiration)
        {
            ConnectionDefaults shown = Copy();
            shown._values.RateLimitScope = rateLimitScope;
            shown.CredentialSource = credentialSource;
            shown.CredentialExpiration = credentialExpiration;
            return shown;
        }

        /// <summary>
        /// Get-MpsAigcDefault: a copy that also shows <paramref name="rateLimitScope"/> and the credential source
        /// the chain picks now with these defaults, with the expiry of its current keys: temporary keys are fetched
        /// (or renewed) here, once for the process. Credentials that cannot be used show as None with their ErrorId.
        /// </summary>
        /// <param name="log">The source and its keys (never a secret) in debug; why none is usable in verbose.</param>
        public async Task<ConnectionDefaults> ShownNowAsync(RateLimitScope? rateLimitScope, CredentialResolver resolver, IMpsLog log, CancellationToken cancellationToken)
        {
            try
            {
                CredentialSource source = await resolver.ResolveAsync(CredentialRequest(), cancellationToken).ConfigureAwait(false);
                TencentCredential current = await source.GetAsync(NullLog.Instance, cancellationToken).ConfigureAwait(false);
                log.Debug("Credentials: " + current + " [" + source.Name + "].");
                return Shown(rateLimitScope, source.Name, current.Expiration);
            }
            catch (MpsException e)
            {
                log.Verbose("No usable credentials: " + e.Message);
                return Shown(rateLimitScope, "None (" + e.ErrorId + ")", null);
            }
        }

        /// <summary>What the credential chain is asked for when a command gives none of its own.</summary>
        public CredentialRequest CredentialRequest()
        {
            return _values.CredentialRequest("the -Credential of Set-MpsAigcDefault");
        }

        /// <summary>
        /// A command's connection settings: its own (null: not given), and these defaults where it gave none.
        /// A credential or a profile of its own replaces both of the defaults', and a role of its own the
        /// defaults' role and session name. The endpoint is checked and the rate limit scope chosen.
        /// </summary>
        /// <param name="takesDefaultRate">
        /// False for a command whose API has its own documented rate that a default (meant for queries) must
        /// not change: only the command's own rate does.
        /// </param>
        /// <exception cref="MpsException">InvalidEndpoint, InvalidRateLimitScope, SessionTokenWithoutCredential.</exception>
        public ConnectionParameters Fill(ConnectionParameters given, bool takesDefaultRate, Func<string, string?> getEnvironment)
        {
            bool defaultRole = given.RoleArn == null && RoleArn != null;
            var filled = new ConnectionParameters
            {
                Endpoint = MpsEndpoint.Validate(given.Endpoint ?? Endpoint ?? MpsEndpoint.Default),
                RateLimitScope = RateLimitScope ?? RateLimitScopes.FromEnvironment(getEnvironment),
                Region = given.Region ?? Region,
                MaxRequestsPerSecond = given.MaxRequestsPerSecond ?? (takesDefaultRate ? MaxRequestsPerSecond : null),
                RoleArn = given.RoleArn ?? RoleArn,
                RoleSessionName = given.RoleSessionName ?? (defaultRole ? RoleSessionName : null),
                RoleDurationSeconds = RoleDurationSeconds,
                StsEndpoint = StsEndpoint,
                Credential = given.Credential,
                SessionToken = given.SessionToken,
                ProfileName = given.ProfileName,
            };
            if (given.SessionToken != null && given.Credential == null)
            {
                // Checked before the defaults fill in: their keys would come with their own token, and the
                // command's would be dropped without a word.
                throw new CredentialException(ErrorIds.SessionTokenWithoutCredential, "-SessionToken belongs to the temporary SecretId and SecretKey given with -Credential; give -Credential too.");
            }
            if (given.Credential == null && given.ProfileName == null)
            {
                if (_values.Credential != null)
                {
                    filled.Credential = _values.Credential;
                    filled.SessionToken = _values.SessionToken;
                }
                else
                {
                    filled.ProfileName = ProfileName;
                }
            }
            return filled;
        }

        private static string? NullIfEmpty(string? value)
        {
            return string.IsNullOrEmpty(value) ? null : value;
        }

        private ConnectionDefaults Copy()
        {
            var copy = (ConnectionDefaults)MemberwiseClone();
            copy._values = _values.Copy();
            return copy;
        }
    }
}
