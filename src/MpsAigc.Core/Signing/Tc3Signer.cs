using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.Signing
{
    /// <summary>
    /// TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0. Each step is public so that tests can pin
    /// the canonical request and the string to sign, not only the final signature.
    /// </summary>
    public static class Tc3Signer
    {
        public const string Algorithm = "TC3-HMAC-SHA256";
        public const string SignedHeaders = "content-type;host";

        public static string BuildCanonicalRequest(string contentType, string host, byte[] body)
        {
            return "POST\n/\n\n"
                + "content-type:" + contentType + "\n"
                + "host:" + host + "\n\n"
                + SignedHeaders + "\n"
                + Sha256Hex(body);
        }

        public static string CredentialScope(long timestamp, string service)
        {
            return UtcDate(timestamp) + "/" + service + "/tc3_request";
        }

        public static string BuildStringToSign(long timestamp, string service, string canonicalRequest)
        {
            return Algorithm + "\n"
                + timestamp.ToString(CultureInfo.InvariantCulture) + "\n"
                + CredentialScope(timestamp, service) + "\n"
                + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));
        }

        public static string ComputeSignature(string secretKey, long timestamp, string service, string stringToSign)
        {
            byte[] date = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), UtcDate(timestamp));
            byte[] serviceKey = Hmac(date, service);
            byte[] signingKey = Hmac(serviceKey, "tc3_request");
            return ToHex(Hmac(signingKey, stringToSign));
        }

        /// <summary>The whole Authorization header value for one request.</summary>
        public static string BuildAuthorization(
            string secretId, string secretKey, string service, string host, string contentType, byte[] body, long timestamp)
        {
            string stringToSign = BuildStringToSign(timestamp, service, BuildCanonicalRequest(contentType, host, body));
            string signature = ComputeSignature(secretKey, timestamp, service, stringToSign);
            return Algorithm + " Credential=" + secretId + "/" + CredentialScope(timestamp, service)
                + ", SignedHeaders=" + SignedHeaders + ", Signature=" + signature;
        }

        /// <summary>The date of the credential scope: the UTC calendar day of the timestamp.</summary>
        public static string UtcDate(long timestamp)
        {
            return DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        public static string Sha256Hex(byte[] data)
        {
            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(data));
            }
        }

        private static byte[] Hmac(byte[] key, string message)
        {
            using (var hmac = new HMACSHA256(key))
            {
                return hmac.ComputeHash(Encoding.UTF8.GetBytes(message));
            }
        }

        private static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
