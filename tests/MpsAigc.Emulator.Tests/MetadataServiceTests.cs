using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>The CVM metadata service's role listing and role keys, renewed ahead of expiry.</summary>
    public sealed class MetadataServiceTests : IAsyncLifetime
    {
        private const string CredentialsPath = "/latest/meta-data/cam/security-credentials/";

        private readonly ManualClock _clock = ManualClock.StartingAtAWholeSecond();
        // null! only until InitializeAsync, which xunit runs before every test, sets it.
        private EmulatorServer _server = null!;

        public async Task InitializeAsync()
        {
            _server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 0, CvmRole = "mps-instance-role", UtcClock = () => _clock.Now });
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task TheRoleIsListedAsText()
        {
            using HttpResponseMessage response = await RawCalls.Http.GetAsync(_server.BaseUrl + CredentialsPath);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("mps-instance-role", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task TheRolesKeysHaveTheMetadataShapeAndSignMpsCalls()
        {
            JsonElement answer = await CredentialAsync();
            TemporaryKeys keys = TemporaryKeys.FromMetadata(answer);

            Assert.Equal(new[] { "TmpSecretId", "TmpSecretKey", "ExpiredTime", "Expiration", "Token", "Code" }, RawCalls.PropertyNames(answer));
            Assert.Equal("Success", answer.GetProperty("Code").GetString());
            Assert.StartsWith("AKID", keys.SecretId);
            Assert.Equal(_clock.Now.ToUnixTimeSeconds() + 7200, keys.ExpiredTime);
            JsonElement described = await new RawCalls(_server).WithKeysAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", keys);
            Assert.Null(RawCalls.ErrorCode(described));
            Assert.Equal(1, _server.Log.Snapshot().CallsByCredentialKind[CredentialKind.CvmRole]);
        }

        [Fact]
        public async Task TheSameKeysComeBackUntilLessThanHalfTheirLifetimeRemains()
        {
            TemporaryKeys first = TemporaryKeys.FromMetadata(await CredentialAsync());
            _clock.Advance(TimeSpan.FromSeconds(3600));
            TemporaryKeys atHalf = TemporaryKeys.FromMetadata(await CredentialAsync());
            _clock.Advance(TimeSpan.FromSeconds(1));
            TemporaryKeys renewed = TemporaryKeys.FromMetadata(await CredentialAsync());

            Assert.Equal(first.SecretId, atHalf.SecretId);
            Assert.NotEqual(first.SecretId, renewed.SecretId);
            Assert.NotEqual(first.Token, renewed.Token);
            Assert.Equal(_clock.Now.ToUnixTimeSeconds() + 7200, renewed.ExpiredTime);
            // The keys handed out before stay good until they expire.
            Assert.Null(RawCalls.ErrorCode(await new RawCalls(_server).WithKeysAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", first)));
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(3, stats.MetadataCredentialRequests);
            Assert.Equal(2, stats.TemporaryCredentialsIssued);
        }

        [Fact]
        public async Task AnotherRoleIsNotFound()
        {
            using HttpResponseMessage response = await RawCalls.Http.GetAsync(_server.BaseUrl + CredentialsPath + "some-other-role");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task WithoutACvmRoleNothingIsListed()
        {
            await using EmulatorServer bare = await EmulatorServer.StartAsync(new EmulatorOptions());

            using HttpResponseMessage listing = await RawCalls.Http.GetAsync(bare.BaseUrl + CredentialsPath);
            using HttpResponseMessage keys = await RawCalls.Http.GetAsync(bare.BaseUrl + CredentialsPath + "mps-instance-role");

            Assert.Equal(HttpStatusCode.NotFound, listing.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, keys.StatusCode);
        }

        private async Task<JsonElement> CredentialAsync()
        {
            using HttpResponseMessage response = await RawCalls.Http.GetAsync(_server.BaseUrl + CredentialsPath + "mps-instance-role");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
    }
}
