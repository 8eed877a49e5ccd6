using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Startup;

namespace MpsAigc.Configuration
{
    /// <summary>
    /// Everything one invocation's calls use, resolved once on the pipeline thread and never changed after: its
    /// settings (merged with the session's defaults) and the credential source the chain picked. Background work and
    /// jobs are given this, never the cmdlet. The one place clients are made, and their options taken from the settings.
    /// </summary>
    public sealed class Connection
    {
        private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

        private readonly MpsException? _credentialError;
        private readonly ConcurrentDictionary<string, MpsClient> _clients = new ConcurrentDictionary<string, MpsClient>(StringComparer.Ordinal);

        /// <param name="settings">Merged with the defaults (<see cref="ConnectionSettings.Over"/>): the endpoint and the scope are set.</param>
        /// <param name="endpointGiven">
        /// True when the command was given -Endpoint: then every call goes there. Otherwise a task object is
        /// asked about where it was found.
        /// </param>
        /// <param name="credentialError">Why there is no credential source, for a command that may work without one.</param>
        public Connection(ConnectionSettings settings, bool endpointGiven, CredentialSource? credentials, MpsException? credentialError)
        {
            Settings = settings;
            Endpoint = MpsEndpoint.Validate(settings.Endpoint ?? MpsEndpoint.Default);
            EndpointGiven = endpointGiven;
            Credentials = credentials;
            _credentialError = credentialError;
        }

        /// <summary>
        /// A command's connection, from its settings (merged with the session's defaults): the credential chain
        /// picks one source, and a source of temporary keys fetches its first keys now (once for the process),
        /// so that a wrong role or an unreachable STS is one setup error, not the same error for every item.
        /// </summary>
        /// <param name="credentialsRequired">
        /// False for a command that can do its work without calling the API (Save-MpsAigcVideo with links): then
        /// finding no credentials is an error only when a call is needed, unless the command named some itself.
        /// </param>
        /// <exception cref="MpsException">The credentials or settings cannot be used.</exception>
        public static async Task<Connection> OpenAsync(
            ConnectionSettings settings, bool endpointGiven, bool credentialsRequired, CredentialResolver resolver, IMpsLog log, CancellationToken cancellationToken)
        {
            Uri endpoint = settings.Endpoint ?? MpsEndpoint.Default;
            // Only for a command that will call the API there: Save-MpsAigcVideo -Url may never speak TLS.
            if (credentialsRequired && endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttps)
            {
                FirstCallWarmup.StartTls();
            }
            CredentialRequest request = settings.CredentialRequest("the -Credential parameter");
            CredentialSource? credentials = null;
            MpsException? credentialError = null;
            try
            {
                credentials = await resolver.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialException e) when (!credentialsRequired && request.Explicit == null && request.ProfileName == null && request.RoleArn == null)
            {
                credentialError = e;
            }
            if (credentials != null && credentials.Renews && credentialsRequired)
            {
                await credentials.GetAsync(log, cancellationToken).ConfigureAwait(false);
            }
            return new Connection(settings, endpointGiven, credentials, credentialError);
        }

        /// <summary>
        /// The credential source the chain picks with <paramref name="settings"/> now, with the expiry of its current
        /// keys: temporary keys are fetched (or renewed) here, once for the process. Credentials that cannot be used
        /// show as None with their ErrorId.
        /// </summary>
        /// <param name="log">The source and its keys (never a secret) in debug; why none is usable in verbose.</param>
        public static async Task<CredentialState> CredentialStateAsync(ConnectionSettings settings, CredentialResolver resolver, IMpsLog log, CancellationToken cancellationToken)
        {
            try
            {
                CredentialSource source = await resolver.ResolveAsync(settings.CredentialRequest("the -Credential of Set-MpsAigcDefault"), cancellationToken).ConfigureAwait(false);
                TencentCredential current = await source.GetAsync(NullLog.Instance, cancellationToken).ConfigureAwait(false);
                log.Debug("Credentials: " + current + " [" + source.Name + "].");
                return new CredentialState(source.Name, current.Expiration);
            }
            catch (MpsException e)
            {
                log.Verbose("No usable credentials: " + e.Message);
                return new CredentialState("None (" + e.ErrorId + ")", null);
            }
        }

        public ConnectionSettings Settings { get; }

        public Uri Endpoint { get; }

        public bool EndpointGiven { get; }

        public string? Region => Settings.Region;

        /// <summary>Null when the command found none and may work without (links that need no API call).</summary>
        public CredentialSource? Credentials { get; }

        /// <summary>The command's own rate for every action it calls; null for each action's documented limit; 0 for none.</summary>
        public int? MaxRequestsPerSecond => Settings.MaxRequestsPerSecond;

        /// <summary>Whether the budgets are shared with this machine's other processes.</summary>
        public RateLimitScope RateLimitScope => Settings.RateLimitScope ?? RateLimitScopes.Default;

        public TimeSpan RequestTimeout => Settings.RequestTimeoutSec is int seconds ? TimeSpan.FromSeconds(seconds) : DefaultRequestTimeout;

        public RetryPolicy Retry => RetryPolicy.Default;

        /// <summary>What -Debug shows of it as a command starts: the keys (never a secret), then where the calls go and at what rate.</summary>
        public string[] Describe()
        {
            int? rate = MaxRequestsPerSecond;
            return new[]
            {
                Credentials == null
                    ? "Credentials: none (" + _credentialError?.ErrorId + "); links are downloaded as they are, and one that has expired cannot be renewed."
                    : Credentials.Renews
                        ? "Credentials: " + Credentials.Name + ": temporary keys, renewed before they expire" + (Credentials.Current == null ? string.Empty : "; now " + Credentials.Current) + "."
                        : "Credentials: " + Credentials.Current + " [" + Credentials.Name + "].",
                "Endpoint: " + Endpoint + (Region == null ? string.Empty : ", region " + Region)
                    + ", client-side limit " + (rate == 0 ? "off" : (rate == null ? "the API's documented rate" : rate + " requests/s")
                    + (RateLimitScope == RateLimitScope.Machine ? ", shared with this machine's other processes" : ", this process's own")) + ".",
            };
        }

        /// <summary>
        /// The client for calls about a task found at <paramref name="taskEndpoint"/> (the command's own
        /// endpoint when it was given -Endpoint, or for null). Each action it calls draws from that action's
        /// budget. Made once per endpoint, when first needed: a download whose links are still valid needs no
        /// client at all.
        /// </summary>
        /// <param name="log">The invocation's log; the first caller's is kept (one invocation, one log).</param>
        public MpsClient Client(IMpsLog log, Uri? taskEndpoint = null)
        {
            if (Credentials == null)
            {
                // A new exception for each caller: many items may fail this way at once, on many threads.
                throw _credentialError == null
                    ? new CredentialException(ErrorIds.NoCredentials, "No credentials were found.")
                    : new CredentialException(_credentialError.ErrorId, _credentialError.Message, _credentialError);
            }
            Uri endpoint = taskEndpoint == null || EndpointGiven ? Endpoint : MpsEndpoint.Validate(taskEndpoint);
            return _clients.GetOrAdd(endpoint.AbsoluteUri, _ => new MpsClient(new MpsClientOptions
            {
                Endpoint = endpoint,
                Region = Region,
                CredentialSource = Credentials,
                MaxRequestsPerSecond = MaxRequestsPerSecond,
                RateLimitScope = RateLimitScope,
                RequestTimeout = RequestTimeout,
                Retry = Retry,
                Log = log,
            }));
        }
    }
}
