using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// Makes (or finds in the cache) the renewing sources of temporary keys: an assumed role, the TKE OIDC
    /// role and the CVM instance role. Each fetch is bounded in time by its client.
    /// </summary>
    internal sealed class RoleSources
    {
        public const int DefaultDurationSeconds = 7200;
        public const int MaxDurationSeconds = 43200;

        /// <summary>The same for the whole process, so that every invocation finds the same cached source.</summary>
        public static readonly string DefaultSessionName = "mpsaigc-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        private readonly CredentialServices _services;

        public RoleSources(CredentialServices services)
        {
            _services = services;
        }

        public CredentialSource AssumeRole(CredentialSource baseSource, string roleArn, string sessionName, int durationSeconds, Uri stsEndpoint, string? region)
        {
            var sts = new StsClient(stsEndpoint, _services.Clock, _services.StsHandler);
            string name = "AssumeRole " + roleArn;
            string key = Join("assume", baseSource.CacheKey, roleArn, sessionName, durationSeconds, sts.Endpoint, region);
            return _services.Cache.GetOrAdd(key, k => new RenewingCredentialSource(
                name,
                roleArn,
                k,
                cancellationToken => sts.AssumeRoleAsync(baseSource, roleArn, sessionName, durationSeconds, region, name, cancellationToken),
                _services.Clock));
        }

        public CredentialSource TkeOidc(string region, string providerId, string tokenFile, string roleArn, string sessionName, int durationSeconds, Uri stsEndpoint)
        {
            var sts = new StsClient(stsEndpoint, _services.Clock, _services.StsHandler);
            string name = "TkeOidc " + roleArn;
            string key = Join("oidc", region, providerId, tokenFile, roleArn, sessionName, durationSeconds, sts.Endpoint);
            return _services.Cache.GetOrAdd(key, k => new RenewingCredentialSource(
                name,
                roleArn,
                k,
                // Read at every renewal: the cluster rotates the token in the file.
                cancellationToken => sts.AssumeRoleWithWebIdentityAsync(providerId, ReadToken(tokenFile), roleArn, sessionName, durationSeconds, region, name, cancellationToken),
                _services.Clock));
        }

        public CredentialSource CvmRole(InstanceMetadataClient metadata, string role)
        {
            string name = "CvmRole " + role;
            string key = Join("cvm", metadata.Endpoint, role);
            return _services.Cache.GetOrAdd(key, k => new RenewingCredentialSource(
                name,
                "cvm-role:" + role,
                k,
                cancellationToken => metadata.GetCredentialAsync(role, name, cancellationToken),
                _services.Clock));
        }

        public static int CheckDuration(int? seconds, string from)
        {
            int value = seconds ?? DefaultDurationSeconds;
            if (value < 1 || value > MaxDurationSeconds)
            {
                throw new CredentialException(ErrorIds.InvalidRoleDuration, "The role duration " + value + " from " + from + " is out of range: STS gives keys for 1 to " + MaxDurationSeconds + " seconds (12 hours).");
            }
            return value;
        }


        private static string ReadToken(string path)
        {
            string token;
            try
            {
                token = File.ReadAllText(path).Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The message names the file, never its content.
                throw new MpsException(ErrorIds.WebIdentityTokenUnreadable, MpsErrorKind.InvalidOperation, "cannot read the web identity token file '" + path + "': " + e.Message);
            }
            if (token.Length == 0)
            {
                throw new MpsException(ErrorIds.WebIdentityTokenUnreadable, MpsErrorKind.InvalidOperation, "the web identity token file '" + path + "' is empty.");
            }
            return token;
        }

        private static string Join(params object?[] parts)
        {
            return string.Join("|", parts);
        }
    }
}
