using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// The security token service (sts, version 2018-08-13): AssumeRole, signed with a base credential,
    /// and AssumeRoleWithWebIdentity, unsigned, whose proof is the OIDC token in its body. Sent through
    /// MpsClient, so signing, retries of what is transient, timeouts and error shapes are the same.
    /// </summary>
    public sealed class StsClient
    {
        public const string Version = "2018-08-13";
        public const string Service = "sts";

        /// <summary>STS wants a region; any serves, as the keys it gives work in every region.</summary>
        public const string DefaultRegion = "ap-guangzhou";

        public static readonly Uri DefaultEndpoint = new Uri("https://sts.tencentcloudapi.com");

        private readonly Uri _endpoint;
        private readonly IClock _clock;
        private readonly HttpMessageHandler? _handler;

        private static readonly ApiAction AssumeRole = new ApiAction("AssumeRole");
        private static readonly ApiAction AssumeRoleWithWebIdentity = new ApiAction("AssumeRoleWithWebIdentity");

        public StsClient(Uri? endpoint, IClock clock, HttpMessageHandler? handler = null)
        {
            _endpoint = MpsEndpoint.Validate(endpoint ?? DefaultEndpoint);
            _clock = clock;
            _handler = handler;
        }

        public Uri Endpoint => _endpoint;

        public async Task<TencentCredential> AssumeRoleAsync(
            CredentialSource signer, string roleArn, string sessionName, int durationSeconds, string? region, string sourceName, CancellationToken cancellationToken)
        {
            byte[] body = MpsClient.JsonBody(w =>
            {
                w.WriteString("RoleArn", roleArn);
                w.WriteString("RoleSessionName", sessionName);
                w.WriteNumber("DurationSeconds", durationSeconds);
            });
            MpsResponse response = await Client(signer, region).InvokeAsync(AssumeRole, body, cancellationToken).ConfigureAwait(false);
            return Parse(response, sourceName);
        }

        public async Task<TencentCredential> AssumeRoleWithWebIdentityAsync(
            string providerId, string webIdentityToken, string roleArn, string sessionName, int durationSeconds, string? region, string sourceName, CancellationToken cancellationToken)
        {
            byte[] body = MpsClient.JsonBody(w =>
            {
                w.WriteString("ProviderId", providerId);
                w.WriteString("WebIdentityToken", webIdentityToken);
                w.WriteString("RoleArn", roleArn);
                w.WriteString("RoleSessionName", sessionName);
                w.WriteNumber("DurationSeconds", durationSeconds);
            });
            MpsResponse response = await Client(null, region).InvokeAsync(AssumeRoleWithWebIdentity, body, cancellationToken).ConfigureAwait(false);
            return Parse(response, sourceName);
        }

        private MpsClient Client(CredentialSource? signer, string? region)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = _endpoint,
                Region = Strings.IsNullOrEmpty(region) ? DefaultRegion : region,
                CredentialSource = signer,
                Unsigned = signer == null,
                Service = Service,
                Version = Version,
                // STS has its own, far larger budget; the account's MPS limiter must not count these.
                MaxRequestsPerSecond = 0,
                RequestTimeout = TimeSpan.FromSeconds(10),
                Clock = _clock,
                Handler = _handler,
            });
        }

        /// <summary>{"Credentials":{"Token","TmpSecretId","TmpSecretKey"},"ExpiredTime":unix seconds,"Expiration":"…Z"}.</summary>
        internal static TencentCredential Parse(MpsResponse response, string sourceName)
        {
            if (!response.Body.TryGetProperty("Credentials", out JsonElement credentials) || credentials.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("it has no Credentials object");
            }
            string? id = StringOf(credentials, "TmpSecretId");
            string? key = StringOf(credentials, "TmpSecretKey");
            string? token = StringOf(credentials, "Token");
            if (Strings.IsNullOrEmpty(id) || Strings.IsNullOrEmpty(key) || Strings.IsNullOrEmpty(token))
            {
                throw Invalid("Credentials lacks TmpSecretId, TmpSecretKey or Token");
            }
            return new TencentCredential(id, key, token, sourceName, ExpirationOf(response.Body) ?? throw Invalid("it has neither ExpiredTime nor Expiration"));
        }

        /// <summary>ExpiredTime (Unix seconds), else Expiration (ISO 8601): STS and the metadata service write both.</summary>
        internal static DateTimeOffset? ExpirationOf(JsonElement answer)
        {
            // Out of DateTimeOffset's range is as good as absent (FromUnixTimeSeconds would throw).
            if (answer.TryGetProperty("ExpiredTime", out JsonElement seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt64(out long unix)
                && unix >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && unix <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return DateTimeOffset.FromUnixTimeSeconds(unix);
            }
            string? iso = StringOf(answer, "Expiration");
            if (iso != null && DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
            {
                return parsed;
            }
            return null;
        }

        /// <returns>The string, or null when the property is absent or not a string.</returns>
        internal static string? StringOf(JsonElement element, string name)
        {
            return element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }

        private static MpsException Invalid(string what)
        {
            return new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, "The security token service's answer is not usable: " + what + ".");
        }
    }
}
