using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What STS and the CVM metadata service answer, and what each kind of bad answer becomes.</summary>
    public class StsAndMetadataTests
    {
        private const string RoleArn = "qcs::cam::uin/100000000001:roleName/mps-runner";
        private const string LeakedKey = "LeakedTmpSecretKey";
        private const string LeakedToken = "LeakedSessionToken";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        private readonly FakeClock _clock = new FakeClock(Start);

        // ---- STS ----

        [Fact]
        public async Task TheDocumentedStsAnswerBecomesKeysWithItsExpiry()
        {
            DateTimeOffset expires = Start.AddSeconds(7200);
            var handler = new StubHandler(_ => StubHandler.Json(CredentialAnswers.Sts("sts-id", "sts-key", "sts-token", expires)));

            TencentCredential keys = await AssumeRole(handler);

            Assert.Equal("sts-id", keys.SecretId);
            Assert.Equal("sts-key", keys.SecretKey);
            Assert.Equal("sts-token", keys.SessionToken);
            Assert.Equal(expires, keys.Expiration);
            Assert.Equal("AssumeRole " + RoleArn, keys.Source);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ExpiredTimeWinsAndExpirationAloneIsReadToo()
        {
            var both = new StubHandler(_ => StubHandler.Json(
                "{\"Response\":{\"Credentials\":{\"Token\":\"t\",\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"k\"},\"ExpiredTime\":" + Start.AddHours(1).ToUnixTimeSeconds()
                + ",\"Expiration\":\"2030-01-01T00:00:00Z\",\"RequestId\":\"r\"}}"));
            var isoOnly = new StubHandler(_ => StubHandler.Json(
                "{\"Response\":{\"Credentials\":{\"Token\":\"t\",\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"k\"},\"Expiration\":\"2026-11-24T13:30:00Z\",\"RequestId\":\"r\"}}"));

            Assert.Equal(Start.AddHours(1), (await AssumeRole(both)).Expiration);
            Assert.Equal(Start.AddMinutes(90), (await AssumeRole(isoOnly)).Expiration);
        }

        [Fact]
        public async Task AnStsErrorIsTheServicesCodeAndIsNotRetried()
        {
            var handler = new StubHandler(_ => StubHandler.Json(CredentialAnswers.StsError("InvalidParameter.ParamError", "RoleSessionName is invalid.", "sts-e-1")));

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => AssumeRole(handler));

            Assert.Equal("InvalidParameter.ParamError", error.ErrorId);
            Assert.Contains("InvalidParameter.ParamError", error.Message);
            Assert.Contains("RoleSessionName is invalid.", error.Message);
            Assert.Contains("sts-e-1", error.Message);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("{\"Response\":{\"RequestId\":\"r\"}}", "no Credentials")]
        [InlineData("{\"Response\":{\"Credentials\":\"" + LeakedKey + "\",\"ExpiredTime\":1900000000,\"RequestId\":\"r\"}}", "no Credentials")]
        [InlineData("{\"Response\":{\"Credentials\":{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\"},\"ExpiredTime\":1900000000,\"RequestId\":\"r\"}}", "lacks")]
        [InlineData("{\"Response\":{\"Credentials\":{\"TmpSecretId\":\"i\",\"Token\":\"" + LeakedToken + "\"},\"ExpiredTime\":1900000000,\"RequestId\":\"r\"}}", "lacks")]
        [InlineData("{\"Response\":{\"Credentials\":{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\",\"Token\":\"" + LeakedToken + "\"},\"RequestId\":\"r\"}}", "neither ExpiredTime nor Expiration")]
        [InlineData("{\"Response\":{\"Credentials\":{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\",\"Token\":\"" + LeakedToken + "\"},\"ExpiredTime\":99999999999999,\"RequestId\":\"r\"}}", "neither ExpiredTime nor Expiration")]
        public async Task AnStsAnswerWithoutUsableKeysIsInvalidResponseAndShowsNoneOfIt(string answer, string said)
        {
            var handler = new StubHandler(_ => StubHandler.Json(answer));

            var error = await Assert.ThrowsAsync<MpsException>(() => AssumeRole(handler));

            Assert.Equal("InvalidResponse", error.ErrorId);
            Assert.Equal(MpsErrorKind.InvalidResponse, error.Kind);
            Assert.Contains(said, error.Message);
            Assert.DoesNotContain(LeakedKey, error.Message);
            Assert.DoesNotContain(LeakedToken, error.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AnStsFailureFailsTheRenewingSourceWithTheCodeInItsMessage()
        {
            var handler = new StubHandler(_ => StubHandler.Json(CredentialAnswers.StsError("InvalidParameter.ParamError", "RoleArn is invalid.")));
            var sts = new StsClient(new Uri("https://sts.example.test"), _clock, handler);
            CredentialSource signer = CredentialSource.Fixed(new TencentCredential("base-id", "base-key", null, "test"), "Environment");
            string name = "AssumeRole " + RoleArn;
            var source = new RenewingCredentialSource(name, RoleArn, "test|" + Guid.NewGuid(), ct => sts.AssumeRoleAsync(signer, RoleArn, "s", 7200, null, name, ct), _clock);

            var error = await Assert.ThrowsAsync<CredentialException>(() => source.GetAsync(NullLog.Instance, CancellationToken.None));

            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.Equal(MpsErrorKind.Authentication, error.Kind);
            Assert.Contains(name + ": InvalidParameter.ParamError", error.Message);
            Assert.DoesNotContain("base-key", error.Message);
        }

        // ---- The CVM metadata service ----

        [Fact]
        public async Task TheRoleIsTheFirstLineOfTheListing()
        {
            var handler = new StubHandler(_ => RouteHandler.Text("mps-runbook\n"));
            var metadata = new InstanceMetadataClient(UniqueMetadataEndpoint(), _clock, handler);

            Assert.Equal("mps-runbook", await metadata.FindRoleAsync(CancellationToken.None));
            Assert.Equal("/latest/meta-data/cam/security-credentials/", Assert.Single(handler.Requests).Uri.AbsolutePath);
        }

        [Fact]
        public async Task NoRoleIsRememberedForTheEndpoint()
        {
            Uri endpoint = UniqueMetadataEndpoint();
            var handler = new StubHandler(_ => RouteHandler.NotFound());

            Assert.Null(await new InstanceMetadataClient(endpoint, _clock, handler).FindRoleAsync(CancellationToken.None));
            Assert.Null(await new InstanceMetadataClient(endpoint, _clock, handler).FindRoleAsync(CancellationToken.None));

            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ANamedEndpointThatWasTooSlowOnceIsAskedAgain()
        {
            // A busy machine, not a missing service: the first probe times out, the next command must find the role.
            Uri endpoint = UniqueMetadataEndpoint();
            var handler = new StubHandler(n => n == 0 ? throw new TaskCanceledException("probe timed out") : RouteHandler.Text("mps-runbook\n"));

            Assert.Null(await new InstanceMetadataClient(endpoint, _clock, handler).FindRoleAsync(CancellationToken.None));
            Assert.Equal("mps-runbook", await new InstanceMetadataClient(endpoint, _clock, handler).FindRoleAsync(CancellationToken.None));

            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task TheDocumentedMetadataAnswerBecomesKeysWithItsExpiry()
        {
            DateTimeOffset expires = Start.AddSeconds(7200);
            var handler = new StubHandler(_ => StubHandler.Json(CredentialAnswers.Metadata("cvm-id", "cvm-key", "cvm-token", expires)));

            TencentCredential keys = await CvmKeys(handler);

            Assert.Equal("cvm-id", keys.SecretId);
            Assert.Equal("cvm-key", keys.SecretKey);
            Assert.Equal("cvm-token", keys.SessionToken);
            Assert.Equal(expires, keys.Expiration);
            SentRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("GET", sent.Method);
            Assert.Equal("/latest/meta-data/cam/security-credentials/mps-runbook", sent.Uri.AbsolutePath);
        }

        [Fact]
        public async Task ACodeOtherThanSuccessIsMetadataUnavailableNamingTheCodeButNoKey()
        {
            var handler = new StubHandler(_ => StubHandler.Json(CredentialAnswers.Metadata("cvm-id", LeakedKey, LeakedToken, Start.AddHours(2), code: "Failure")));

            var error = await Assert.ThrowsAsync<MpsException>(() => CvmKeys(handler));

            Assert.Equal("MetadataUnavailable", error.ErrorId);
            Assert.Contains("Failure", error.Message);
            Assert.Contains("mps-runbook", error.Message);
            AssertNoSecret(error);
            // A service error may pass: asked three times in all, with backoff on the fake clock.
            Assert.Equal(3, handler.Requests.Count);
            Assert.Equal(2, _clock.Delays.Count);
        }

        [Fact]
        public async Task ARoleTheServiceDoesNotKnowIsMetadataRoleNotFoundAtOnce()
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{\"TmpSecretKey\":\"" + LeakedKey + "\"}") });

            var error = await Assert.ThrowsAsync<MpsException>(() => CvmKeys(handler));

            Assert.Equal("MetadataRoleNotFound", error.ErrorId);
            Assert.Contains("mps-runbook", error.Message);
            Assert.Contains("404", error.Message);
            AssertNoSecret(error);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AServerErrorIsMetadataUnavailableAfterThreeTries()
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent(LeakedKey) });

            var error = await Assert.ThrowsAsync<MpsException>(() => CvmKeys(handler));

            Assert.Equal("MetadataUnavailable", error.ErrorId);
            Assert.Contains("HTTP 500", error.Message);
            AssertNoSecret(error);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task AnUnreachableServiceIsMetadataUnreachableAfterThreeTries()
        {
            var handler = new StubHandler(_ => throw new HttpRequestException("Connection refused"));

            var error = await Assert.ThrowsAsync<MpsException>(() => CvmKeys(handler));

            Assert.Equal("MetadataUnreachable", error.ErrorId);
            Assert.Equal(MpsErrorKind.Connection, error.Kind);
            Assert.Contains("Connection refused", error.Message);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Theory]
        [InlineData("TmpSecretKey=" + LeakedKey + "&Token=" + LeakedToken, "not JSON")]
        [InlineData("[\"" + LeakedKey + "\",\"" + LeakedToken + "\"]", "not a JSON object")]
        [InlineData("\"" + LeakedKey + "\"", "not a JSON object")]
        [InlineData("{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\",\"ExpiredTime\":1900000000,\"Code\":\"Success\"}", "without")]
        [InlineData("{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\",\"Token\":\"" + LeakedToken + "\",\"Code\":\"Success\"}", "without")]
        [InlineData("{\"TmpSecretId\":\"i\",\"TmpSecretKey\":\"" + LeakedKey + "\",\"Token\":\"" + LeakedToken + "\",\"ExpiredTime\":99999999999999,\"Code\":\"Success\"}", "without")]
        public async Task AMetadataAnswerWithoutUsableKeysIsInvalidResponseAtOnceAndShowsNoneOfIt(string answer, string said)
        {
            var handler = new StubHandler(_ => StubHandler.Json(answer));

            var error = await Assert.ThrowsAsync<MpsException>(() => CvmKeys(handler));

            Assert.Equal("InvalidResponse", error.ErrorId);
            Assert.Equal(MpsErrorKind.InvalidResponse, error.Kind);
            Assert.Contains(said, error.Message);
            AssertNoSecret(error);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("ftp://metadata.example")]
        [InlineData("file:///etc/passwd")]
        public void AMetadataEndpointThatIsNotHttpIsRefused(string endpoint)
        {
            var error = Assert.Throws<MpsException>(() => new InstanceMetadataClient(new Uri(endpoint), _clock));
            Assert.Equal("InvalidEndpoint", error.ErrorId);
        }

        private Task<TencentCredential> AssumeRole(StubHandler handler)
        {
            var sts = new StsClient(new Uri("https://sts.example.test"), _clock, handler);
            CredentialSource signer = CredentialSource.Fixed(new TencentCredential("base-id", "base-key", null, "test"), "Environment");
            return sts.AssumeRoleAsync(signer, RoleArn, "session", 7200, null, "AssumeRole " + RoleArn, CancellationToken.None);
        }

        private Task<TencentCredential> CvmKeys(StubHandler handler)
        {
            var metadata = new InstanceMetadataClient(UniqueMetadataEndpoint(), _clock, handler);
            return metadata.GetCredentialAsync("mps-runbook", "CvmRole mps-runbook", CancellationToken.None);
        }

        private static Uri UniqueMetadataEndpoint()
        {
            return new Uri("http://metadata-" + Guid.NewGuid().ToString("N") + ".test");
        }

        private static void AssertNoSecret(Exception error)
        {
            Assert.DoesNotContain(LeakedKey, error.Message);
            Assert.DoesNotContain(LeakedToken, error.Message);
        }
    }
}
