using System;
using System.Collections.Generic;
using System.IO;
using MpsAigc.Credentials;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public sealed class CredentialResolverTests : IDisposable
    {
        private readonly string _home = Path.Combine(Path.GetTempPath(), "mpsaigc-home-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _environment = new Dictionary<string, string>();

        public CredentialResolverTests()
        {
            Directory.CreateDirectory(Path.Combine(_home, ".tencentcloud"));
        }

        public void Dispose()
        {
            Directory.Delete(_home, recursive: true);
        }

        [Fact]
        public void ExplicitCredentialWinsOverEnvironmentAndFile()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");
            var given = new TencentCredential("given-id", "given-key", "tok", "the -Credential parameter");

            TencentCredential resolved = Resolver().Resolve(given, null);

            Assert.Same(given, resolved);
        }

        [Fact]
        public void EnvironmentWinsOverTheDefaultProfile()
        {
            SetEnvironment("env-id", "env-key", "env-token");
            WriteProfiles("[default]\nsecret_id = file-id\nsecret_key = file-key\n");

            TencentCredential resolved = Resolver().Resolve(null, null);

            Assert.Equal("env-id", resolved.SecretId);
            Assert.Equal("env-key", resolved.SecretKey);
            Assert.Equal("env-token", resolved.SessionToken);
            Assert.Contains("TENCENTCLOUD_SECRET_ID", resolved.Source);
        }

        [Fact]
        public void DefaultProfileIsReadWithTokenAndComments()
        {
            WriteProfiles("; made by hand\n[other]\nsecret_id = o\nsecret_key = o\n\n[default]\n# keys\nsecret_id = file-id\nsecret_key = file=key\ntoken = file-token\n");

            TencentCredential resolved = Resolver().Resolve(null, null);

            Assert.Equal("file-id", resolved.SecretId);
            Assert.Equal("file=key", resolved.SecretKey);
            Assert.Equal("file-token", resolved.SessionToken);
            Assert.Contains("[default]", resolved.Source);
        }

        [Fact]
        public void NamedProfileIsUsedEvenWhenTheEnvironmentHasKeys()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = d\nsecret_key = d\n[prod]\nsecret_id = prod-id\nsecret_key = prod-key\n");

            Assert.Equal("prod-id", Resolver().Resolve(null, "prod").SecretId);
        }

        [Fact]
        public void MissingNamedProfileIsAnErrorNotAFallBack()
        {
            SetEnvironment("env-id", "env-key");
            WriteProfiles("[default]\nsecret_id = d\nsecret_key = d\n");

            var error = Assert.Throws<CredentialException>(() => Resolver().Resolve(null, "prod"));

            Assert.Equal("ProfileNotFound", error.ErrorId);
            Assert.Contains("prod", error.Message);
            Assert.Contains("default", error.Message);
        }

        [Fact]
        public void NamedProfileWithoutAFileIsAnError()
        {
            var error = Assert.Throws<CredentialException>(() => Resolver().Resolve(null, "prod"));
            Assert.Equal("ProfileNotFound", error.ErrorId);
        }

        [Fact]
        public void NoCredentialsNamesTheThreeWaysToSupplyThem()
        {
            var error = Assert.Throws<CredentialException>(() => Resolver().Resolve(null, null));

            Assert.Equal("NoCredentials", error.ErrorId);
            Assert.Contains("-Credential", error.Message);
            Assert.Contains("TENCENTCLOUD_SECRET_ID", error.Message);
            Assert.Contains(Path.Combine(_home, ".tencentcloud", "credentials"), error.Message);
        }

        [Fact]
        public void HalfAnEnvironmentPairIsAnError()
        {
            _environment["TENCENTCLOUD_SECRET_ID"] = "env-id";

            var error = Assert.Throws<CredentialException>(() => Resolver().Resolve(null, null));

            Assert.Equal("IncompleteCredentials", error.ErrorId);
        }

        [Fact]
        public void CredentialsFileCanBeMovedByEnvironment()
        {
            string moved = Path.Combine(_home, "elsewhere.ini");
            File.WriteAllText(moved, "[default]\nsecret_id = moved-id\nsecret_key = moved-key\n");
            _environment["TENCENTCLOUD_CREDENTIALS_FILE"] = moved;

            Assert.Equal("moved-id", Resolver().Resolve(null, null).SecretId);
        }

        [Fact]
        public void MalformedFileNamesTheLineButNotItsContent()
        {
            WriteProfiles("[default]\nsecret_id = id\nsecret_key SuperSecretValue\n");

            var error = Assert.Throws<CredentialException>(() => Resolver().Resolve(null, null));

            Assert.Equal("InvalidCredentialsFile", error.ErrorId);
            Assert.Contains("line 3", error.Message);
            Assert.DoesNotContain("SuperSecretValue", error.Message);
        }

        [Fact]
        public void ProfileWithoutKeyIsIncomplete()
        {
            WriteProfiles("[default]\nsecret_id = id\n");
            Assert.Equal("IncompleteCredentials", Assert.Throws<CredentialException>(() => Resolver().Resolve(null, null)).ErrorId);
        }

        [Fact]
        public void EmptyKeyIsRefused()
        {
            var error = Assert.Throws<CredentialException>(() => new TencentCredential("id", string.Empty, null, "test"));
            Assert.Equal("IncompleteCredentials", error.ErrorId);
        }

        [Fact]
        public void ToStringShowsNeitherKeyNorToken()
        {
            var credential = new TencentCredential("AKIDpublic", "TopSecretKey", "TopSecretToken", "test");
            string text = credential.ToString();
            Assert.Contains("AKIDpublic", text);
            Assert.DoesNotContain("TopSecretKey", text);
            Assert.DoesNotContain("TopSecretToken", text);
        }

        private CredentialResolver Resolver()
        {
            return new CredentialResolver(name => _environment.TryGetValue(name, out string value) ? value : null, _home);
        }

        private void SetEnvironment(string id, string key, string token = null)
        {
            _environment["TENCENTCLOUD_SECRET_ID"] = id;
            _environment["TENCENTCLOUD_SECRET_KEY"] = key;
            if (token != null)
            {
                _environment["TENCENTCLOUD_SESSION_TOKEN"] = token;
            }
        }

        private void WriteProfiles(string text)
        {
            File.WriteAllText(Path.Combine(_home, ".tencentcloud", "credentials"), text);
        }
    }
}
