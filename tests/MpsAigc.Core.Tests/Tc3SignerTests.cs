using System.Text;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class Tc3SignerTests
    {
        // Tencent's published example (the asterisks are part of the key).
        private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******";
        private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3*******";
        private const long Timestamp = 1551113065;
        private const string ContentType = "application/json; charset=utf-8";
        private const string Host = "cvm.tencentcloudapi.com";
        private static readonly byte[] Body = Encoding.UTF8.GetBytes(
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}");

        [Fact]
        public void BodyHashMatchesThePublishedVector()
        {
            Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", Tc3Signer.Sha256Hex(Body));
        }

        [Fact]
        public void CanonicalRequestHasTheSixPartsAndThePublishedHash()
        {
            string canonical = Tc3Signer.BuildCanonicalRequest(ContentType, Host, Body);
            Assert.Equal(
                "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
                + "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
                canonical);
            Assert.Equal("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", Tc3Signer.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
        }

        [Fact]
        public void StringToSignNamesAlgorithmTimestampScopeAndHash()
        {
            string stringToSign = Tc3Signer.BuildStringToSign(Timestamp, "cvm", Tc3Signer.BuildCanonicalRequest(ContentType, Host, Body));
            Assert.Equal(
                "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
                stringToSign);
        }

        [Fact]
        public void SignatureMatchesThePublishedVector()
        {
            string authorization = Tc3Signer.BuildAuthorization(SecretId, SecretKey, "cvm", Host, ContentType, Body, Timestamp);
            Assert.Equal(
                "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, "
                + "SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
                authorization);
        }

        [Fact]
        public void DateRollsOverAtUtcMidnight()
        {
            const long lastSecondOfDay = 1551139199; // 2019-02-25T23:59:59Z
            Assert.Equal("2019-02-25", Tc3Signer.UtcDate(lastSecondOfDay));
            Assert.Equal("2019-02-26", Tc3Signer.UtcDate(lastSecondOfDay + 1));

            string before = Tc3Signer.BuildAuthorization(SecretId, SecretKey, "mps", Host, "application/json", Body, lastSecondOfDay);
            string after = Tc3Signer.BuildAuthorization(SecretId, SecretKey, "mps", Host, "application/json", Body, lastSecondOfDay + 1);
            Assert.Contains("/2019-02-25/mps/tc3_request", before);
            Assert.Contains("/2019-02-26/mps/tc3_request", after);
            Assert.NotEqual(Signature(before), Signature(after));
        }

        [Fact]
        public void TheContentTypeIsSignedByteForByte()
        {
            string plain = Tc3Signer.BuildAuthorization(SecretId, SecretKey, "mps", Host, "application/json", Body, Timestamp);
            string withCharset = Tc3Signer.BuildAuthorization(SecretId, SecretKey, "mps", Host, "application/json; charset=utf-8", Body, Timestamp);
            Assert.NotEqual(Signature(plain), Signature(withCharset));
        }

        private static string Signature(string authorization)
        {
            return authorization.Substring(authorization.IndexOf("Signature=", System.StringComparison.Ordinal) + 10);
        }
    }
}
