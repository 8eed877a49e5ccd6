using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>What the stats say of temporary keys, the outage hook, the rate limit of temporary keys, and the new options.</summary>
    public sealed class CredentialStatsAndOutageTests : IAsyncLifetime
    {
        private const string Describe = "DescribeAigcVideoTask";
        private const string DoneTask = "{\"TaskId\":\"done-1\"}";
        private const string RoleBody = "{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\"}";
        private const string MetadataKeys = "/latest/meta-data/cam/security-credentials/instance-role";

        private readonly ManualClock _clock = ManualClock.StartingAtAWholeSecond();
        private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), "mpsaigc-oidc-" + Guid.NewGuid().ToString("N") + ".token");
        // null! only until InitializeAsync, which xunit runs before every test, sets them.
        private EmulatorServer _server = null!;
        private RawCalls _calls = null!;

        public async Task InitializeAsync()
        {
            File.WriteAllText(_tokenFile, "eyJpod.token");
            _server = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                RateLimit = 3,
                CvmRole = "instance-role",
                OidcTokenFile = _tokenFile,
                UtcClock = () => _clock.Now,
            });
            _calls = new RawCalls(_server);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
            File.Delete(_tokenFile);
        }

        [Fact]
        public async Task EachMpsCallIsCountedByTheKindOfKeyThatSignedIt()
        {
            TemporaryKeys assumed = await _calls.AssumeRoleAsync();
            TemporaryKeys web = TemporaryKeys.From(await _calls.UnsignedAsync("AssumeRoleWithWebIdentity",
                "{\"ProviderId\":\"OIDC\",\"WebIdentityToken\":\"eyJpod.token\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\"}"));
            TemporaryKeys cvm = TemporaryKeys.FromMetadata(await MetadataAsync());

            await _calls.DemoSignedAsync(Describe, DoneTask);
            await _calls.WithKeysAsync(Describe, DoneTask, assumed);
            await _calls.WithKeysAsync(Describe, DoneTask, assumed);
            await _calls.WithKeysAsync(Describe, DoneTask, web);
            await _calls.WithKeysAsync(Describe, DoneTask, cvm);
            await _calls.SignedAsync(Describe, DoneTask, cvm.SecretId, cvm.SecretKey);

            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(1, stats.CallsByCredentialKind["Permanent"]);
            Assert.Equal(2, stats.CallsByCredentialKind["AssumeRole"]);
            Assert.Equal(1, stats.CallsByCredentialKind["WebIdentity"]);
            Assert.Equal(1, stats.CallsByCredentialKind["CvmRole"]);
            Assert.Equal(1, stats.StsCalls["AssumeRole"]);
            Assert.Equal(1, stats.StsCalls["AssumeRoleWithWebIdentity"]);
            Assert.Equal(1, stats.MetadataCredentialRequests);
            Assert.Equal(3, stats.TemporaryCredentialsIssued);
            // STS calls are not MPS API requests: the MPS figures count the six MPS calls only.
            Assert.Equal(6, stats.Requests);
        }

        [Fact]
        public async Task TheStatsEndpointCarriesTheNewFieldsAndResetClearsThem()
        {
            await _calls.AssumeRoleAsync();

            string before = await RawCalls.Http.GetStringAsync(_server.BaseUrl + "/_emulator/stats");
            (await RawCalls.Http.PostAsync(_server.BaseUrl + "/_emulator/reset", null)).EnsureSuccessStatusCode();
            EmulatorStats after = _server.Log.Snapshot();

            using JsonDocument document = JsonDocument.Parse(before);
            foreach (string field in new[] { "CallsByCredentialKind", "StsCalls", "MetadataCredentialRequests", "TemporaryCredentialsIssued", "ExpiredTokenRefusals", "CredentialOutageRefusals" })
            {
                Assert.True(HasPropertyIgnoringCase(document.RootElement, field), field + " is missing from " + before);
            }
            Assert.Equal(0, after.TemporaryCredentialsIssued);
            Assert.Equal(0, after.StsCalls["AssumeRole"]);
        }

        [Fact]
        public async Task AnOutageMakesTheStsFailAndTheMetadataService503ForItsDuration()
        {
            (await RawCalls.Http.PostAsync(_server.BaseUrl + "/_emulator/credential-outage?seconds=30", null)).EnsureSuccessStatusCode();

            JsonElement assume = await _calls.DemoSignedAsync("AssumeRole", RoleBody);
            JsonElement web = await _calls.UnsignedAsync("AssumeRoleWithWebIdentity", "{}");
            using HttpResponseMessage metadata = await RawCalls.Http.GetAsync(_server.BaseUrl + MetadataKeys);
            JsonElement mps = await _calls.DemoSignedAsync(Describe, DoneTask);
            _clock.Advance(TimeSpan.FromSeconds(30));
            JsonElement afterwards = await _calls.DemoSignedAsync("AssumeRole", RoleBody);

            Assert.Equal("InternalError", RawCalls.ErrorCode(assume));
            Assert.Equal("InternalError", RawCalls.ErrorCode(web));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, metadata.StatusCode);
            Assert.Null(RawCalls.ErrorCode(mps));
            Assert.Null(RawCalls.ErrorCode(afterwards));
            Assert.Equal(HttpStatusCode.OK, (await RawCalls.Http.GetAsync(_server.BaseUrl + MetadataKeys)).StatusCode);
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(3, stats.CredentialOutageRefusals);
            Assert.Equal(2, stats.StsCalls["AssumeRole"]);
        }

        [Theory]
        [InlineData("")]
        [InlineData("?seconds=-1")]
        [InlineData("?seconds=soon")]
        public async Task TheOutageHookWantsADuration(string query)
        {
            using HttpResponseMessage response = await RawCalls.Http.PostAsync(_server.BaseUrl + "/_emulator/credential-outage" + query, null);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task TwoKeysOfOneRoleShareItsRateLimitWhileAnotherRoleHasItsOwn()
        {
            TemporaryKeys first = await _calls.AssumeRoleAsync("qcs::cam::uin/100000000001:roleName/shared");
            TemporaryKeys renewed = await _calls.AssumeRoleAsync("qcs::cam::uin/100000000001:roleName/shared");
            TemporaryKeys otherRole = await _calls.AssumeRoleAsync("qcs::cam::uin/100000000001:roleName/other");

            // The clock stands still, so all of these fall in one second: a budget of 3 for each account.
            string?[] codes =
            {
                RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, first)),
                RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, first)),
                RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, renewed)),
                RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, renewed)),
                RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, otherRole)),
                RawCalls.ErrorCode(await _calls.DemoSignedAsync(Describe, DoneTask)),
            };

            Assert.Equal(new string?[] { null, null, null, "RequestLimitExceeded", null, null }, codes);
        }

        [Fact]
        public void TheNewOptionsAreParsed()
        {
            EmulatorOptions options = EmulatorOptions.Parse(new[]
            {
                "--temp-credential-lifetime-seconds", "5", "--oidc-token-file", "/tmp/token", "--oidc-provider-id", "OIDC", "--cvm-role", "my-role",
            });

            Assert.Equal(TimeSpan.FromSeconds(5), options.TempCredentialLifetime);
            Assert.Equal("/tmp/token", options.OidcTokenFile);
            Assert.Equal("OIDC", options.OidcProviderId);
            Assert.Equal("my-role", options.CvmRole);
            Assert.Null(EmulatorOptions.Parse(Array.Empty<string>()).TempCredentialLifetime);
        }

        [Theory]
        [InlineData("--temp-credential-lifetime-seconds", "0")]
        [InlineData("--temp-credential-lifetime-seconds", "1.5")]
        [InlineData("--temp-credential-lifetime-seconds", "soon")]
        [InlineData("--cvm-role", "a/b")]
        [InlineData("--cvm-role", " ")]
        [InlineData("--oidc-token-file", "")]
        public void BadValuesOfTheNewOptionsAreRefusedClearly(string name, string value)
        {
            var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { name, value }));
            Assert.Contains(name, error.Message);
        }

        [Fact]
        public async Task TheLifetimeOptionOverridesWhatTheRequestAsked()
        {
            await using EmulatorServer shortLived = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                TempCredentialLifetime = TimeSpan.FromSeconds(5),
                CvmRole = "instance-role",
                UtcClock = () => _clock.Now,
            });
            var calls = new RawCalls(shortLived);

            TemporaryKeys assumed = await calls.AssumeRoleAsync(extra: ",\"DurationSeconds\":7200");
            using HttpResponseMessage metadata = await RawCalls.Http.GetAsync(shortLived.BaseUrl + MetadataKeys);
            using JsonDocument cvm = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync());
            _clock.Advance(TimeSpan.FromSeconds(5));
            JsonElement expired = await calls.WithKeysAsync(Describe, DoneTask, assumed);

            Assert.Equal(_clock.Now.ToUnixTimeSeconds(), assumed.ExpiredTime);
            Assert.Equal(_clock.Now.ToUnixTimeSeconds(), cvm.RootElement.GetProperty("ExpiredTime").GetInt64());
            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(expired));
            Assert.Equal(1, shortLived.Log.Snapshot().ExpiredTokenRefusals);
        }

        private async Task<JsonElement> MetadataAsync()
        {
            using JsonDocument document = JsonDocument.Parse(await RawCalls.Http.GetStringAsync(_server.BaseUrl + MetadataKeys));
            return document.RootElement.Clone();
        }

        private static bool HasPropertyIgnoringCase(JsonElement element, string name)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
