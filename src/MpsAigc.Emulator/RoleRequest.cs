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

        public string RoleArn { get; private init; }

        public string SessionName { get; private init; }

        public TimeSpan Duration { get; private init; }

        /// <summary>AssumeRoleWithWebIdentity only.</summary>
        public string ProviderId { get; private init; }

        /// <summary>AssumeRoleWithWebIdentity only; a secret: never put in a message or a log.</summary>
        public string WebIdentityToken { get; private init; }

        /// <returns>null when the parameters are well formed; else the error code and message to answer.</returns>
        public static (string Code, string Message)? Read(string action, JsonElement parameters, out RoleRequest request)
        {
            request = null;
            bool webIdentity = action == StsHandler.AssumeRoleWithWebIdentity;
            string[] known = webIdentity ? WebIdentityParameters : AssumeRoleParameters;
            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    return ("UnknownParameter", "The parameter `" + property.Name + "` is not recognized.");
                }
            }
            string[] required = webIdentity
                ? new[] { "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName" }
                : new[] { "RoleArn", "RoleSessionName" };
            foreach (string name in required)
            {
                if (!parameters.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null
                    || (value.ValueKind == JsonValueKind.String && value.GetString().Length == 0))
                {
                    return ("MissingParameter", "The request is missing the required parameter `" + name + "`.");
                }
                if (value.ValueKind != JsonValueKind.String)
                {
                    return ("InvalidParameter.ParamError", "The parameter `" + name + "` must be a string.");
                }
            }
            string roleArn = parameters.GetProperty("RoleArn").GetString();
            if (!RoleArnSyntax.TryParse(roleArn, out _, out _))
            {
                return ("InvalidParameter.ParamError", "RoleArn `" + roleArn + "` is not a role's resource description (qcs::cam::uin/UIN:roleName/NAME or qcs::cam::uin/UIN:role/ID).");
            }
            string sessionName = parameters.GetProperty("RoleSessionName").GetString();
            if (!SessionNamePattern.IsMatch(sessionName))
            {
                return ("InvalidParameter.ParamError", "RoleSessionName must be 2 to 128 letters, digits or =,.@_- characters.");
            }
            TimeSpan duration = DefaultDuration;
            if (parameters.TryGetProperty("DurationSeconds", out JsonElement durationElement) && durationElement.ValueKind != JsonValueKind.Null)
            {
                if (durationElement.ValueKind != JsonValueKind.Number || !durationElement.TryGetInt64(out long seconds) || seconds < 1)
                {
                    return ("InvalidParameter.ParamError", "DurationSeconds must be a whole number of seconds from 1 to " + MaxDurationSeconds + ".");
                }
                if (seconds > MaxDurationSeconds)
                {
                    return ("InvalidParameter.OverTimeError", "DurationSeconds " + seconds + " exceeds the maximum of " + MaxDurationSeconds + " seconds.");
                }
                duration = TimeSpan.FromSeconds(seconds);
            }
            request = new RoleRequest
            {
                RoleArn = roleArn,
                SessionName = sessionName,
                Duration = duration,
                ProviderId = webIdentity ? parameters.GetProperty("ProviderId").GetString() : null,
                WebIdentityToken = webIdentity ? parameters.GetProperty("WebIdentityToken").GetString() : null,
            };
            return null;
        }
    }
}
