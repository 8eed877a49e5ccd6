using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MpsAigc.Signing;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>Hand-made API 3.0 requests to an in-process emulator, signed (or not) exactly as a test needs.</summary>
    internal sealed class RawCalls
    {
        public static readonly HttpClient Http = new HttpClient();

        private readonly EmulatorServer _server;

        public RawCalls(EmulatorServer server)
        {
            _server = server;
        }

        public string Host => "127.0.0.1:" + _server.Port;

        /// <summary>A TC3-signed call, timestamped by the emulator's own clock; returns the "Response" object.</summary>
        public Task<JsonElement> SignedAsync(
            string action, string json, string secretId, string secretKey, string? token = null, string? service = null, string? version = null,
            System.Threading.CancellationToken cancellationToken = default)
        {
            service ??= action.StartsWith("Assume", StringComparison.Ordinal) || action == "GetCallerIdentity" ? "sts" : "mps";
            version ??= service == "sts" ? "2018-08-13" : "2019-06-12";
            byte[] body = Encoding.UTF8.GetBytes(json);
            long timestamp = _server.Options.Now.ToUnixTimeSeconds();
            string authorization = Tc3Signer.BuildAuthorization(secretId, secretKey, service, Host, "application/json", body, timestamp);
            return SendAsync(action, body, authorization, token, version, "ap-guangzhou", timestamp, cancellationToken);
        }

        public Task<JsonElement> DemoSignedAsync(string action, string json, string? service = null, System.Threading.CancellationToken cancellationToken = default)
        {
            return SignedAsync(action, json, EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, null, service, cancellationToken: cancellationToken);
        }

        public Task<JsonElement> WithKeysAsync(string action, string json, TemporaryKeys keys)
        {
            return SignedAsync(action, json, keys.SecretId, keys.SecretKey, keys.Token);
        }

        /// <summary>An unsigned call, as Tencent's SDKs send AssumeRoleWithWebIdentity: "Authorization: SKIP".</summary>
        public Task<JsonElement> UnsignedAsync(string action, string json, string? region = "ap-guangzhou")
        {
            return SendAsync(action, Encoding.UTF8.GetBytes(json), "SKIP", null, "2018-08-13", region, _server.Options.Now.ToUnixTimeSeconds());
        }

        public async Task<TemporaryKeys> AssumeRoleAsync(string roleArn = "qcs::cam::uin/100000000001:roleName/mps-reader", string extra = "")
        {
            JsonElement response = await DemoSignedAsync("AssumeRole", "{\"RoleArn\":\"" + roleArn + "\",\"RoleSessionName\":\"test-session\"" + extra + "}");
            return TemporaryKeys.From(response);
        }

        /// <returns>null when the answer is no error.</returns>
        public static string? ErrorCode(JsonElement response)
        {
            return response.TryGetProperty("Error", out JsonElement error) ? error.GetProperty("Code").GetString() : null;
        }

        /// <returns>null when the answer is no error.</returns>
        public static string? ErrorMessage(JsonElement response)
        {
            return response.TryGetProperty("Error", out JsonElement error) ? error.GetProperty("Message").GetString() : null;
        }

        /// <summary>A value the answer must give as a JSON string; a test fails here, saying so, when it does not.</summary>
        public static string Text(JsonElement value)
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : throw new InvalidOperationException("Expected a JSON string, got " + value.GetRawText() + ".");
        }

        /// <summary>The names of an object's properties, in the order the answer wrote them.</summary>
        public static string[] PropertyNames(JsonElement element)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (JsonProperty property in element.EnumerateObject())
            {
                names.Add(property.Name);
            }
            return names.ToArray();
        }

        private async Task<JsonElement> SendAsync(
            string action, byte[] body, string authorization, string? token, string version, string? region, long timestamp, System.Threading.CancellationToken cancellationToken = default)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/") { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-TC-Action", action);
            request.Headers.TryAddWithoutValidation("X-TC-Version", version);
            request.Headers.TryAddWithoutValidation("X-TC-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            if (region != null)
            {
                request.Headers.TryAddWithoutValidation("X-TC-Region", region);
            }
            if (token != null)
            {
                request.Headers.TryAddWithoutValidation("X-TC-Token", token);
            }
            using HttpResponseMessage response = await Http.SendAsync(request, cancellationToken);
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.GetProperty("Response").Clone();
        }
    }

    /// <summary>A temporary key as an STS or metadata answer gives it.</summary>
    internal sealed class TemporaryKeys
    {
        public required string SecretId { get; init; }

        public required string SecretKey { get; init; }

        public required string Token { get; init; }

        public long ExpiredTime { get; init; }

        public required string Expiration { get; init; }

        /// <summary>From an STS answer: {"Credentials":{"Token","TmpSecretId","TmpSecretKey"},"ExpiredTime","Expiration"}.</summary>
        public static TemporaryKeys From(JsonElement stsResponse)
        {
            if (stsResponse.TryGetProperty("Error", out JsonElement error))
            {
                throw new InvalidOperationException("The STS refused: " + error.GetRawText());
            }
            JsonElement credentials = stsResponse.GetProperty("Credentials");
            return new TemporaryKeys
            {
                SecretId = RawCalls.Text(credentials.GetProperty("TmpSecretId")),
                SecretKey = RawCalls.Text(credentials.GetProperty("TmpSecretKey")),
                Token = RawCalls.Text(credentials.GetProperty("Token")),
                ExpiredTime = stsResponse.GetProperty("ExpiredTime").GetInt64(),
                Expiration = RawCalls.Text(stsResponse.GetProperty("Expiration")),
            };
        }

        /// <summary>From the metadata service's answer: {"TmpSecretId","TmpSecretKey","ExpiredTime","Expiration","Token","Code"}.</summary>
        public static TemporaryKeys FromMetadata(JsonElement answer)
        {
            return new TemporaryKeys
            {
                SecretId = RawCalls.Text(answer.GetProperty("TmpSecretId")),
                SecretKey = RawCalls.Text(answer.GetProperty("TmpSecretKey")),
                Token = RawCalls.Text(answer.GetProperty("Token")),
                ExpiredTime = answer.GetProperty("ExpiredTime").GetInt64(),
                Expiration = RawCalls.Text(answer.GetProperty("Expiration")),
            };
        }
    }
}
