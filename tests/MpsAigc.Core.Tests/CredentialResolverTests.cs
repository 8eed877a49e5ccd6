using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Credentials;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// The chain: -Credential, -ProfileName, the environment (maybe assuming a role), TKE OIDC, the profile
    /// files, the CVM role. STS and the metadata service are stubs; each test has its own endpoints, so the
    /// process-wide memory of metadata misses and clock offsets never carries from one test to another.
    /// </summary>
    public sealed class CredentialResolverTests : IDisposable
    {
        private const string RoleArn = "qcs::cam::uin/100000000001:roleName/mps-runner";
        private const string OtherRoleArn = "qcs::cam::uin/100000000001:roleName/mps-admin";
        private const string PodRoleArn = "qcs::cam::uin/100000000001:roleName/tke-pod";
        private const string MetadataRoot = "/latest/meta-data/cam/security-credentials/";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        private readonly string _home = Path.Combine(Path.GetTempPath(), "mpsaigc-home-" + Guid.NewGuid().ToString("N"));
        private readonly string _systemFile;
        private readonly Dictionary<string, string> _environment = new Dictionary<string, string>();
        private readonly FakeClock _clock = new FakeClock(Start);
        private readonly RouteHandler _sts;
        private readonly RouteHandler _metadata;
        private readonly CredentialServices _services;
        private readonly string _stsHost = "sts-" + Guid.NewGuid().ToString("N") + ".test";
        private int _stsAnswers;
        private int _metadataAnswers;
        private string? _stsError;
        private string? _cvmRole;
        private bool _metadataDown;

        public CredentialResolverTests()
        {
            Directory.CreateDirectory(Path.Combine(_home, ".tencentcloud"));
            _systemFile = Path.Combine(_home, "etc-tencentcloud-credentials");
            // Never the real network: a metadata host of this test's own, and a stub behind both services.
            _environment[CredentialResolver.MetadataEndpointVariable] = "http://metadata-" + Guid.NewGuid().ToString("N") + ".test";
            _environment[CredentialResolver.StsEndpointVariable] = "https://" + _stsHost;
            _sts = new RouteHandler(AnswerSts);
            _metadata = new RouteHandler(AnswerMetadata);
            _services = new CredentialServices { Clock = _clock, StsHandler = _sts, MetadataHandler = _metadata, Cache = new CredentialSourceCache() };
        }

        public void Dispose()
        {
            Directory.Delete(_home, recursive: true);
        }

        // ---- Ported from the synchronous resolver ----

        [Fact]
        public async Task ExplicitCredentialWinsOverProfileNameEnvironmentAndFile()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n[prod]\nsecret_id = prod-id\nsecret_key = prod-key\n");
            var given = new TencentCredential("given-id", "given-key", "tok", "the -Credential parameter");

            CredentialSource source = await ResolveAsync(new CredentialRequest { Explicit = given, ProfileName = "prod" });

            Assert.Equal("Parameter (-Credential)", source.Name);
            Assert.False(source.Renews);
            Assert.Same(given, await KeysOf(source));
        }

        [Fact]
        public async Task EnvironmentWinsOverTheDefaultProfile()
        {
            SetEnvironment("env-id", "env-key", "env-token");
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");

            CredentialSource source = await ResolveAsync();
            TencentCredential resolved = await KeysOf(source);

            Assert.Equal("Environment", source.Name);
            Assert.Equal("env-id", resolved.SecretId);
            Assert.Equal("env-key", resolved.SecretKey);
            Assert.Equal("env-token", resolved.SessionToken);
            Assert.Contains("TENCENTCLOUD_SECRET_ID", resolved.Source);
        }

        [Fact]
        public async Task DefaultProfileIsReadWithTokenAndComments()
        {
            WriteProfiles("; made by hand\n[other]\nsecret_id = o\nsecret_key = o\n\n[default]\n# keys\nsecret_id = file-id\nsecret_key = file=key\ntoken = file-token\n");

            CredentialSource source = await ResolveAsync();
            TencentCredential resolved = await KeysOf(source);

            Assert.Equal("Profile 'default'", source.Name);
            Assert.Equal("file-id", resolved.SecretId);
            Assert.Equal("file=key", resolved.SecretKey);
            Assert.Equal("file-token", resolved.SessionToken);
            Assert.Contains("[default]", resolved.Source);
        }

        [Fact]
        public async Task NamedProfileIsUsedEvenWhenTheEnvironmentHasKeys()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = d\nsecret_key = d\n[prod]\nsecret_id = prod-id\nsecret_key = prod-key\n");

            CredentialSource source = await ResolveAsync(new CredentialRequest { ProfileName = "prod" });

            Assert.Equal("Profile 'prod'", source.Name);
            Assert.Equal("prod-id", (await KeysOf(source)).SecretId);
        }

        [Fact]
        public async Task MissingNamedProfileIsAnErrorNotAFallBack()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = d\nsecret_key = d\n");

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync(new CredentialRequest { ProfileName = "prod" }));

            Assert.Equal("ProfileNotFound", error.ErrorId);
            Assert.Contains("prod", error.Message);
            Assert.Contains("default", error.Message);
        }

        [Fact]
        public async Task NamedProfileWithoutAFileIsAnError()
        {
            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync(new CredentialRequest { ProfileName = "prod" }));
            Assert.Equal("ProfileNotFound", error.ErrorId);
        }

        [Fact]
        public async Task NoCredentialsNamesEveryWayToSupplyThem()
        {
            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync());

            Assert.Equal("NoCredentials", error.ErrorId);
            Assert.Contains("-Credential", error.Message);
            Assert.Contains("-ProfileName", error.Message);
            Assert.Contains("TENCENTCLOUD_SECRET_ID", error.Message);
            Assert.Contains("TENCENTCLOUD_ROLE_ARN", error.Message);
            Assert.Contains("TKE_WEB_IDENTITY_TOKEN_FILE", error.Message);
            Assert.Contains(Path.Combine(_home, ".tencentcloud", "credentials"), error.Message);
            Assert.Contains("default.credential", error.Message);
            Assert.Contains("CVM", error.Message);
            // The chain ended by asking the metadata service for a role, once.
            Assert.Equal(MetadataRoot, Assert.Single(_metadata.Requests).Uri.AbsolutePath);
            Assert.Empty(_sts.Requests);
        }

        [Fact]
        public async Task HalfAnEnvironmentPairIsAnError()
        {
            _environment["TENCENTCLOUD_SECRET_ID"] = "env-id";

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync());

            Assert.Equal("IncompleteCredentials", error.ErrorId);
        }

        [Fact]
        public async Task CredentialsFileCanBeMovedByEnvironment()
        {
            string moved = Path.Combine(_home, "elsewhere.ini");
            File.WriteAllText(moved, "[default]\nsecret_id = moved-id\nsecret_key = moved-key\n");
            _environment["TENCENTCLOUD_CREDENTIALS_FILE"] = moved;

            Assert.Equal("moved-id", (await KeysOf(await ResolveAsync())).SecretId);
        }

        [Fact]
        public async Task MalformedFileNamesTheLineButNotItsContent()
        {
            WriteProfiles("[default]\nsecret_id = id\nsecret_key SuperSecretValue\n");

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync());

            Assert.Equal("InvalidCredentialsFile", error.ErrorId);
            Assert.Contains("line 3", error.Message);
            Assert.DoesNotContain("SuperSecretValue", error.Message);
        }

        [Fact]
        public async Task ProfileWithoutKeyIsIncomplete()
        {
            WriteProfiles("[default]\nsecret_id = id\n");
            Assert.Equal("IncompleteCredentials", (await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync())).ErrorId);
        }

        [Fact]
        public void EmptyKeyIsRefused()
        {
            var error = Assert.Throws<CredentialException>(() => new TencentCredential("id", string.Empty, null, "test"));
            Assert.Equal("IncompleteCredentials", error.ErrorId);
        }

        [Fact]
        public void ToStringShowsNeitherKeyNorTokenButTheExpiry()
        {
            var credential = new TencentCredential("AKIDpublic", "TopSecretKey", "TopSecretToken", "test", Start.AddHours(2));
            string text = credential.ToString();
            Assert.Contains("AKIDpublic", text);
            Assert.Contains("2026-11-24 14:00:00 UTC", text);
            Assert.DoesNotContain("TopSecretKey", text);
            Assert.DoesNotContain("TopSecretToken", text);
        }

        // ---- The order of the chain ----

        [Fact]
        public async Task EnvironmentKeysWinOverTkeOidc()
        {
            SetEnvironment("env-id", "env-key");
            SetTke(WriteToken("jwt-1"));

            CredentialSource source = await ResolveAsync();

            Assert.Equal("Environment", source.Name);
            Assert.Equal("env-id", (await KeysOf(source)).SecretId);
            Assert.Empty(_sts.Requests);
        }

        [Fact]
        public async Task TkeOidcWinsOverTheDefaultProfileAndOverACvmRole()
        {
            SetTke(WriteToken("jwt-1"));
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");
            _cvmRole = "mps-runbook";

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("TkeOidc " + PodRoleArn, source.Name);
            Assert.True(source.Renews);
            Assert.Equal("oidc-id-1", keys.SecretId);
            Assert.Equal("oidc-token-1", keys.SessionToken);
            Assert.Equal(Start.AddSeconds(7200), keys.Expiration);
            Assert.Empty(_metadata.Requests);
        }

        [Fact]
        public async Task TheDefaultProfileWinsOverACvmRole()
        {
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");
            _cvmRole = "mps-runbook";

            CredentialSource source = await ResolveAsync();

            Assert.Equal("Profile 'default'", source.Name);
            Assert.Empty(_metadata.Requests);
        }

        [Fact]
        public async Task TheCvmRoleIsTheLastResortAndItsKeysComeFromTheMetadataService()
        {
            _cvmRole = "mps-runbook";

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("CvmRole mps-runbook", source.Name);
            Assert.True(source.Renews);
            Assert.Equal("cvm-id-1", keys.SecretId);
            Assert.Equal("cvm-key-1", keys.SecretKey);
            Assert.Equal("cvm-token-1", keys.SessionToken);
            Assert.Equal(Start.AddSeconds(7200), keys.Expiration);
            Assert.Equal(
                new[] { MetadataRoot, MetadataRoot + "mps-runbook" },
                _metadata.Requests.Select(r => r.Uri.AbsolutePath).ToArray());
            Assert.All(_metadata.Requests, r => Assert.Equal("GET", r.Method));
            Assert.Empty(_sts.Requests);
        }

        [Fact]
        public async Task AnUnreachableMetadataServiceMeansNoCredentialsAndIsNotAskedAgain()
        {
            _metadataDown = true;

            var first = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync());
            var second = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync());

            Assert.Equal("NoCredentials", first.ErrorId);
            Assert.Equal("NoCredentials", second.ErrorId);
            Assert.Single(_metadata.Requests);
        }

        // ---- Roles assumed with the environment's keys ----

        [Fact]
        public async Task TheEnvironmentsRoleIsAssumedWithTheEnvironmentsKeysSignedForSts()
        {
            SetEnvironment("env-id", "env-key", "env-token");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;
            _environment["TENCENTCLOUD_ROLE_SESSION_NAME"] = "nightly-batch";

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("AssumeRole " + RoleArn, source.Name);
            Assert.Equal("sts-id-1", keys.SecretId);
            Assert.Equal("sts-key-1", keys.SecretKey);
            Assert.Equal("sts-token-1", keys.SessionToken);
            Assert.Equal(Start.AddSeconds(7200), keys.Expiration);
            SentRequest sent = Assert.Single(_sts.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal(_stsHost, sent.Uri.Host);
            Assert.Equal("AssumeRole", sent.Headers["X-TC-Action"]);
            Assert.Equal("2018-08-13", sent.Headers["X-TC-Version"]);
            Assert.Equal("ap-guangzhou", sent.Headers["X-TC-Region"]);
            Assert.Equal("env-token", sent.Headers["X-TC-Token"]);
            AssertSignedBy(sent, "env-id", "env-key");
            JsonElement body = Body(sent);
            Assert.Equal(RoleArn, body.GetProperty("RoleArn").GetString());
            Assert.Equal("nightly-batch", body.GetProperty("RoleSessionName").GetString());
            Assert.Equal(7200, body.GetProperty("DurationSeconds").GetInt32());
        }

        [Fact]
        public async Task WithoutASessionNameTheProcessWideDefaultIsSent()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;

            await KeysOf(await ResolveAsync());

            string? sessionName = Body(Assert.Single(_sts.Requests)).GetProperty("RoleSessionName").GetString();
            Assert.StartsWith("mpsaigc-", sessionName);
            Assert.Equal(RoleSources.DefaultSessionName, sessionName);
        }

        [Fact]
        public async Task WithoutAnStsEndpointTheRealOneIsNamed()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;
            _environment.Remove(CredentialResolver.StsEndpointVariable);

            await KeysOf(await ResolveAsync());

            SentRequest sent = Assert.Single(_sts.Requests);
            Assert.Equal("https://sts.tencentcloudapi.com/", sent.Uri.AbsoluteUri);
        }

        [Fact]
        public async Task TheTccliTokenVariableIsUsedWhenTheSessionTokenIsAbsent()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_TOKEN"] = "tccli-token";

            Assert.Equal("tccli-token", (await KeysOf(await ResolveAsync())).SessionToken);

            _environment["TENCENTCLOUD_SESSION_TOKEN"] = "session-token";
            Assert.Equal("session-token", (await KeysOf(await ResolveAsync())).SessionToken);
        }

        [Fact]
        public async Task TheRoleArnParameterIsAssumedWithAProfilesKeys()
        {
            WriteProfiles("[prod]\nsecret_id = prod-id\nsecret_key = prod-key\n");

            CredentialSource source = await ResolveAsync(new CredentialRequest
            {
                ProfileName = "prod",
                RoleArn = RoleArn,
                RoleSessionName = "one-off",
                RoleDurationSeconds = 3600,
                Region = "ap-singapore",
            });
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("AssumeRole " + RoleArn, source.Name);
            Assert.Equal("sts-id-1", keys.SecretId);
            SentRequest sent = Assert.Single(_sts.Requests);
            AssertSignedBy(sent, "prod-id", "prod-key");
            Assert.False(sent.Headers.ContainsKey("X-TC-Token"));
            Assert.Equal("ap-singapore", sent.Headers["X-TC-Region"]);
            JsonElement body = Body(sent);
            Assert.Equal(RoleArn, body.GetProperty("RoleArn").GetString());
            Assert.Equal("one-off", body.GetProperty("RoleSessionName").GetString());
            Assert.Equal(3600, body.GetProperty("DurationSeconds").GetInt32());
        }

        [Fact]
        public async Task TheRoleArnParameterOverridesTheEnvironmentsRole()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;

            CredentialSource source = await ResolveAsync(new CredentialRequest { RoleArn = OtherRoleArn });
            await KeysOf(source);

            Assert.Equal("AssumeRole " + OtherRoleArn, source.Name);
            // One AssumeRole, with the environment's own keys: not the environment's role, then the parameter's.
            SentRequest sent = Assert.Single(_sts.Requests);
            AssertSignedBy(sent, "env-id", "env-key");
            Assert.Equal(OtherRoleArn, Body(sent).GetProperty("RoleArn").GetString());
        }

        [Fact]
        public async Task TheRoleArnParameterOverridesAProfilesRole()
        {
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\nrole_arn = " + RoleArn + "\n");

            CredentialSource source = await ResolveAsync(new CredentialRequest { RoleArn = OtherRoleArn });
            await KeysOf(source);

            Assert.Equal("AssumeRole " + OtherRoleArn, source.Name);
            SentRequest sent = Assert.Single(_sts.Requests);
            AssertSignedBy(sent, "file-id", "file-key");
            Assert.Equal(OtherRoleArn, Body(sent).GetProperty("RoleArn").GetString());
        }

        [Fact]
        public async Task TheRoleArnParameterIsAssumedWithThePodsOidcKeys()
        {
            SetTke(WriteToken("jwt-1"));

            CredentialSource source = await ResolveAsync(new CredentialRequest { RoleArn = RoleArn });
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("AssumeRole " + RoleArn, source.Name);
            Assert.Equal("sts-id-2", keys.SecretId);
            SentRequest[] sent = _sts.Requests.ToArray();
            Assert.Equal(new[] { "AssumeRoleWithWebIdentity", "AssumeRole" }, sent.Select(r => r.Headers["X-TC-Action"]).ToArray());
            AssertSignedBy(sent[1], "oidc-id-1", "oidc-key-1");
            Assert.Equal("oidc-token-1", sent[1].Headers["X-TC-Token"]);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(43201)]
        public async Task ARoleDurationOutsideWhatStsGivesIsRefused(int seconds)
        {
            SetEnvironment("env-id", "env-key");

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync(new CredentialRequest { RoleArn = RoleArn, RoleDurationSeconds = seconds }));

            Assert.Equal("InvalidRoleDuration", error.ErrorId);
            Assert.Empty(_sts.Requests);
        }

        [Fact]
        public async Task AnStsRefusalFailsTheKeysNamingTheSourceAndTheCodeButNoSecret()
        {
            SetEnvironment("env-id", "env-secret-key", "env-secret-token");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;
            _stsError = CredentialAnswers.StsError("InvalidParameter.ParamError", "The RoleArn is not valid.");

            CredentialSource source = await ResolveAsync();
            var error = await Assert.ThrowsAsync<CredentialException>(() => KeysOf(source));

            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.StartsWith("AssumeRole " + RoleArn + ": InvalidParameter.ParamError", error.Message);
            Assert.Contains("The RoleArn is not valid.", error.Message);
            Assert.DoesNotContain("env-secret-key", error.Message);
            Assert.DoesNotContain("env-secret-token", error.Message);
            Assert.Equal("InvalidParameter.ParamError", Assert.IsType<MpsServiceException>(error.InnerException).Code);
            Assert.Single(_sts.Requests);
        }

        // ---- TKE OIDC ----

        [Fact]
        public async Task OidcSendsAnUnsignedAssumeRoleWithWebIdentityToTheClustersRegion()
        {
            SetTke(WriteToken("jwt-1\n"));

            await KeysOf(await ResolveAsync());

            SentRequest sent = Assert.Single(_sts.Requests);
            Assert.Equal("AssumeRoleWithWebIdentity", sent.Headers["X-TC-Action"]);
            Assert.Equal("2018-08-13", sent.Headers["X-TC-Version"]);
            Assert.Equal("SKIP", sent.Headers["Authorization"]);
            Assert.False(sent.Headers.ContainsKey("X-TC-Token"));
            Assert.Equal("ap-shanghai", sent.Headers["X-TC-Region"]);
            JsonElement body = Body(sent);
            Assert.Equal("cls-abc123", body.GetProperty("ProviderId").GetString());
            Assert.Equal("jwt-1", body.GetProperty("WebIdentityToken").GetString());
            Assert.Equal(PodRoleArn, body.GetProperty("RoleArn").GetString());
            Assert.Equal(RoleSources.DefaultSessionName, body.GetProperty("RoleSessionName").GetString());
            Assert.Equal(7200, body.GetProperty("DurationSeconds").GetInt32());
        }

        [Fact]
        public async Task TheTokenFileIsReadAgainAtEachRenewal()
        {
            string tokenFile = WriteToken("jwt-1");
            SetTke(tokenFile);
            CredentialSource source = await ResolveAsync();
            Assert.Equal("oidc-id-1", (await KeysOf(source)).SecretId);

            File.WriteAllText(tokenFile, "jwt-2");
            _clock.Advance(TimeSpan.FromSeconds(7201));
            Assert.Equal("oidc-id-2", (await KeysOf(source)).SecretId);

            Assert.Equal(new[] { "jwt-1", "jwt-2" }, _sts.Requests.Select(r => Body(r).GetProperty("WebIdentityToken").GetString()).ToArray());
        }

        [Fact]
        public async Task AnUnreadableTokenFileFailsTheKeysNamingTheFile()
        {
            string tokenFile = Path.Combine(_home, "no-such-token");
            SetTke(tokenFile);

            CredentialSource source = await ResolveAsync();
            var error = await Assert.ThrowsAsync<CredentialException>(() => KeysOf(source));

            Assert.Equal("CredentialUnavailable", error.ErrorId);
            Assert.StartsWith("TkeOidc " + PodRoleArn + ": ", error.Message);
            Assert.Contains(tokenFile, error.Message);
            Assert.Empty(_sts.Requests);
        }

        [Theory]
        [InlineData("TKE_REGION")]
        [InlineData("TKE_PROVIDER_ID")]
        [InlineData("TKE_WEB_IDENTITY_TOKEN_FILE")]
        [InlineData("TKE_ROLE_ARN")]
        public async Task ThreeOfTheFourTkeVariablesAreNotOidc(string missing)
        {
            SetTke(WriteToken("jwt-1"));
            _environment.Remove(missing);
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");

            CredentialSource source = await ResolveAsync();

            Assert.Equal("Profile 'default'", source.Name);
            Assert.Empty(_sts.Requests);
        }

        // ---- The profile files ----

        [Fact]
        public async Task TheUserFileWinsOverTheSystemFileAndTccli()
        {
            WriteProfiles("[default]\nsecret_id = user-id\nsecret_key = user-key\n");
            File.WriteAllText(_systemFile, "[default]\nsecret_id = system-id\nsecret_key = system-key\n");
            WriteTccli("default", "{\"secretId\":\"tccli-id\",\"secretKey\":\"tccli-key\"}");

            Assert.Equal("user-id", (await KeysOf(await ResolveAsync())).SecretId);
        }

        [Fact]
        public async Task TheSystemFileIsReadWhenTheUserFileLacksTheProfile()
        {
            WriteProfiles("[other]\nsecret_id = o\nsecret_key = o\n");
            File.WriteAllText(_systemFile, "[default]\nsecret_id = system-id\nsecret_key = system-key\n");
            WriteTccli("default", "{\"secretId\":\"tccli-id\",\"secretKey\":\"tccli-key\"}");

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("Profile 'default'", source.Name);
            Assert.Equal("system-id", keys.SecretId);
            Assert.Contains(_systemFile, keys.Source);
        }

        [Fact]
        public async Task TccliIsReadWhenNoIniFileHasTheProfile()
        {
            File.WriteAllText(_systemFile, "[other]\nsecret_id = o\nsecret_key = o\n");
            WriteTccli("default", "{\"secretId\":\"tccli-id\",\"secretKey\":\"tccli-key\",\"token\":\"tccli-token\"}");

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("Profile 'default' (tccli)", source.Name);
            Assert.Equal("tccli-id", keys.SecretId);
            Assert.Equal("tccli-key", keys.SecretKey);
            Assert.Equal("tccli-token", keys.SessionToken);
        }

        [Fact]
        public async Task ANamedTccliProfileIsFound()
        {
            WriteTccli("prod", "{\"secretId\":\"tccli-prod-id\",\"secretKey\":\"tccli-prod-key\"}");

            CredentialSource source = await ResolveAsync(new CredentialRequest { ProfileName = "prod" });

            Assert.Equal("Profile 'prod' (tccli)", source.Name);
            Assert.Equal("tccli-prod-id", (await KeysOf(source)).SecretId);
        }

        [Fact]
        public async Task ATccliProfileWithARoleAssumesItWithItsKeys()
        {
            WriteTccli("default", "{\"secretId\":\"tccli-id\",\"secretKey\":\"tccli-key\",\"role-arn\":\"" + RoleArn + "\",\"role-session-name\":\"from-tccli\"}");

            CredentialSource source = await ResolveAsync();
            TencentCredential keys = await KeysOf(source);

            Assert.Equal("AssumeRole " + RoleArn, source.Name);
            Assert.Equal("sts-id-1", keys.SecretId);
            SentRequest sent = Assert.Single(_sts.Requests);
            AssertSignedBy(sent, "tccli-id", "tccli-key");
            Assert.Equal(RoleArn, Body(sent).GetProperty("RoleArn").GetString());
            Assert.Equal("from-tccli", Body(sent).GetProperty("RoleSessionName").GetString());
        }

        [Fact]
        public async Task ATccliCvmRoleProfileUsesTheInstancesRole()
        {
            WriteTccli("prod", "{\"type\":\"cvm-role\"}");
            _cvmRole = "mps-runbook";

            CredentialSource source = await ResolveAsync(new CredentialRequest { ProfileName = "prod" });

            Assert.Equal("CvmRole mps-runbook", source.Name);
            Assert.Equal("cvm-id-1", (await KeysOf(source)).SecretId);
        }

        [Fact]
        public async Task ATccliCvmRoleProfileOffCvmIsNoCredentials()
        {
            WriteTccli("prod", "{\"type\":\"cvm-role\"}");
            SetEnvironment("env-id", "env-key");

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync(new CredentialRequest { ProfileName = "prod" }));

            Assert.Equal("NoCredentials", error.ErrorId);
            Assert.Contains("CVM", error.Message);
        }

        [Fact]
        public async Task AnIniProfileWithARoleAssumesItWithItsKeys()
        {
            WriteProfiles("[prod]\nsecret_id = prod-id\nsecret_key = prod-key\nrole_arn = " + RoleArn + "\nrole_session_name = from-ini\n");

            CredentialSource source = await ResolveAsync(new CredentialRequest { ProfileName = "prod" });
            await KeysOf(source);

            Assert.Equal("AssumeRole " + RoleArn, source.Name);
            SentRequest sent = Assert.Single(_sts.Requests);
            AssertSignedBy(sent, "prod-id", "prod-key");
            Assert.Equal("from-ini", Body(sent).GetProperty("RoleSessionName").GetString());
        }

        [Fact]
        public async Task AMissingNamedProfileNeverFallsThroughToAnyOtherSource()
        {
            SetEnvironment("env-id", "env-key");
            SetTke(WriteToken("jwt-1"));
            WriteProfiles("[default]\nsecret_id = d\nsecret_key = d\n");
            _cvmRole = "mps-runbook";

            var error = await Assert.ThrowsAsync<CredentialException>(() => ResolveAsync(new CredentialRequest { ProfileName = "prod" }));

            Assert.Equal("ProfileNotFound", error.ErrorId);
            Assert.Contains(Path.Combine(_home, ".tccli", "prod.credential"), error.Message);
            Assert.Empty(_sts.Requests);
            Assert.Empty(_metadata.Requests);
        }

        // ---- One renewing source per process ----

        [Theory]
        [InlineData("assume")]
        [InlineData("oidc")]
        [InlineData("cvm")]
        public async Task TheSameRequestResolvedTwiceSharesOneSourceAndItsRenewal(string kind)
        {
            switch (kind)
            {
                case "assume":
                    SetEnvironment("env-id", "env-key");
                    _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;
                    break;
                case "oidc":
                    SetTke(WriteToken("jwt-1"));
                    break;
                default:
                    _cvmRole = "mps-runbook";
                    break;
            }

            CredentialSource first = await ResolveAsync();
            TencentCredential keys = await KeysOf(first);
            CredentialSource second = await ResolveAsync();

            Assert.Same(first, second);
            Assert.Same(keys, await KeysOf(second));
            Assert.Equal(1, ((RenewingCredentialSource)first).Fetches);
            Assert.Contains(first, _services.Cache.Sources);
        }

        [Fact]
        public async Task OtherBaseKeysMakeAnotherSource()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;
            CredentialSource first = await ResolveAsync();

            // The same SecretId with another key: another account's keys as far as anyone can tell.
            SetEnvironment("env-id", "other-key");
            CredentialSource second = await ResolveAsync();

            Assert.NotSame(first, second);
            await KeysOf(second);
            AssertSignedBy(Assert.Single(_sts.Requests), "env-id", "other-key");
        }

        [Fact]
        public async Task AnUnreadableMachineFileIsPassedOverAndAnUnreadableUserFileIsNamed()
        {
            // /proc/self/mem exists but reading it from the start fails (EIO): an unreadable file even for root.
            if (!File.Exists("/proc/self/mem"))
            {
                return;
            }
            SetEnvironment("env-id", "env-key");
            var machineUnreadable = new CredentialResolver(name => _environment.TryGetValue(name, out string? value) ? value : null, _home, "/proc/self/mem", _services);
            // Passed over: the profile is simply not found there, rather than the read failing the command.
            var missing = await Assert.ThrowsAsync<CredentialException>(() => machineUnreadable.ResolveAsync(new CredentialRequest { ProfileName = "prod" }, CancellationToken.None));
            Assert.Equal(ErrorIds.ProfileNotFound, missing.ErrorId);

            _environment["TENCENTCLOUD_CREDENTIALS_FILE"] = "/proc/self/mem";
            var unreadable = await Assert.ThrowsAsync<CredentialException>(() => Resolver().ResolveAsync(new CredentialRequest { ProfileName = "prod" }, CancellationToken.None));
            Assert.Equal(ErrorIds.InvalidCredentialsFile, unreadable.ErrorId);
            Assert.Contains("/proc/self/mem", unreadable.Message);
        }

        // ---- A command's connection (Connection.OpenAsync) ----

        [Fact]
        public async Task ACommandThatMayWorkWithoutTheApiStartsWithoutCredentialsAndFailsOnlyTheCallThatNeedsThem()
        {
            var optional = await OpenAsync(ConnectionSettings.None, credentialsRequired: false);

            Assert.Null(optional.Credentials);
            Assert.StartsWith("Credentials: none (NoCredentials)", optional.Describe()[0]);
            Assert.Equal(ErrorIds.NoCredentials, Assert.Throws<CredentialException>(() => optional.Client(NullLog.Instance)).ErrorId);
            var required = await Assert.ThrowsAsync<CredentialException>(() => OpenAsync(ConnectionSettings.None, credentialsRequired: true));
            Assert.Equal(ErrorIds.NoCredentials, required.ErrorId);
        }

        [Fact]
        public async Task CredentialsTheCommandNamedMustBeFoundEvenWhenNoCallMayBeNeeded()
        {
            var error = await Assert.ThrowsAsync<CredentialException>(() => OpenAsync(ConnectionSettings.None.With("ProfileName", "prod"), credentialsRequired: false));

            Assert.Equal(ErrorIds.ProfileNotFound, error.ErrorId);
        }

        [Fact]
        public async Task TemporaryKeysAreFetchedAsTheCommandStartsOnlyWhenItMustCallTheApi()
        {
            SetEnvironment("env-id", "env-key");
            _environment["TENCENTCLOUD_ROLE_ARN"] = RoleArn;

            Connection lazy = await OpenAsync(ConnectionSettings.None, credentialsRequired: false);
            Assert.Empty(_sts.Requests);
            Assert.Null(lazy.Credentials!.Current);

            _stsError = CredentialAnswers.StsError("AuthFailure.SecretIdNotFound", "no such key");
            await Assert.ThrowsAsync<CredentialException>(() => OpenAsync(ConnectionSettings.None, credentialsRequired: true));
            Assert.Single(_sts.Requests);
            _stsError = null;
            Connection eager = await OpenAsync(ConnectionSettings.None.With("Region", "ap-beijing"), credentialsRequired: true);
            Assert.Equal("sts-id-1", eager.Credentials!.Current!.SecretId);
            Assert.Equal("ap-beijing", eager.Region);
        }

        [Fact]
        public async Task AnEndpointThatIsNoUrlIsRefusedAsAnInvalidEndpointBeforeAnythingIsWarmedForIt()
        {
            SetEnvironment("env-id", "env-key");

            var error = await Assert.ThrowsAsync<MpsException>(() => OpenAsync(ConnectionSettings.None.With("Endpoint", new Uri("mps.example", UriKind.Relative)), credentialsRequired: true));

            Assert.Equal(ErrorIds.InvalidEndpoint, error.ErrorId);
        }

        private CredentialResolver Resolver()
        {
            return new CredentialResolver(name => _environment.TryGetValue(name, out string? value) ? value : null, _home, _systemFile, _services);
        }

        private Task<Connection> OpenAsync(ConnectionSettings settings, bool credentialsRequired)
        {
            return Connection.OpenAsync(settings, false, credentialsRequired, Resolver(), NullLog.Instance, CancellationToken.None);
        }

        private Task<CredentialSource> ResolveAsync(CredentialRequest? request = null)
        {
            return Resolver().ResolveAsync(request ?? new CredentialRequest(), CancellationToken.None);
        }

        private static Task<TencentCredential> KeysOf(CredentialSource source)
        {
            return source.GetAsync(NullLog.Instance, CancellationToken.None);
        }

        private HttpResponseMessage AnswerSts(SentRequest sent)
        {
            if (_stsError != null)
            {
                return StubHandler.Json(_stsError);
            }
            int n = Interlocked.Increment(ref _stsAnswers);
            string prefix = sent.Headers["X-TC-Action"] == "AssumeRoleWithWebIdentity" ? "oidc" : "sts";
            return StubHandler.Json(CredentialAnswers.Sts(prefix + "-id-" + n, prefix + "-key-" + n, prefix + "-token-" + n, _clock.UtcNow.AddSeconds(7200)));
        }

        private HttpResponseMessage AnswerMetadata(SentRequest sent)
        {
            if (_metadataDown)
            {
                throw new HttpRequestException("Name or service not known");
            }
            if (_cvmRole == null)
            {
                return RouteHandler.NotFound();
            }
            if (sent.Uri.AbsolutePath == MetadataRoot)
            {
                return RouteHandler.Text(_cvmRole + "\n");
            }
            if (sent.Uri.AbsolutePath == MetadataRoot + _cvmRole)
            {
                int n = Interlocked.Increment(ref _metadataAnswers);
                return StubHandler.Json(CredentialAnswers.Metadata("cvm-id-" + n, "cvm-key-" + n, "cvm-token-" + n, _clock.UtcNow.AddSeconds(7200)));
            }
            return RouteHandler.NotFound();
        }

        private static void AssertSignedBy(SentRequest sent, string secretId, string secretKey)
        {
            long timestamp = long.Parse(sent.Headers["X-TC-Timestamp"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Start.ToUnixTimeSeconds(), timestamp);
            Assert.StartsWith("TC3-HMAC-SHA256 Credential=" + secretId + "/2026-11-24/sts/tc3_request,", sent.Headers["Authorization"]);
            Assert.Equal(
                Tc3Signer.BuildAuthorization(secretId, secretKey, "sts", sent.Uri.Host, "application/json", sent.Body, timestamp),
                sent.Headers["Authorization"]);
        }

        private static JsonElement Body(SentRequest sent)
        {
            using (JsonDocument document = JsonDocument.Parse(sent.Body))
            {
                return document.RootElement.Clone();
            }
        }

        private void SetEnvironment(string id, string key, string? token = null)
        {
            _environment["TENCENTCLOUD_SECRET_ID"] = id;
            _environment["TENCENTCLOUD_SECRET_KEY"] = key;
            if (token != null)
            {
                _environment["TENCENTCLOUD_SESSION_TOKEN"] = token;
            }
        }

        private void SetTke(string tokenFile)
        {
            _environment["TKE_REGION"] = "ap-shanghai";
            _environment["TKE_PROVIDER_ID"] = "cls-abc123";
            _environment["TKE_WEB_IDENTITY_TOKEN_FILE"] = tokenFile;
            _environment["TKE_ROLE_ARN"] = PodRoleArn;
        }

        private string WriteToken(string token)
        {
            string path = Path.Combine(_home, "web-identity-token");
            File.WriteAllText(path, token);
            return path;
        }

        private void WriteProfiles(string text)
        {
            File.WriteAllText(Path.Combine(_home, ".tencentcloud", "credentials"), text);
        }

        private void WriteTccli(string profile, string json)
        {
            Directory.CreateDirectory(Path.Combine(_home, ".tccli"));
            File.WriteAllText(Path.Combine(_home, ".tccli", profile + ".credential"), json);
        }
    }
}
