using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using MpsAigc.Signing;

namespace MpsAigc.Emulator
{
    /// <summary>Checks a request's TC3-HMAC-SHA256 signature, and its session token, the way the services do.</summary>
    internal sealed class Tc3Verifier
    {
        private static readonly Regex AuthorizationPattern = new Regex(
            @"^TC3-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{4}-\d{2}-\d{2})/(?<service>[^/]+)/tc3_request, SignedHeaders=(?<headers>[a-z0-9;\-]+), Signature=(?<signature>[0-9a-f]{64})$",
            RegexOptions.CultureInvariant);

        private readonly EmulatorOptions _options;
        private readonly TemporaryCredentialStore _temporaryKeys;
        private readonly RequestLog _log;

        public Tc3Verifier(EmulatorOptions options, TemporaryCredentialStore temporaryKeys, RequestLog log)
        {
            _options = options;
            _temporaryKeys = temporaryKeys;
            _log = log;
        }

        /// <param name="service">The service whose endpoint was called (mps, sts): the credential scope must name it.</param>
        /// <returns>Who signed, when the request is authentic; else null, and <paramref name="failure"/> is the service's error code and message.</returns>
        public Caller? Verify(string service, HttpRequest request, byte[] body, DateTimeOffset now, out (string Code, string Message) failure)
        {
            failure = default;
            Match match = AuthorizationPattern.Match(request.Headers.Authorization.ToString());
            if (!match.Success)
            {
                failure = ("AuthFailure.SignatureFailure", "The Authorization header is missing or malformed.");
                return null;
            }
            if (!long.TryParse(request.Headers["X-TC-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp))
            {
                failure = ("AuthFailure.SignatureFailure", "X-TC-Timestamp is missing or not a Unix time in seconds.");
                return null;
            }
            if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > _options.MaxClockSkew.TotalSeconds)
            {
                failure = ("AuthFailure.SignatureExpire", "The request's timestamp " + timestamp + " is more than 5 minutes away from the server time " + now.ToUnixTimeSeconds() + "; check the client's clock.");
                return null;
            }
            string secretId = match.Groups["id"].Value;
            string key;
            string? permanentToken = null;
            TemporaryCredential? temporary = null;
            if (_options.Credentials.TryGetValue(secretId, out var permanent))
            {
                (key, permanentToken) = permanent;
            }
            else if ((temporary = _temporaryKeys.Find(secretId)) != null)
            {
                key = temporary.SecretKey;
            }
            else
            {
                failure = ("AuthFailure.SecretIdNotFound", "The SecretId is not found; check that it exists and is enabled.");
                return null;
            }
            if (match.Groups["date"].Value != Tc3Signer.UtcDate(timestamp) || match.Groups["service"].Value != service || match.Groups["headers"].Value != Tc3Signer.SignedHeaders)
            {
                failure = ("AuthFailure.SignatureFailure", "The credential scope does not match the request (date, service " + service + ", signed headers content-type;host).");
                return null;
            }
            string signature = match.Groups["signature"].Value;
            // An absent Content-Type is signed as an empty one, as the canonical request writes it.
            string contentType = request.Headers.ContentType.ToString();
            string host = request.Headers.Host.ToString();
            // The Node SDK signs the host without the port while sending it with one; the service sees no
            // port on 443, so either form is the same host.
            if (!Matches(key, service, timestamp, contentType, host, body, signature)
                && !Matches(key, service, timestamp, contentType, WithoutPort(host), body, signature))
            {
                failure = ("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
                return null;
            }
            string? token = request.Headers["X-TC-Token"];
            if (temporary == null)
            {
                if (permanentToken != null && token != permanentToken)
                {
                    failure = ("AuthFailure.TokenFailure", "The session token is missing, invalid or expired.");
                    return null;
                }
                return Caller.WithPermanentKey(secretId);
            }
            if (token == null || !FixedTimeEquals(token, temporary.Token))
            {
                failure = ("AuthFailure.TokenFailure", "The session token is missing or invalid.");
                return null;
            }
            if (temporary.HasExpired(now))
            {
                _log.Credentials.RecordExpiredTokenRefusal();
                failure = ("AuthFailure.TokenFailure", "The token has expired; request new temporary credentials.");
                return null;
            }
            return Caller.WithTemporaryKey(temporary);
        }

        private static bool Matches(string key, string service, long timestamp, string contentType, string host, byte[] body, string signature)
        {
            string stringToSign = Tc3Signer.BuildStringToSign(timestamp, service, Tc3Signer.BuildCanonicalRequest(contentType, host, body));
            return FixedTimeEquals(Tc3Signer.ComputeSignature(key, timestamp, service, stringToSign), signature);
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
        }

        private static string WithoutPort(string host)
        {
            int colon = host.LastIndexOf(':');
            return colon > 0 && host.IndexOf(']') < colon ? host.Substring(0, colon) : host;
        }
    }
}
