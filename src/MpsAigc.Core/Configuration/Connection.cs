using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using MpsAigc.Startup;

namespace MpsAigc.Configuration
{
    /// <summary>
    /// Everything one invocation's calls use, resolved once on the pipeline thread and never changed after:
    /// endpoint, region, credential source, rate limit and its scope, timeout and retry policy. Background work and jobs
    /// are given this, never the cmdlet. The one place clients are made.
    /// </summary>
    public sealed class Connection
    {
        private readonly MpsException? _credentialError;
        private readonly ConcurrentDictionary<string, MpsClient> _clients = new ConcurrentDictionary<string, MpsClient>(StringComparer.Ordinal);

        /// <param name="endpointGiven">
        /// True when the command was given -Endpoint: then every call goes there. Otherwise a task object is
        /// asked about where it was found.
        /// </param>
        /// <param name="credentialError">Why there is no credential source, for a command that may work without one.</param>
        public Connection(
            Uri endpoint, bool endpointGiven, string? region, CredentialSource? credentials, MpsException? credentialError,
            int? maxRequestsPerSecond, RateLimitScope rateLimitScope, TimeSpan requestTimeout, RetryPolicy retry)
        {
            Endpoint = MpsEndpoint.Validate(endpoint);
            EndpointGiven = endpointGiven;
            Region = region;
            Credentials = credentials;
            _credentialError = credentialError;
            MaxRequestsPerSecond = maxRequestsPerSecond;
            RateLimitScope = rateLimitScope;
            RequestTimeout = requestTimeout;
            Retry = retry;
        }

        /// <summary>
        /// A command's connection, from its settings (filled from the session's defaults): the credential chain
        /// picks one source, and a source of temporary keys fetches its first keys now (once for the process),
        /// so that a wrong role or an unreachable STS is one setup error, not the same error for every item.
        /// </summary>
        /// <param name="credentialsRequired">
        /// False for a command that can do its work without calling the API (Save-MpsAigcVideo with links): then
        /// finding no credentials is an error only when a call is needed, unless the command named some itself.
        /// </param>
        /// <exception cref="MpsException">The credentials or settings cannot be used.</exception>
        public static async Task<Connection> OpenAsync(
            ConnectionParameters settings, bool endpointGiven, bool credentialsRequired, TimeSpan requestTimeout,
            CredentialResolver resolver, IMpsLog log, CancellationToken cancellationToken)
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
            return new Connection(
                endpoint, endpointGiven, settings.Region, credentials, credentialError, settings.MaxRequestsPerSecond,
                settings.RateLimitScope.GetValueOrDefault(), requestTimeout, RetryPolicy.Default);
        }

        public Uri Endpoint { get; }

        public bool EndpointGiven { get; }

        public string? Region { get; }

        /// <summary>Null when the command found none and may work without (links that need no API call).</summary>
        public CredentialSource? Credentials { get; }

        /// <summary>The command's own rate for every action it calls; null for each action's documented limit; 0 for none.</summary>
        public int? MaxRequestsPerSecond { get; }

        /// <summary>Whether the budgets are shared with this machine's other processes.</summary>
        public RateLimitScope RateLimitScope { get; }

        public TimeSpan RequestTimeout { get; }

        public RetryPolicy Retry { get; }

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
