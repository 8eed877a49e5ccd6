using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// The credential chain, first hit wins:
    /// 1. -Credential (with -SessionToken), or -ProfileName (which must exist: never another account);
    /// 2. TENCENTCLOUD_SECRET_ID/_KEY (+ _SESSION_TOKEN or TENCENTCLOUD_TOKEN), assuming TENCENTCLOUD_ROLE_ARN when set;
    /// 3. TKE OIDC (TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN);
    /// 4. the [default] profile: ~/.tencentcloud/credentials, /etc/tencentcloud/credentials, ~/.tccli/default.credential;
    /// 5. the CVM instance role, from the metadata service.
    /// OIDC comes before the profile and the instance role: in a TKE pod the node's role is reachable too,
    /// and the pod's own must win. -RoleArn assumes a role on top of whichever base was found.
    /// </summary>
    public sealed class CredentialResolver
    {
        public const string SecretIdVariable = "TENCENTCLOUD_SECRET_ID";
        public const string SecretKeyVariable = "TENCENTCLOUD_SECRET_KEY";
        public const string SessionTokenVariable = "TENCENTCLOUD_SESSION_TOKEN";
        public const string TccliTokenVariable = "TENCENTCLOUD_TOKEN";
        public const string RoleArnVariable = "TENCENTCLOUD_ROLE_ARN";
        public const string RoleSessionNameVariable = "TENCENTCLOUD_ROLE_SESSION_NAME";
        public const string CredentialsFileVariable = "TENCENTCLOUD_CREDENTIALS_FILE";
        public const string TkeRegionVariable = "TKE_REGION";
        public const string TkeProviderIdVariable = "TKE_PROVIDER_ID";
        public const string TkeTokenFileVariable = "TKE_WEB_IDENTITY_TOKEN_FILE";
        public const string TkeRoleArnVariable = "TKE_ROLE_ARN";
        public const string StsEndpointVariable = "MPSAIGC_STS_ENDPOINT";
        public const string MetadataEndpointVariable = "MPSAIGC_METADATA_ENDPOINT";
        public const string DefaultProfile = "default";

        private readonly Func<string, string?> _getEnvironment;
        private readonly ProfileFiles _profiles;
        private readonly RoleSources _roles;
        private readonly CredentialServices _services;

        public CredentialResolver()
            : this(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ProfileFiles.SystemFile, CredentialServices.Default)
        {
        }

        /// <param name="systemCredentialsFile">/etc/tencentcloud/credentials, or null where there is none (Windows, tests).</param>
        public CredentialResolver(Func<string, string?> getEnvironment, string? homeDirectory, string? systemCredentialsFile, CredentialServices services)
        {
            _getEnvironment = getEnvironment;
            _services = services;
            _profiles = new ProfileFiles(UserCredentialsFile(getEnvironment, homeDirectory), systemCredentialsFile, Path.Combine(homeDirectory ?? string.Empty, ".tccli"));
            _roles = new RoleSources(services);
        }

        /// <summary>The file the SDKs read; TENCENTCLOUD_CREDENTIALS_FILE moves it, as in the Go SDK.</summary>
        public string CredentialsFilePath => _profiles.UserFile;

        /// <summary>The sections of <see cref="CredentialsFilePath"/>, sorted, for completion; none when it cannot be read.</summary>
        public string[] ProfileNames()
        {
            string path = CredentialsFilePath;
            try
            {
                return File.Exists(path) ? ProfileFile.Parse(File.ReadAllText(path), path).Keys.OrderBy(k => k).ToArray() : new string[0];
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is MpsException)
            {
                return new string[0];
            }
        }

        public async Task<CredentialSource> ResolveAsync(CredentialRequest request, CancellationToken cancellationToken)
        {
            string? roleArn = request.RoleArn;
            bool roleGiven = !Strings.IsNullOrEmpty(roleArn);
            Uri sts = StsEndpoint(request);
            CredentialSource found;
            if (request.Explicit != null)
            {
                found = CredentialSource.Fixed(request.Explicit, "Parameter (-Credential)");
            }
            else if (!Strings.IsNullOrEmpty(request.ProfileName))
            {
                // A required profile (and the CVM role it may name) is found or throws, so NoCredentials is never reached.
                found = await FromProfileAsync(_profiles.Find(request.ProfileName, required: true), request, sts, roleGiven, cancellationToken).ConfigureAwait(false)
                    ?? throw NoCredentials();
            }
            else
            {
                found = FromEnvironment(request, sts, roleGiven)
                    ?? FromTkeOidc(sts)
                    ?? await FromProfileAsync(_profiles.Find(DefaultProfile, required: false), request, sts, roleGiven, cancellationToken).ConfigureAwait(false)
                    ?? await CvmRoleAsync(required: false, cancellationToken).ConfigureAwait(false)
                    ?? throw NoCredentials();
            }
            return Strings.IsNullOrEmpty(roleArn)
                ? found
                : AssumeRole(found, roleArn, request.RoleSessionName, request, sts);
        }

        private async Task<CredentialSource?> FromProfileAsync(ProfileEntry? profile, CredentialRequest request, Uri sts, bool roleGiven, CancellationToken cancellationToken)
        {
            if (profile == null)
            {
                return null;
            }
            if (profile.UsesCvmRole)
            {
                return await CvmRoleAsync(required: true, cancellationToken).ConfigureAwait(false);
            }
            CredentialSource keys = CredentialSource.Fixed(profile.Keys, profile.Name);
            return roleGiven || Strings.IsNullOrEmpty(profile.RoleArn)
                ? keys
                : AssumeRole(keys, profile.RoleArn, profile.RoleSessionName, request, sts);
        }

        private CredentialSource? FromEnvironment(CredentialRequest request, Uri sts, bool roleGiven)
        {
            string? id = _getEnvironment(SecretIdVariable);
            string? key = _getEnvironment(SecretKeyVariable);
            if (Strings.IsNullOrEmpty(id) && Strings.IsNullOrEmpty(key))
            {
                return null;
            }
            if (Strings.IsNullOrEmpty(id) || Strings.IsNullOrEmpty(key))
            {
                throw new CredentialException(
                    ErrorIds.IncompleteCredentials,
                    "Only one of " + SecretIdVariable + " and " + SecretKeyVariable + " is set; set both, or clear both to use another source.");
            }
            string? token = _getEnvironment(SessionTokenVariable);
            if (Strings.IsNullOrEmpty(token))
            {
                token = _getEnvironment(TccliTokenVariable);
            }
            CredentialSource keys = CredentialSource.Fixed(new TencentCredential(id, key, token, "the environment (" + SecretIdVariable + ")"), "Environment");
            string? roleArn = _getEnvironment(RoleArnVariable);
            if (roleGiven || Strings.IsNullOrEmpty(roleArn))
            {
                return keys;
            }
            return AssumeRole(keys, roleArn, _getEnvironment(RoleSessionNameVariable), request, sts);
        }

        private CredentialSource? FromTkeOidc(Uri sts)
        {
            string? region = _getEnvironment(TkeRegionVariable);
            string? providerId = _getEnvironment(TkeProviderIdVariable);
            string? tokenFile = _getEnvironment(TkeTokenFileVariable);
            string? roleArn = _getEnvironment(TkeRoleArnVariable);
            if (Strings.IsNullOrEmpty(region) || Strings.IsNullOrEmpty(providerId) || Strings.IsNullOrEmpty(tokenFile) || Strings.IsNullOrEmpty(roleArn))
            {
                // All four or nothing: TKE sets them together, and a partial set is not a pod with a role.
                return null;
            }
            return _roles.TkeOidc(region, providerId, tokenFile, roleArn, RoleSources.DefaultSessionName, RoleSources.DefaultDurationSeconds, sts);
        }

        private CredentialSource AssumeRole(CredentialSource baseSource, string roleArn, string? sessionName, CredentialRequest request, Uri sts)
        {
            int duration = RoleSources.CheckDuration(request.RoleDurationSeconds, "-RoleDurationSeconds");
            return _roles.AssumeRole(
                baseSource,
                roleArn.Trim(),
                Strings.IsNullOrEmpty(sessionName) ? (Strings.IsNullOrEmpty(request.RoleSessionName) ? RoleSources.DefaultSessionName : request.RoleSessionName) : sessionName,
                duration,
                sts,
                request.Region);
        }

        /// <returns>The instance role, or null when there is none and it is not <paramref name="required"/>.</returns>
        private async Task<CredentialSource?> CvmRoleAsync(bool required, CancellationToken cancellationToken)
        {
            var metadata = new InstanceMetadataClient(EndpointFrom(MetadataEndpointVariable), _services.Clock, _services.MetadataHandler);
            string? role = await metadata.FindRoleAsync(cancellationToken).ConfigureAwait(false);
            if (role == null)
            {
                if (required)
                {
                    throw new CredentialException(ErrorIds.NoCredentials, "The profile asks for the CVM instance role, but the metadata service at " + metadata.Endpoint + " gave no role: this is not a CVM instance with a role.");
                }
                return null;
            }
            return _roles.CvmRole(metadata, role);
        }

        private Uri StsEndpoint(CredentialRequest request)
        {
            return request.StsEndpoint ?? EndpointFrom(StsEndpointVariable) ?? StsClient.DefaultEndpoint;
        }

        private Uri? EndpointFrom(string variable)
        {
            string? value = _getEnvironment(variable);
            if (Strings.IsNullOrEmpty(value))
            {
                return null;
            }
            if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? endpoint))
            {
                throw new CredentialException(ErrorIds.InvalidEndpoint, variable + " is not an absolute URL: '" + value + "'.");
            }
            return endpoint;
        }

        private CredentialException NoCredentials()
        {
            return new CredentialException(
                ErrorIds.NoCredentials,
                "No Tencent Cloud credentials were found. Supply them in one of these ways: "
                + "1) -Credential (user name = SecretId, password = SecretKey; -SessionToken for temporary keys), or -ProfileName; "
                + "2) the environment variables " + SecretIdVariable + " and " + SecretKeyVariable
                + " (and " + SessionTokenVariable + "; " + RoleArnVariable + " to assume a role with them); "
                + "3) in a TKE pod, " + TkeRegionVariable + ", " + TkeProviderIdVariable + ", " + TkeTokenFileVariable + " and " + TkeRoleArnVariable + "; "
                + "4) the profile file " + CredentialsFilePath + " with secret_id and secret_key under [default] (or tccli's ~/.tccli/default.credential); "
                + "5) on a CVM instance, a role bound to the instance.");
        }

        private static string UserCredentialsFile(Func<string, string?> getEnvironment, string? homeDirectory)
        {
            string? moved = getEnvironment(CredentialsFileVariable);
            return !Strings.IsNullOrEmpty(moved) ? moved : Path.Combine(homeDirectory ?? string.Empty, ".tencentcloud", "credentials");
        }
    }
}
