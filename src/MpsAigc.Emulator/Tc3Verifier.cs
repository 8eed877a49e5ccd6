using System;
using System.Globalization;
using System.Text.RegularExpressions;
using MpsAigc.Signing;

namespace MpsAigc.Emulator
{
    /// <summary>Checks a request's TC3-HMAC-SHA256 signature the way the service does.</summary>
    internal sealed class Tc3Verifier
    {
        private static readonly Regex AuthorizationPattern = new Regex(
            @"^TC3-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{4}-\d{2}-\d{2})/(?<service>[^/]+)/tc3_request, SignedHeaders=(?<headers>[a-z0-9;\-]+), Signature=(?<signature>[0-9a-f]{64})$",
            RegexOptions.CultureInvariant);

        private readonly EmulatorOptions _options;

        public Tc3Verifier(EmulatorOptions options)
        {
            _options = options;
        }

        /// <returns>null when the request is authentic; else the service's error code and message.</returns>
        public (string Code, string Message)? Verify(
            string authorization, string timestampHeader, string contentType, string host, string token, byte[] body, DateTimeOffset now, out string secretId)
        {
            secretId = null;
            Match match = AuthorizationPattern.Match(authorization ?? string.Empty);
            if (!match.Success)
            {
                return ("AuthFailure.SignatureFailure", "The Authorization header is missing or malformed.");
            }
            if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp))
            {
                return ("AuthFailure.SignatureFailure", "X-TC-Timestamp is missing or not a Unix time in seconds.");
            }
            if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > _options.MaxClockSkew.TotalSeconds)
            {
                return ("AuthFailure.SignatureExpire", "The request's timestamp " + timestamp + " is more than 5 minutes away from the server time " + now.ToUnixTimeSeconds() + "; check the client's clock.");
            }
            secretId = match.Groups["id"].Value;
            if (!_options.Credentials.TryGetValue(secretId, out var credential))
            {
                return ("AuthFailure.SecretIdNotFound", "The SecretId is not found; check that it exists and is enabled.");
            }
            string service = match.Groups["service"].Value;
            string headers = match.Groups["headers"].Value;
            if (match.Groups["date"].Value != Tc3Signer.UtcDate(timestamp) || service != "mps" || headers != Tc3Signer.SignedHeaders)
            {
                return ("AuthFailure.SignatureFailure", "The credential scope does not match the request (date, service mps, signed headers content-type;host).");
            }
            string signature = match.Groups["signature"].Value;
            // The Node SDK signs the host without the port while sending it with one; the service sees no
            // port on 443, so either form is the same host.
            if (!Matches(credential.Key, timestamp, contentType, host, body, signature)
                && !Matches(credential.Key, timestamp, contentType, WithoutPort(host), body, signature))
            {
                return ("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
            }
            if (credential.Token != null && token != credential.Token)
            {
                return ("AuthFailure.TokenFailure", "The session token is missing, invalid or expired.");
            }
            return null;
        }

        private static bool Matches(string key, long timestamp, string contentType, string host, byte[] body, string signature)
        {
            string stringToSign = Tc3Signer.BuildStringToSign(timestamp, "mps", Tc3Signer.BuildCanonicalRequest(contentType, host, body));
            return FixedTimeEquals(Tc3Signer.ComputeSignature(key, timestamp, "mps", stringToSign), signature);
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
        }

        private static string WithoutPort(string host)
        {
            int colon = host.LastIndexOf(':');
            return colon > 0 && host.IndexOf(']') < colon ? host.Substring(0, colon) : host;
        }
    }
}
