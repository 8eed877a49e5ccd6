using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Configuration;
using MpsAigc.Credentials;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>How Set-MpsAigcDefault changes a session's settings, and how a command takes them where it gave nothing of its own.</summary>
    public class ConnectionSettingsTests
    {
        private static readonly Uri Emulator = new Uri("http://127.0.0.1:5555");
        private static readonly Func<string, string?> NoEnvironment = _ => null;

        [Fact]
        public void SetChangesOnlyWhatItWasGivenAndAnEmptyValueForgetsTheSetting()
        {
            ConnectionSettings first = Set(ConnectionSettings.None, ("Region", "ap-one"), ("ProfileName", "work"), ("MaxRequestsPerSecond", 7));

            ConnectionSettings second = Set(first, ("Region", string.Empty), ("Endpoint", Emulator));

            Assert.Null(second.Region);
            Assert.Equal(Emulator, second.Endpoint);
            Assert.Equal("work", second.ProfileName);
            Assert.Equal(7, second.MaxRequestsPerSecond);
            Assert.Equal("ap-one", first.Region);
            Assert.Null(first.Endpoint);
        }

        [Fact]
        public void ASessionTokenGoesWithItsCredentialAndIsRefusedAlone()
        {
            var error = Assert.Throws<MpsException>(() => Set(ConnectionSettings.None, ("SessionToken", "tok")));
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, error.ErrorId);

            ConnectionSettings set = Set(ConnectionSettings.None, ("Credential", new NetworkCredential("AKIDdefault", "key")), ("SessionToken", "tok"));
            ConnectionSettings newKeys = Set(set, ("Credential", new NetworkCredential("AKIDother", "key2")));

            Assert.Equal("tok", set.SessionToken);
            Assert.Null(newKeys.SessionToken);
            TencentCredential? keys = set.CredentialRequest("the -Credential of Set-MpsAigcDefault").Explicit;
            Assert.Equal(("key", "the -Credential of Set-MpsAigcDefault"), (keys?.SecretKey, keys?.Source));
        }

        [Fact]
        public void EverySettingIsNamedAsItsParameterAndTakesOnlyItsType()
        {
            Assert.Equal(
                new[] { "Credential", "Endpoint", "JournalPath", "MaxRequestsPerSecond", "ProfileName", "RateLimitScope", "Region", "RequestTimeoutSec", "RoleArn", "RoleDurationSeconds", "RoleSessionName", "SessionToken", "StsEndpoint" },
                ConnectionSettings.Names.OrderBy(name => name, StringComparer.Ordinal));
            Assert.Throws<ArgumentException>(() => ConnectionSettings.None.With("Region", 5));
            Assert.Throws<ArgumentException>(() => ConnectionSettings.None.With("NoSuchSetting", "x"));
            Assert.Equal(RateLimitScope.Process, ConnectionSettings.None.With("RateLimitScope", RateLimitScope.Process).RateLimitScope);
        }

        [Fact]
        public void ACommandTakesEachDefaultItDidNotGiveItself()
        {
            ConnectionSettings defaults = Set(
                ConnectionSettings.None,
                ("Endpoint", Emulator), ("Region", "ap-default"), ("MaxRequestsPerSecond", 3), ("RoleArn", "role-default"), ("RoleSessionName", "s-default"), ("RoleDurationSeconds", 900));

            ConnectionSettings none = ConnectionSettings.None.Over(defaults, takesDefaultRate: true, NoEnvironment);
            ConnectionSettings own = Given(("Region", "ap-own"), ("MaxRequestsPerSecond", 9), ("RoleArn", "role-own")).Over(defaults, takesDefaultRate: true, NoEnvironment);

            Assert.Equal((Emulator, "ap-default", 3, "role-default", "s-default", 900), (none.Endpoint, none.Region, none.MaxRequestsPerSecond, none.RoleArn, none.RoleSessionName, none.RoleDurationSeconds));
            // A role of the command's own does not take the defaults' session name.
            Assert.Equal(("ap-own", 9, "role-own", (string?)null, 900), (own.Region, own.MaxRequestsPerSecond, own.RoleArn, own.RoleSessionName, own.RoleDurationSeconds));
        }

        [Fact]
        public void ACreateKeepsItsDocumentedRateWhateverTheDefaultRate()
        {
            ConnectionSettings defaults = Set(ConnectionSettings.None, ("MaxRequestsPerSecond", 3));

            Assert.Null(ConnectionSettings.None.Over(defaults, takesDefaultRate: false, NoEnvironment).MaxRequestsPerSecond);
            Assert.Equal(5, Given(("MaxRequestsPerSecond", 5)).Over(defaults, takesDefaultRate: false, NoEnvironment).MaxRequestsPerSecond);
        }

        [Fact]
        public void ACredentialOrProfileOfTheCommandsOwnReplacesBothOfTheDefaults()
        {
            ConnectionSettings withKeys = Set(ConnectionSettings.None, ("Credential", new NetworkCredential("AKIDdefault", "key")), ("SessionToken", "tok"));
            ConnectionSettings withProfile = Set(ConnectionSettings.None, ("ProfileName", "work"));
            ConnectionSettings withBoth = Set(withKeys, ("ProfileName", "work"));

            ConnectionSettings byDefault = ConnectionSettings.None.Over(withKeys, true, NoEnvironment);
            ConnectionSettings ownProfile = Given(("ProfileName", "mine")).Over(withKeys, true, NoEnvironment);
            ConnectionSettings ownKeys = Given(("Credential", new NetworkCredential("AKIDown", "k"))).Over(withProfile, true, NoEnvironment);

            Assert.Equal(("AKIDdefault", "tok", (string?)null), (byDefault.Credential?.UserName, byDefault.SessionToken, byDefault.ProfileName));
            Assert.Equal("the -Credential parameter", byDefault.CredentialRequest("the -Credential parameter").Explicit?.Source);
            Assert.Equal(((string?)null, (string?)null, "mine"), (ownProfile.Credential?.UserName, ownProfile.SessionToken, ownProfile.ProfileName));
            Assert.Equal(("AKIDown", (string?)null), (ownKeys.Credential?.UserName, ownKeys.ProfileName));
            Assert.Equal("work", ConnectionSettings.None.Over(withProfile, true, NoEnvironment).ProfileName);
            // Default keys win over a default profile, as they always have.
            Assert.Equal(("AKIDdefault", (string?)null), (ConnectionSettings.None.Over(withBoth, true, NoEnvironment).Credential?.UserName, ConnectionSettings.None.Over(withBoth, true, NoEnvironment).ProfileName));
        }

        [Fact]
        public void TheMergeChecksTheEndpointTheScopeAndAnUnpairedSessionToken()
        {
            Assert.Equal(MpsEndpoint.Default, ConnectionSettings.None.Over(ConnectionSettings.None, true, NoEnvironment).Endpoint);
            Assert.Equal(RateLimitScope.Machine, ConnectionSettings.None.Over(ConnectionSettings.None, true, NoEnvironment).RateLimitScope);
            Assert.Equal(RateLimitScope.Process, ConnectionSettings.None.Over(ConnectionSettings.None, true, Environment(RateLimitScopes.Variable, "process")).RateLimitScope);
            ConnectionSettings processScope = Set(ConnectionSettings.None, ("RateLimitScope", RateLimitScope.Process));
            Assert.Equal(RateLimitScope.Process, ConnectionSettings.None.Over(processScope, true, Environment(RateLimitScopes.Variable, "machine")).RateLimitScope);

            Assert.Equal(ErrorIds.InvalidEndpoint, Assert.Throws<MpsException>(() => Given(("Endpoint", new Uri("http://example.com"))).Over(ConnectionSettings.None, true, NoEnvironment)).ErrorId);
            Assert.Equal(ErrorIds.InvalidRateLimitScope, Assert.Throws<MpsException>(() => ConnectionSettings.None.Over(ConnectionSettings.None, true, Environment(RateLimitScopes.Variable, "galaxy"))).ErrorId);
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, Assert.Throws<CredentialException>(() => Given(("SessionToken", "tok")).Over(ConnectionSettings.None, true, NoEnvironment)).ErrorId);
            // Defaults with keys of their own do not pair with the command's token: theirs would replace it unseen.
            ConnectionSettings withKeys = Set(ConnectionSettings.None, ("Credential", new NetworkCredential("AKIDdefault", "key")), ("SessionToken", "default-tok"));
            Assert.Equal(ErrorIds.SessionTokenWithoutCredential, Assert.Throws<CredentialException>(() => Given(("SessionToken", "own-tok")).Over(withKeys, true, NoEnvironment)).ErrorId);
        }

        [Fact]
        public async Task TheCredentialStateIsTheSourceTheChainPicksNowOrNoneWithItsErrorId()
        {
            ConnectionSettings set = Set(ConnectionSettings.None, ("Credential", new NetworkCredential("AKIDdefault", "s3cr3t-k3y")));
            var log = new ListLog();

            CredentialState state = await Connection.CredentialStateAsync(set, Resolver(), log, CancellationToken.None);

            Assert.Equal(("Parameter (-Credential)", (DateTimeOffset?)null), (state.Source, state.Expiration));
            Assert.Equal("Credentials: SecretId AKIDdefault from the -Credential of Set-MpsAigcDefault [Parameter (-Credential)].", Assert.Single(log.Lines));
            Assert.DoesNotContain("s3cr3t-k3y", string.Join(" ", log.Lines));

            CredentialState none = await Connection.CredentialStateAsync(Set(ConnectionSettings.None, ("ProfileName", "missing")), Resolver(), log, CancellationToken.None);

            Assert.Equal("None (ProfileNotFound)", none.Source);
            Assert.Null(none.Expiration);
            Assert.StartsWith("No usable credentials: ", log.Lines.ToArray()[1]);
        }

        /// <summary>A chain with nothing of its own: no environment, no profile files, no metadata service.</summary>
        private static CredentialResolver Resolver()
        {
            string home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mpsaigc-nohome-" + Guid.NewGuid().ToString("N"));
            return new CredentialResolver(NoEnvironment, home, null, new CredentialServices { MetadataHandler = new RouteHandler(_ => RouteHandler.NotFound()), Cache = new CredentialSourceCache() });
        }

        /// <summary>Set-MpsAigcDefault with these parameters.</summary>
        private static ConnectionSettings Set(ConnectionSettings from, params (string Name, object? Value)[] given)
        {
            return from.Changed(given.Select(pair => new KeyValuePair<string, object?>(pair.Name, pair.Value)));
        }

        /// <summary>A command's own settings.</summary>
        private static ConnectionSettings Given(params (string Name, object? Value)[] given)
        {
            return given.Aggregate(ConnectionSettings.None, (settings, pair) => settings.With(pair.Name, pair.Value));
        }

        private static Func<string, string?> Environment(string name, string value) => n => n == name ? value : null;
    }
}
