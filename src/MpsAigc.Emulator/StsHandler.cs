using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The security token service (sts.tencentcloudapi.com, version 2018-08-13) on the emulator's port, routed by
    /// X-TC-Action: AssumeRole (TC3-signed for service sts, with any key the emulator accepts, temporary ones too),
    /// AssumeRoleWithWebIdentity (unsigned: its proof is the OIDC token) and GetCallerIdentity.
    /// </summary>
    internal sealed class StsHandler
    {
        public const string AssumeRole = "AssumeRole";
        public const string AssumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity";
        public const string GetCallerIdentity = "GetCallerIdentity";
        public const string ApiVersion = "2018-08-13";

        public static readonly string[] Actions = { AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity };

        private readonly EmulatorOptions _options;
        private readonly RequestLog _log;
        private readonly TemporaryCredentialStore _temporaryKeys;
        private readonly CredentialOutage _outage;
        private readonly Tc3Verifier _verifier;
        private readonly OidcProvider _oidc;

        public StsHandler(EmulatorOptions options, RequestLog log, TemporaryCredentialStore temporaryKeys, CredentialOutage outage)
        {
            _options = options;
            _log = log;
            _temporaryKeys = temporaryKeys;
            _outage = outage;
            _verifier = new Tc3Verifier(options, temporaryKeys, log);
            _oidc = new OidcProvider(options);
        }

        public static bool Handles(string? action)
        {
            return Actions.Contains(action, StringComparer.Ordinal);
        }

        public async Task HandleAsync(HttpContext context)
        {
            HttpRequest request = context.Request;
            DateTimeOffset now = _options.Now;
            context.Response.Headers.Date = now.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            string action = request.Headers["X-TC-Action"].ToString();
            _log.Credentials.RecordStsCall(action);
            if (_outage.IsUnderWay)
            {
                _log.Credentials.RecordOutageRefusal();
                await Envelope.WriteErrorAsync(context, "InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us.");
                return;
            }
            byte[]? body = await RequestBody.ReadAsync(request);
            if (body == null)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameter", "The request body is larger than 1 MiB.");
                return;
            }

            Caller? caller = null;
            if (action == AssumeRoleWithWebIdentity)
            {
                // Unsigned: Tencent's Go and Python SDKs send "Authorization: SKIP", and whatever is there goes unchecked.
                if (string.IsNullOrEmpty(request.Headers["X-TC-Region"]))
                {
                    await Envelope.WriteErrorAsync(context, "MissingParameter", "The request is missing the required parameter `Region`.");
                    return;
                }
            }
            else
            {
                caller = _verifier.Verify("sts", request, body, now, out var failure);
                if (caller == null)
                {
                    await Envelope.WriteErrorAsync(context, failure.Code, failure.Message);
                    return;
                }
            }
            if (request.Headers["X-TC-Version"] != ApiVersion)
            {
                await Envelope.WriteErrorAsync(context, "NoSuchVersion", "The API version `" + request.Headers["X-TC-Version"] + "` does not exist for sts; use " + ApiVersion + ".");
                return;
            }
            string? malformed = RequestBody.ParseObject(body, out JsonElement parameters);
            if (malformed != null)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameter", malformed);
                return;
            }

            if (action == GetCallerIdentity)
            {
                // Only AssumeRoleWithWebIdentity goes unsigned, so a GetCallerIdentity got here with its caller.
                await AnswerCallerIdentityAsync(context, parameters, caller ?? throw new InvalidOperationException("GetCallerIdentity reached its answer unsigned."));
                return;
            }
            RoleRequest? role = RoleRequest.Read(action, parameters, out var invalid);
            if (role == null)
            {
                await Envelope.WriteErrorAsync(context, invalid.Code, invalid.Message);
                return;
            }
            var refused = role.WebIdentity == null ? null : _oidc.Check(role.WebIdentity.ProviderId, role.WebIdentity.Token);
            if (refused != null)
            {
                await Envelope.WriteErrorAsync(context, refused.Value.Code, refused.Value.Message);
                return;
            }
            string region = request.Headers["X-TC-Region"].ToString();
            _log.Recent.Record(new CallRecord
            {
                Action = action,
                Region = region.Length == 0 ? null : region,
                SecretId = caller?.SecretId,
                HasToken = request.Headers["X-TC-Token"].ToString().Length > 0,
                RoleArn = role.RoleArn,
                RoleSessionName = role.SessionName,
                DurationSeconds = (int)role.Duration.TotalSeconds,
            });
            string kind = action == AssumeRole ? CredentialKind.AssumeRole : CredentialKind.WebIdentity;
            TemporaryCredential credential = _temporaryKeys.Issue(kind, role.RoleArn, role.SessionName, role.Duration, now);
            await Envelope.WriteAsync(context, w =>
            {
                w.WriteStartObject("Credentials");
                w.WriteString("Token", credential.Token);
                w.WriteString("TmpSecretId", credential.SecretId);
                w.WriteString("TmpSecretKey", credential.SecretKey);
                w.WriteEndObject();
                w.WriteNumber("ExpiredTime", credential.ExpiresAt);
                w.WriteString("Expiration", credential.Expiration);
            });
        }

        private async Task AnswerCallerIdentityAsync(HttpContext context, JsonElement parameters, Caller caller)
        {
            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                await Envelope.WriteErrorAsync(context, "UnknownParameter", "The parameter `" + property.Name + "` is not recognized.");
                return;
            }
            CallerIdentity identity = CallerIdentity.Of(caller);
            await Envelope.WriteAsync(context, w =>
            {
                w.WriteString("Arn", identity.Arn);
                w.WriteString("AccountId", identity.AccountId);
                w.WriteString("UserId", identity.UserId);
                w.WriteString("PrincipalId", identity.PrincipalId);
                w.WriteString("Type", identity.Type);
            });
        }
    }
}
