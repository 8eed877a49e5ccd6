using System;
using System.Collections.Generic;
using System.Net;
using MpsAigc.Api;
using MpsAigc.Configuration;
using MpsAigc.Credentials;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>How Set-MpsAigcDefault changes a session's defaults, and how a command takes them where it gave nothing of its own.</summary>
    public class ConnectionDefaultsTests
    {
        private static readonly Uri Emulator = new Uri("http://127.0.0.1:5555");
        private static readonly Func<string, string?> NoEnvironment = _ => null;

        [Fact]
        public void SetChangesOnlyWhatItWasGivenAndAnEmptyValueForgetsTheSetting()
        {
            ConnectionDefaults first = Set(Defaults.None, new ConnectionParameters { Region = "ap-one", ProfileName = "work", MaxRequestsPerSecond = 7 }, "Region", "ProfileName", "MaxRequestsPerSecond");

            ConnectionDefaults second = Set(first, new ConnectionParameters { Region = string.Empty, Endpoint = Emulator, ProfileName = "ignored" }, "Region", "Endpoint");

            Assert.Null(second.Region);
            Assert.Equal(Emulator, second.Endpoint);
            Assert.Equal("work", second.ProfileName);
            Assert.Equal(7, second.MaxRequestsPerSecond);
            Assert.Equal("ap-one", first.Region);
            Assert.Null(first.Endpoint);
            Assert.IsType<Defaults>(second);
        }

        [Fact]
        public void ASessionTokenWithoutACredentialIsRefusedAndTheCredentialShowsOnlyItsSecretId()
        {
            var error = Assert.Throws<MpsException>(() => Set(Defaults.None, new ConnectionParameters { SessionToken = "tok" }, "SessionToken"));
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, error.ErrorId);

            ConnectionDefaults set = Set(Defaults.None, new ConnectionParameters { Credential = new NetworkCredential("AKIDdefault", "key"), SessionToken = "tok" }, "Credential", "SessionToken");

            Assert.Equal("AKIDdefault", set.SecretId);
            Assert.True(set.HasSessionToken);
            Assert.DoesNotContain(typeof(ConnectionDefaults).GetProperties(), p => p.PropertyType == typeof(NetworkCredential));
            TencentCredential? keys = set.CredentialRequest().Explicit;
            Assert.Equal("key", keys?.SecretKey);
            Assert.Equal("the -Credential of Set-MpsAigcDefault", keys?.Source);
        }

        [Fact]
        public void ACommandTakesEachDefaultItDidNotGiveItself()
        {
            ConnectionDefaults defaults = Set(
                Defaults.None,
                new ConnectionParameters { Endpoint = Emulator, Region = "ap-default", MaxRequestsPerSecond = 3, RoleArn = "role-default", RoleSessionName = "s-default", RoleDurationSeconds = 900 },
                "Endpoint", "Region", "MaxRequestsPerSecond", "RoleArn", "RoleSessionName", "RoleDurationSeconds");

            ConnectionParameters none = defaults.Fill(new ConnectionParameters(), takesDefaultRate: true, NoEnvironment);
            ConnectionParameters own = defaults.Fill(new ConnectionParameters { Region = "ap-own", MaxRequestsPerSecond = 9, RoleArn = "role-own" }, takesDefaultRate: true, NoEnvironment);

            Assert.Equal((Emulator, "ap-default", 3, "role-default", "s-default", 900), (none.Endpoint, none.Region, none.MaxRequestsPerSecond, none.RoleArn, none.RoleSessionName, none.RoleDurationSeconds));
            // A role of the command's own does not take the defaults' session name.
            Assert.Equal(("ap-own", 9, "role-own", (string?)null), (own.Region, own.MaxRequestsPerSecond, own.RoleArn, own.RoleSessionName));
        }

        [Fact]
        public void ACreateKeepsItsDocumentedRateWhateverTheDefaultRate()
        {
            ConnectionDefaults defaults = Set(Defaults.None, new ConnectionParameters { MaxRequestsPerSecond = 3 }, "MaxRequestsPerSecond");

            Assert.Null(defaults.Fill(new ConnectionParameters(), takesDefaultRate: false, NoEnvironment).MaxRequestsPerSecond);
            Assert.Equal(5, defaults.Fill(new ConnectionParameters { MaxRequestsPerSecond = 5 }, takesDefaultRate: false, NoEnvironment).MaxRequestsPerSecond);
        }

        [Fact]
        public void ACredentialOrProfileOfTheCommandsOwnReplacesBothOfTheDefaults()
        {
            ConnectionDefaults withKeys = Set(Defaults.None, new ConnectionParameters { Credential = new NetworkCredential("AKIDdefault", "key"), SessionToken = "tok" }, "Credential");
            ConnectionDefaults withProfile = Set(Defaults.None, new ConnectionParameters { ProfileName = "work" }, "ProfileName");

            ConnectionParameters byDefault = withKeys.Fill(new ConnectionParameters(), true, NoEnvironment);
            ConnectionParameters ownProfile = withKeys.Fill(new ConnectionParameters { ProfileName = "mine" }, true, NoEnvironment);
            ConnectionParameters ownKeys = withProfile.Fill(new ConnectionParameters { Credential = new NetworkCredential("AKIDown", "k") }, true, NoEnvironment);

            Assert.Equal(("AKIDdefault", "tok", (string?)null), (byDefault.Credential?.UserName, byDefault.SessionToken, byDefault.ProfileName));
            Assert.Equal("the -Credential parameter", byDefault.CredentialRequest("the -Credential parameter").Explicit?.Source);
            Assert.Equal(((string?)null, "mine"), (ownProfile.Credential?.UserName, ownProfile.ProfileName));
            Assert.Equal(("AKIDown", (string?)null), (ownKeys.Credential?.UserName, ownKeys.ProfileName));
            Assert.Equal("work", withProfile.Fill(new ConnectionParameters(), true, NoEnvironment).ProfileName);
        }

        [Fact]
        public void FillChecksTheEndpointTheScopeAndAnUnpairedSessionToken()
        {
            Assert.Equal(MpsEndpoint.Default, Defaults.None.Fill(new ConnectionParameters(), true, NoEnvironment).Endpoint);
            Assert.Equal(RateLimitScope.Machine, Defaults.None.Fill(new ConnectionParameters(), true, NoEnvironment).RateLimitScope);
            Assert.Equal(RateLimitScope.Process, Defaults.None.Fill(new ConnectionParameters(), true, Environment(RateLimitScopes.Variable, "process")).RateLimitScope);
            ConnectionDefaults processScope = Set(Defaults.None, new ConnectionParameters { RateLimitScope = RateLimitScope.Process }, "RateLimitScope");
            Assert.Equal(RateLimitScope.Process, processScope.Fill(new ConnectionParameters(), true, Environment(RateLimitScopes.Variable, "machine")).RateLimitScope);

            Assert.Equal(ErrorIds.InvalidEndpoint, Assert.Throws<MpsException>(() => Defaults.None.Fill(new ConnectionParameters { Endpoint = new Uri("http://example.com") }, true, NoEnvironment)).ErrorId);
            Assert.Equal(ErrorIds.InvalidRateLimitScope, Assert.Throws<MpsException>(() => Defaults.None.Fill(new ConnectionParameters(), true, Environment(RateLimitScopes.Variable, "galaxy"))).ErrorId);
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, Assert.Throws<CredentialException>(() => Defaults.None.Fill(new ConnectionParameters { SessionToken = "tok" }, true, NoEnvironment)).ErrorId);
            // Defaults with keys of their own do not pair with the command's token: theirs would replace it unseen.
            ConnectionDefaults withKeys = Set(Defaults.None, new ConnectionParameters { Credential = new NetworkCredential("AKIDdefault", "key"), SessionToken = "default-tok" }, "Credential", "SessionToken");
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, Assert.Throws<CredentialException>(() => withKeys.Fill(new ConnectionParameters { SessionToken = "own-tok" }, true, NoEnvironment)).ErrorId);
        }

        [Fact]
        public void ShownAddsTheScopeAndCredentialSourceToACopyOnly()
        {
            ConnectionDefaults set = Set(Defaults.None, new ConnectionParameters { Region = "ap-one" }, "Region");
            var expires = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

            ConnectionDefaults shown = set.Shown(RateLimitScope.Process, "Environment", expires);

            Assert.Equal(("ap-one", RateLimitScope.Process, "Environment", expires), (shown.Region, shown.RateLimitScope, shown.CredentialSource, shown.CredentialExpiration));
            Assert.Equal(((RateLimitScope?)null, (string?)null), (set.RateLimitScope, set.CredentialSource));
        }

        [Fact]
        public async System.Threading.Tasks.Task GetShowsTheSourceTheChainPicksWithTheDefaultsNowOrNoneWithItsErrorId()
        {
            ConnectionDefaults set = Set(Defaults.None, new ConnectionParameters { Credential = new NetworkCredential("AKIDdefault", "s3cr3t-k3y") }, "Credential");
            var log = new ListLog();

            ConnectionDefaults shown = await set.ShownNowAsync(RateLimitScope.Machine, Resolver(), log, System.Threading.CancellationToken.None);

            Assert.Equal(("Parameter (-Credential)", RateLimitScope.Machine, (DateTimeOffset?)null), (shown.CredentialSource, shown.RateLimitScope, shown.CredentialExpiration));
            Assert.Equal("Credentials: SecretId AKIDdefault from the -Credential of Set-MpsAigcDefault [Parameter (-Credential)].", Assert.Single(log.Lines));
            Assert.DoesNotContain("s3cr3t-k3y", string.Join(" ", log.Lines));

            ConnectionDefaults none = await Set(Defaults.None, new ConnectionParameters { ProfileName = "missing" }, "ProfileName").ShownNowAsync(null, Resolver(), log, System.Threading.CancellationToken.None);

            Assert.Equal("None (ProfileNotFound)", none.CredentialSource);
            Assert.Null(none.CredentialExpiration);
            Assert.StartsWith("No usable credentials: ", log.Lines.ToArray()[1]);
        }

        /// <summary>A chain with nothing of its own: no environment, no profile files, no metadata service.</summary>
        private static CredentialResolver Resolver()
        {
            string home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mpsaigc-nohome-" + Guid.NewGuid().ToString("N"));
            return new CredentialResolver(NoEnvironment, home, null, new CredentialServices { MetadataHandler = new RouteHandler(_ => RouteHandler.NotFound()), Cache = new CredentialSourceCache() });
        }

        private static ConnectionDefaults Set(ConnectionDefaults from, ConnectionParameters values, params string[] given)
        {
            return from.With(values, new HashSet<string>(given).Contains);
        }

        private static Func<string, string?> Environment(string name, string value) => n => n == name ? value : null;

        private sealed class Defaults : ConnectionDefaults
        {
            public static readonly Defaults None = new Defaults();
        }
    }
}
