using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using MpsAigc.Api;
using MpsAigc.Credentials;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;

namespace MpsAigc.Configuration
{
    /// <summary>
    /// The settings a command runs with, or a session's defaults (Set-MpsAigcDefault): each setting is one property
    /// here, named as its parameter, and unset until given. Nothing changes an instance; <see cref="With"/> and
    /// <see cref="Over"/> make new ones, so a command that took the defaults as it started sees all of one Set or
    /// none of it, and an -AsJob job keeps what they were then.
    /// </summary>
    /// <remarks>
    /// A new setting is a property below, its parameter on the cmdlets (named the same), and where it is used:
    /// taking parameters, Set's changes and the merge with the defaults go by name, so none can be missed.
    /// </remarks>
    public sealed class ConnectionSettings
    {
        public static readonly ConnectionSettings None = new ConnectionSettings(new Dictionary<string, object>(StringComparer.Ordinal));

        /// <summary>Each setting's name and type (the type a value must have), from the properties below.</summary>
        private static readonly Dictionary<string, Type> Types = typeof(ConnectionSettings)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .ToDictionary(property => property.Name, property => Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, StringComparer.Ordinal);

        /// <summary>The settings that name the keys: a command that gives one of them gives all three, and takes none of the defaults'.</summary>
        private static readonly string[] KeySettings = { nameof(Credential), nameof(SessionToken), nameof(ProfileName) };

        private readonly Dictionary<string, object> _values;

        private ConnectionSettings(Dictionary<string, object> values)
        {
            _values = values;
        }

        public Uri? Endpoint => Reference<Uri>();

        public string? Region => Reference<string>();

        /// <summary>SecretId and SecretKey as given (-Credential), checked only when a command uses them.</summary>
        public NetworkCredential? Credential => Reference<NetworkCredential>();

        public string? SessionToken => Reference<string>();

        public string? ProfileName => Reference<string>();

        public string? RoleArn => Reference<string>();

        public string? RoleSessionName => Reference<string>();

        /// <summary>How long assumed keys live (STS DurationSeconds); 7200 when not set.</summary>
        public int? RoleDurationSeconds => Value<int>();

        /// <summary>Where STS is asked (for example sts.internal.tencentcloudapi.com inside a VPC).</summary>
        public Uri? StsEndpoint => Reference<Uri>();

        /// <summary>The rate of every action a command calls; unset for each action's documented limit; 0 for none.</summary>
        public int? MaxRequestsPerSecond => Value<int>();

        public RateLimitScope? RateLimitScope => Value<RateLimitScope>();

        /// <summary>The journal of creates (a full path when a session default; a command's own is resolved where it is used).</summary>
        public string? JournalPath => Reference<string>();

        /// <summary>How long a request may go without an answer (a command's own; 30 s when not given).</summary>
        public int? RequestTimeoutSec => Value<int>();

        /// <summary>The names of every setting: the parameters that carry them have the same names.</summary>
        public static IEnumerable<string> Names => Types.Keys;

        public static bool IsSetting(string name) => Types.ContainsKey(name);

        /// <summary>The setting as given, or null when it is not set.</summary>
        public object? this[string name] => _values.TryGetValue(name, out object? value) ? value : null;

        /// <summary>A copy in which <paramref name="name"/> is <paramref name="value"/>; null or an empty string unsets it.</summary>
        /// <exception cref="ArgumentException">No such setting, or a value of another type: a defect of the caller.</exception>
        public ConnectionSettings With(string name, object? value)
        {
            if (!Types.TryGetValue(name, out Type? type))
            {
                throw new ArgumentException("There is no setting " + name + ".", nameof(name));
            }
            var values = new Dictionary<string, object>(_values, StringComparer.Ordinal);
            if (value == null || (value is string text && text.Length == 0))
            {
                values.Remove(name);
            }
            else if (type.IsInstanceOfType(value))
            {
                values[name] = value;
            }
            else
            {
                throw new ArgumentException("The setting " + name + " takes a " + type.Name + ", not a " + value.GetType().Name + ".", nameof(value));
            }
            return new ConnectionSettings(values);
        }

        /// <summary>
        /// Set-MpsAigcDefault: these defaults, changed by the settings <paramref name="given"/> names (an empty one
        /// forgets it). Keys come with their own token: a -Credential replaces the token too.
        /// </summary>
        /// <exception cref="MpsException">SessionTokenWithoutCredential.</exception>
        public ConnectionSettings Changed(IEnumerable<KeyValuePair<string, object?>> given)
        {
            List<KeyValuePair<string, object?>> changes = given.Where(pair => IsSetting(pair.Key)).ToList();
            bool credential = changes.Any(pair => pair.Key == nameof(Credential));
            if (!credential && changes.Any(pair => pair.Key == nameof(SessionToken)))
            {
                throw new MpsException(ErrorIds.SessionTokenWithoutCredential, MpsErrorKind.InvalidArgument, "-SessionToken belongs to the temporary keys given with -Credential; give -Credential too.");
            }
            ConnectionSettings next = credential ? With(nameof(SessionToken), null) : this;
            foreach (KeyValuePair<string, object?> change in changes)
            {
                next = next.With(change.Key, change.Value);
            }
            return next;
        }

        /// <summary>
        /// The one merge: a command's settings (these) over its session's <paramref name="defaults"/>, each default
        /// taken where the command gave none, except that keys (-Credential, -ProfileName) of the command's own replace
        /// the defaults' keys, a role of its own replaces the defaults' role and session name, and a command whose
        /// API has its own documented rate (a create) takes no default rate. The endpoint is checked; the rate limit
        /// scope, when neither gives one, is MPSAIGC_RATE_LIMIT_SCOPE's.
        /// </summary>
        /// <exception cref="MpsException">InvalidEndpoint, InvalidRateLimitScope, SessionTokenWithoutCredential.</exception>
        public ConnectionSettings Over(ConnectionSettings defaults, bool takesDefaultRate, Func<string, string?> getEnvironment)
        {
            if (SessionToken != null && Credential == null)
            {
                // Checked before the defaults fill in: their keys would come with their own token, and the
                // command's would be dropped without a word.
                throw new CredentialException(ErrorIds.SessionTokenWithoutCredential, "-SessionToken belongs to the temporary SecretId and SecretKey given with -Credential; give -Credential too.");
            }
            var values = new Dictionary<string, object>(defaults._values, StringComparer.Ordinal);
            if (Credential != null || ProfileName != null)
            {
                Unset(values, KeySettings);
            }
            else if (defaults.Credential != null)
            {
                values.Remove(nameof(ProfileName));
            }
            if (RoleArn != null)
            {
                values.Remove(nameof(RoleSessionName));
            }
            if (!takesDefaultRate)
            {
                values.Remove(nameof(MaxRequestsPerSecond));
            }
            foreach (KeyValuePair<string, object> own in _values)
            {
                values[own.Key] = own.Value;
            }
            values[nameof(Endpoint)] = MpsEndpoint.Validate(Endpoint ?? defaults.Endpoint ?? MpsEndpoint.Default);
            values[nameof(RateLimitScope)] = RateLimitScope ?? defaults.RateLimitScope ?? RateLimitScopes.FromEnvironment(getEnvironment);
            return new ConnectionSettings(values);
        }

        /// <summary>What the credential chain is asked for.</summary>
        /// <param name="credentialSource">Where -Credential came from, as a message names it.</param>
        /// <exception cref="CredentialException">IncompleteCredentials for an empty SecretId or SecretKey.</exception>
        public CredentialRequest CredentialRequest(string credentialSource)
        {
            return new CredentialRequest
            {
                Explicit = Credential == null ? null : new TencentCredential(Credential.UserName, Credential.Password, SessionToken, credentialSource),
                ProfileName = ProfileName,
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                RoleDurationSeconds = RoleDurationSeconds,
                StsEndpoint = StsEndpoint,
                Region = Region,
            };
        }

        private static void Unset(Dictionary<string, object> values, IEnumerable<string> names)
        {
            foreach (string name in names)
            {
                values.Remove(name);
            }
        }

        private T? Reference<T>([CallerMemberName] string name = "")
            where T : class
        {
            return _values.TryGetValue(name, out object? value) ? (T)value : null;
        }

        private T? Value<T>([CallerMemberName] string name = "")
            where T : struct
        {
            return _values.TryGetValue(name, out object? value) ? (T)value : (T?)null;
        }
    }
}
