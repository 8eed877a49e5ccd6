using System;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>The STS on the emulator's port, and MPS calls signed with the temporary keys it issues.</summary>
    public sealed class CredentialServicesTests : IAsyncLifetime
    {
        private const string Describe = "DescribeAigcVideoTask";
        private const string DoneTask = "{\"TaskId\":\"done-1\"}";

        private readonly ManualClock _clock = ManualClock.StartingAtAWholeSecond();
        // null! only until InitializeAsync, which xunit runs before every test, sets them.
        private EmulatorServer _server = null!;
        private RawCalls _calls = null!;

        public async Task InitializeAsync()
        {
            _server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimit = 0, UtcClock = () => _clock.Now });
            _calls = new RawCalls(_server);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task AssumeRoleAnswersTheDocumentedShapeAndItsKeysCallMps()
        {
            JsonElement answer = await _calls.DemoSignedAsync("AssumeRole", "{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/mps-reader\",\"RoleSessionName\":\"test-session\"}");
            TemporaryKeys keys = TemporaryKeys.From(answer);

            Assert.Equal(new[] { "Credentials", "ExpiredTime", "Expiration", "RequestId" }, RawCalls.PropertyNames(answer));
            Assert.Equal(new[] { "Token", "TmpSecretId", "TmpSecretKey" }, RawCalls.PropertyNames(answer.GetProperty("Credentials")));
            Assert.Matches("^AKID[A-Za-z0-9]{32}$", keys.SecretId);
            Assert.Matches("^[A-Za-z0-9]{40}$", keys.SecretKey);
            Assert.Matches("^[A-Za-z0-9]{120,}$", keys.Token);
            Assert.Equal(_clock.Now.ToUnixTimeSeconds() + 7200, keys.ExpiredTime);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(keys.ExpiredTime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), keys.Expiration);
            Assert.True(Guid.TryParse(answer.GetProperty("RequestId").GetString(), out _));

            JsonElement described = await _calls.WithKeysAsync(Describe, DoneTask, keys);
            Assert.Null(RawCalls.ErrorCode(described));
            Assert.Equal("DONE", described.GetProperty("Status").GetString());
        }

        [Fact]
        public async Task AssumeRoleMustBeSignedForStsWithAGoodKey()
        {
            const string body = "{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\"}";

            JsonElement wrongKey = await _calls.SignedAsync("AssumeRole", body, EmulatorOptions.DemoSecretId, "not-the-key");
            JsonElement mpsScope = await _calls.DemoSignedAsync("AssumeRole", body, service: "mps");
            JsonElement unsigned = await _calls.UnsignedAsync("AssumeRole", body);
            JsonElement mpsCallSignedForSts = await _calls.DemoSignedAsync(Describe, DoneTask, service: "sts");

            Assert.Equal("AuthFailure.SignatureFailure", RawCalls.ErrorCode(wrongKey));
            Assert.Equal("AuthFailure.SignatureFailure", RawCalls.ErrorCode(mpsScope));
            Assert.Equal("AuthFailure.SignatureFailure", RawCalls.ErrorCode(unsigned));
            Assert.Equal("AuthFailure.SignatureFailure", RawCalls.ErrorCode(mpsCallSignedForSts));
            Assert.Equal(0, _server.Log.Snapshot().TemporaryCredentialsIssued);
        }

        [Theory]
        [InlineData("{\"RoleSessionName\":\"s1\"}", "MissingParameter")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\"}", "MissingParameter")]
        [InlineData("{\"RoleArn\":\"\",\"RoleSessionName\":\"s1\"}", "MissingParameter")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"a\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"has space\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"arn:aws:iam::1:role/r\",\"RoleSessionName\":\"s1\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/abc:roleName/r\",\"RoleSessionName\":\"s1\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\",\"DurationSeconds\":0}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\",\"DurationSeconds\":\"7200\"}", "InvalidParameter.ParamError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\",\"DurationSeconds\":43201}", "InvalidParameter.OverTimeError")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/r\",\"RoleSessionName\":\"s1\",\"Colour\":\"red\"}", "UnknownParameter")]
        [InlineData("[1]", "InvalidParameter")]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:role/4611686018427397919\",\"RoleSessionName\":\"a=b,c.d@e_f-g\",\"DurationSeconds\":43200,\"Policy\":\"x\",\"ExternalId\":\"e\"}", null)]
        [InlineData("{\"RoleArn\":\"qcs::cam::uin/100000000001:role/tencentcloudServiceRole/4611686018427397920\",\"RoleSessionName\":\"s1\"}", null)]
        public async Task AssumeRoleChecksItsParametersWithTheStsCodes(string body, string? expectedCode)
        {
            Assert.Equal(expectedCode, RawCalls.ErrorCode(await _calls.DemoSignedAsync("AssumeRole", body)));
        }

        [Fact]
        public async Task TheStsAnswersOnlyItsOwnVersion()
        {
            JsonElement answer = await _calls.SignedAsync(
                "AssumeRole", "{\"RoleArn\":\"qcs::cam::uin/1:roleName/r\",\"RoleSessionName\":\"s1\"}", EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, version: "2019-06-12");

            Assert.Equal("NoSuchVersion", RawCalls.ErrorCode(answer));
            Assert.Contains("sts", RawCalls.ErrorMessage(answer));
        }

        [Fact]
        public async Task ATemporaryKeyWithoutItsTokenOrWithAnotherIsRefused()
        {
            TemporaryKeys keys = await _calls.AssumeRoleAsync();
            TemporaryKeys other = await _calls.AssumeRoleAsync();

            JsonElement noToken = await _calls.SignedAsync(Describe, DoneTask, keys.SecretId, keys.SecretKey);
            JsonElement wrongToken = await _calls.SignedAsync(Describe, DoneTask, keys.SecretId, keys.SecretKey, keys.Token + "x");
            JsonElement othersToken = await _calls.SignedAsync(Describe, DoneTask, keys.SecretId, keys.SecretKey, other.Token);

            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(noToken));
            Assert.Equal("The session token is missing or invalid.", RawCalls.ErrorMessage(noToken));
            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(wrongToken));
            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(othersToken));
            Assert.Equal(0, _server.Log.Snapshot().ExpiredTokenRefusals);
        }

        [Fact]
        public async Task AnExpiredTemporaryKeyIsRefusedAsSuchAndCounted()
        {
            TemporaryKeys keys = await _calls.AssumeRoleAsync(extra: ",\"DurationSeconds\":900");

            _clock.Advance(TimeSpan.FromSeconds(899));
            JsonElement lastSecond = await _calls.WithKeysAsync(Describe, DoneTask, keys);
            _clock.Advance(TimeSpan.FromSeconds(1));
            JsonElement expired = await _calls.WithKeysAsync(Describe, DoneTask, keys);

            Assert.Null(RawCalls.ErrorCode(lastSecond));
            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(expired));
            Assert.Contains("expired", RawCalls.ErrorMessage(expired));
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(1, stats.ExpiredTokenRefusals);
            Assert.Equal(1, stats.CallsByCredentialKind[CredentialKind.AssumeRole]);
        }

        [Fact]
        public async Task AssumeRoleCanBeSignedWithATemporaryKeyAndItsToken()
        {
            TemporaryKeys first = await _calls.AssumeRoleAsync();
            const string body = "{\"RoleArn\":\"qcs::cam::uin/100000000001:roleName/next-role\",\"RoleSessionName\":\"chained\"}";

            JsonElement chained = await _calls.SignedAsync("AssumeRole", body, first.SecretId, first.SecretKey, first.Token);
            JsonElement tokenless = await _calls.SignedAsync("AssumeRole", body, first.SecretId, first.SecretKey);

            Assert.Null(RawCalls.ErrorCode(await _calls.WithKeysAsync(Describe, DoneTask, TemporaryKeys.From(chained))));
            Assert.Equal("AuthFailure.TokenFailure", RawCalls.ErrorCode(tokenless));
        }

        [Fact]
        public async Task GetCallerIdentitySaysWhoSigned()
        {
            TemporaryKeys keys = await _calls.AssumeRoleAsync("qcs::cam::uin/200000000002:roleName/mps-reader");

            JsonElement user = await _calls.DemoSignedAsync("GetCallerIdentity", "{}");
            JsonElement role = await _calls.SignedAsync("GetCallerIdentity", "{}", keys.SecretId, keys.SecretKey, keys.Token);

            Assert.Equal("CAMUser", user.GetProperty("Type").GetString());
            Assert.Equal("CAMRole", role.GetProperty("Type").GetString());
            Assert.Equal("200000000002", role.GetProperty("AccountId").GetString());
            Assert.Equal("mps-reader:test-session", role.GetProperty("UserId").GetString());
            Assert.Equal("qcs::sts:200000000002:assumed-role/mps-reader", role.GetProperty("Arn").GetString());
        }

        [Fact]
        public async Task PermanentKeysStillCallMpsAndAreCountedAsPermanent()
        {
            JsonElement described = await _calls.DemoSignedAsync(Describe, DoneTask);

            Assert.Null(RawCalls.ErrorCode(described));
            EmulatorStats stats = _server.Log.Snapshot();
            Assert.Equal(1, stats.CallsByCredentialKind[CredentialKind.Permanent]);
            Assert.Equal(0, stats.CallsByCredentialKind[CredentialKind.AssumeRole]);
        }
    }
}
