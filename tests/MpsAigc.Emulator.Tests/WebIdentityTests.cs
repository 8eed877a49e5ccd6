using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>AssumeRoleWithWebIdentity against a token file that is rewritten half way, as a TKE cluster rotates it.</summary>
    public sealed class WebIdentityTests : IAsyncLifetime
    {
        private const string Action = "AssumeRoleWithWebIdentity";

        private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), "mpsaigc-oidc-" + Guid.NewGuid().ToString("N") + ".token");
        // null! only until InitializeAsync, which xunit runs before every test, sets them.
        private EmulatorServer _server = null!;
        private RawCalls _calls = null!;

        public async Task InitializeAsync()
        {
            File.WriteAllText(_tokenFile, "eyJfirst.token.value\n");
            _server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 0, OidcTokenFile = _tokenFile, OidcProviderId = "OIDC" });
            _calls = new RawCalls(_server);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
            File.Delete(_tokenFile);
        }

        [Fact]
        public async Task TheFilesCurrentTokenWorksAndARotatedOneIsRefused()
        {
            JsonElement first = await _calls.UnsignedAsync(Action, Body("eyJfirst.token.value"));
            Assert.Null(RawCalls.ErrorCode(await _calls.WithKeysAsync("DescribeAigcVideoTask", "{\"TaskId\":\"done-1\"}", TemporaryKeys.From(first))));

            File.WriteAllText(_tokenFile, "eyJsecond.token.value");
            JsonElement old = await _calls.UnsignedAsync(Action, Body("eyJfirst.token.value"));
            JsonElement current = await _calls.UnsignedAsync(Action, Body("eyJsecond.token.value"));

            Assert.Equal("InvalidParameter.WebIdentityTokenError", RawCalls.ErrorCode(old));
            Assert.DoesNotContain("eyJ", old.GetRawText());
            Assert.Null(RawCalls.ErrorCode(current));
            Assert.Equal(new[] { "Credentials", "ExpiredTime", "Expiration", "RequestId" }, RawCalls.PropertyNames(current));
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(3, stats.StsCalls[Action]);
            Assert.Equal(2, stats.TemporaryCredentialsIssued);
            Assert.Equal(1, stats.CallsByCredentialKind[CredentialKind.WebIdentity]);
        }

        [Fact]
        public async Task TheRegionHeaderIsRequired()
        {
            JsonElement answer = await _calls.UnsignedAsync(Action, Body("eyJfirst.token.value"), region: null);

            Assert.Equal("MissingParameter", RawCalls.ErrorCode(answer));
        }

        [Theory]
        [InlineData("{\"ProviderId\":\"OIDC\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\"}", "MissingParameter")]
        [InlineData("{\"ProviderId\":\"OIDC\",\"WebIdentityToken\":\"eyJfirst.token.value\",\"RoleSessionName\":\"pod\"}", "MissingParameter")]
        [InlineData("{\"ProviderId\":\"other\",\"WebIdentityToken\":\"eyJfirst.token.value\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"ProviderId\":\"OIDC\",\"WebIdentityToken\":\"eyJfirst.token.value\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\",\"DurationSeconds\":50000}", "InvalidParameter.OverTimeError")]
        [InlineData("{\"ProviderId\":\"OIDC\",\"WebIdentityToken\":\"eyJfirst.token.value\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\",\"Policy\":\"x\"}", "UnknownParameter")]
        public async Task ItsParametersAreChecked(string body, string expectedCode)
        {
            Assert.Equal(expectedCode, RawCalls.ErrorCode(await _calls.UnsignedAsync(Action, body)));
        }

        [Fact]
        public async Task WithoutATokenFileThereIsNoProvider()
        {
            await using EmulatorServer bare = await EmulatorServer.StartAsync(new EmulatorOptions());

            JsonElement answer = await new RawCalls(bare).UnsignedAsync(Action, Body("eyJanything"));

            Assert.Equal("InvalidParameter.ParamError", RawCalls.ErrorCode(answer));
            Assert.Contains("No OIDC identity provider", RawCalls.ErrorMessage(answer));
        }

        private static string Body(string token)
        {
            return "{\"ProviderId\":\"OIDC\",\"WebIdentityToken\":\"" + token + "\",\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/tke\",\"RoleSessionName\":\"pod\"}";
        }
    }
}
