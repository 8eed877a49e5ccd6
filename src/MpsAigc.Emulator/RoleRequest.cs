using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The parameters of AssumeRole and AssumeRoleWithWebIdentity, checked as the STS checks them. The parameter
    /// lists, the 2-128 characters of [\w+=,.@_-] and the 43200 s ceiling are from the STS API reference
    /// (tencentcloud.com/document/api/1150/49456 and 49454) and the models of TencentCloud/tencentcloud-sdk-go
    /// (tencentcloud/sts/v20180813/models.go); the error codes are those its client.go lists for each action
    /// (InvalidParameter.ParamError, InvalidParameter.OverTimeError) and the API 3.0 common ones
    /// (MissingParameter, UnknownParameter).
    /// </summary>
    internal sealed class RoleRequest
    {
        public const int MaxDurationSeconds = 43200;
        public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(7200);

        private static readonly string[] AssumeRoleParameters =
            { "RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId", "Tags", "SourceIdentity", "SerialNumber", "TokenCode" };

        private static readonly string[] WebIdentityParameters =
            { "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName", "DurationSeconds" };

        private static readonly Regex SessionNamePattern = new Regex(@"^[A-Za-z0-9_+=,.@-]{2,128}$", RegexOptions.CultureInvariant);

        private RoleRequest(string roleArn, string sessionName, TimeSpan duration, WebIdentityProof? webIdentity)
        {
            RoleArn = roleArn;
            SessionName = sessionName;
            Duration = duration;
            WebIdentity = webIdentity;
        }

        public string RoleArn { get; }

        public string SessionName { get; }

        public TimeSpan Duration { get; }

        /// <summary>AssumeRoleWithWebIdentity's provider and token; null for AssumeRole.</summary>
        public WebIdentityProof? WebIdentity { get; }

        /// <returns>The request when the parameters are well formed; else null, and <paramref name="invalid"/> is the error code and message to answer.</returns>
        public static RoleRequest? Read(string action, JsonElement parameters, out (string Code, string Message) invalid)
        {
            invalid = default;
            bool webIdentity = action == StsHandler.AssumeRoleWithWebIdentity;
            string[] known = webIdentity ? WebIdentityParameters : AssumeRoleParameters;
            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    invalid = ("UnknownParameter", "The parameter `" + property.Name + "` is not recognized.");
                    return null;
                }
            }
            string[] required = webIdentity
                ? new[] { "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName" }
                : new[] { "RoleArn", "RoleSessionName" };
            foreach (string name in required)
            {
                if (!parameters.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null
                    || (value.ValueKind == JsonValueKind.String && string.IsNullOrEmpty(value.GetString())))
                {
                    invalid = ("MissingParameter", "The request is missing the required parameter `" + name + "`.");
                    return null;
                }
                if (value.ValueKind != JsonValueKind.String)
                {
                    invalid = ("InvalidParameter.ParamError", "The parameter `" + name + "` must be a string.");
                    return null;
                }
            }
            string roleArn = RequiredText(parameters, "RoleArn");
            if (!RoleArnSyntax.TryParse(roleArn, out _, out _))
            {
                invalid = ("InvalidParameter.ParamError", "RoleArn `" + roleArn + "` is not a role's resource description (qcs::cam::uin/UIN:roleName/NAME or qcs::cam::uin/UIN:role/ID).");
                return null;
            }
            string sessionName = RequiredText(parameters, "RoleSessionName");
            if (!SessionNamePattern.IsMatch(sessionName))
            {
                invalid = ("InvalidParameter.ParamError", "RoleSessionName must be 2 to 128 letters, digits or =,.@_- characters.");
                return null;
            }
            TimeSpan duration = DefaultDuration;
            if (parameters.TryGetProperty("DurationSeconds", out JsonElement durationElement) && durationElement.ValueKind != JsonValueKind.Null)
            {
                if (durationElement.ValueKind != JsonValueKind.Number || !durationElement.TryGetInt64(out long seconds) || seconds < 1)
                {
                    invalid = ("InvalidParameter.ParamError", "DurationSeconds must be a whole number of seconds from 1 to " + MaxDurationSeconds + ".");
                    return null;
                }
                if (seconds > MaxDurationSeconds)
                {
                    invalid = ("InvalidParameter.OverTimeError", "DurationSeconds " + seconds + " exceeds the maximum of " + MaxDurationSeconds + " seconds.");
                    return null;
                }
                duration = TimeSpan.FromSeconds(seconds);
            }
            WebIdentityProof? proof = webIdentity
                ? new WebIdentityProof(RequiredText(parameters, "ProviderId"), RequiredText(parameters, "WebIdentityToken"))
                : null;
            return new RoleRequest(roleArn, sessionName, duration, proof);
        }

        /// <summary>A parameter Read has already checked is a non-empty string.</summary>
        private static string RequiredText(JsonElement parameters, string name)
        {
            return parameters.GetProperty(name).GetString() ?? throw new InvalidOperationException(name + " was checked to be a string.");
        }
    }
}
