using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// The CVM instance metadata service: the role bound to this instance and its temporary keys. Plain
    /// http by design (it answers only inside the instance). What the probe found is remembered for the
    /// process, so a laptop pays the short probe once.
    /// </summary>
    public sealed class InstanceMetadataClient
    {
        public static readonly Uri DefaultEndpoint = new Uri("http://metadata.tencentyun.com");

        private const string CredentialsPath = "latest/meta-data/cam/security-credentials/";

        /// <summary>Short: off Tencent Cloud nothing answers, and nothing should wait long for that.</summary>
        private static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(1);

        private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

        private static readonly RetryPolicy FetchRetry = new RetryPolicy(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

        /// <summary>Per endpoint: the role found there, or null for a miss.</summary>
        private static readonly ConcurrentDictionary<string, string?> Roles = new ConcurrentDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(() => new HttpClient(new HttpClientHandler
        {
            // The metadata address is link-local: a proxy would answer for another machine, or not at all.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        });

        private readonly HttpClient _http;
        private readonly IClock _clock;

        /// <summary>
        /// An endpoint the user named is one they expect to answer: it gets the fetch's patience, and a probe that
        /// timed out there is not taken as "no service" for the rest of the process (a busy machine is not a
        /// laptop).
        /// </summary>
        private readonly bool _explicitEndpoint;

        public InstanceMetadataClient(Uri? endpoint, IClock clock, HttpMessageHandler? handler = null)
        {
            _explicitEndpoint = endpoint != null;
            Endpoint = Validate(endpoint ?? DefaultEndpoint);
            _clock = clock;
            _http = handler == null ? SharedHttp.Value : new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public Uri Endpoint { get; }

        /// <summary>The name of the instance's role, or null when there is no metadata service or no role.</summary>
        /// <remarks>
        /// Both answers are remembered for the process: the role of an instance does not change under a running
        /// session, and a machine without the service must not pay the probe on every command. A service that
        /// answered but was unwell (5xx) is not remembered, so the next command asks again.
        /// </remarks>
        public async Task<string?> FindRoleAsync(CancellationToken cancellationToken)
        {
            string key = Endpoint.AbsoluteUri;
            if (Roles.TryGetValue(key, out string? known))
            {
                return known;
            }
            string? role = null;
            bool remember = true;
            try
            {
                using (HttpResponseMessage response = await GetAsync(CredentialsPath, _explicitEndpoint ? FetchTimeout : DefaultProbeTimeout, cancellationToken).ConfigureAwait(false))
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        // One role per instance; a list would give one name a line.
                        role = text.Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries) is string[] lines && lines.Length > 0 ? lines[0].Trim() : null;
                    }
                    remember = (int)response.StatusCode < 500;
                }
            }
            catch (Exception e) when ((e is HttpRequestException || e is OperationCanceledException || e is System.IO.IOException) && !cancellationToken.IsCancellationRequested)
            {
                role = null;
                remember = !(_explicitEndpoint && e is OperationCanceledException);
            }
            role = Strings.IsNullOrEmpty(role) ? null : role;
            if (remember)
            {
                Roles[key] = role;
            }
            return role;
        }

        /// <summary>{"TmpSecretId","TmpSecretKey","Token","ExpiredTime","Expiration","Code":"Success"}.</summary>
        public async Task<TencentCredential> GetCredentialAsync(string role, string sourceName, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return await GetCredentialOnceAsync(role, sourceName, cancellationToken).ConfigureAwait(false);
                }
                catch (MpsException e) when (e.Kind != MpsErrorKind.InvalidResponse && e.Kind != MpsErrorKind.NotFound && attempt < FetchRetry.MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    await _clock.Delay(FetchRetry.DelayAfter(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<TencentCredential> GetCredentialOnceAsync(string role, string sourceName, CancellationToken cancellationToken)
        {
            string where = "the metadata service at " + Endpoint.GetLeftPart(UriPartial.Authority);
            HttpResponseMessage response;
            try
            {
                response = await GetAsync(CredentialsPath + Uri.EscapeDataString(role), FetchTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when ((e is HttpRequestException || e is OperationCanceledException || e is System.IO.IOException) && !cancellationToken.IsCancellationRequested)
            {
                throw new MpsException(ErrorIds.MetadataUnreachable, MpsErrorKind.Connection, where + " is unreachable: " + (e is OperationCanceledException ? "no answer within " + FetchTimeout.TotalSeconds + " s" : ExceptionText.Innermost(e)) + ".", e);
            }
            using (response)
            {
                int status = (int)response.StatusCode;
                if (status == 404)
                {
                    throw new MpsException(ErrorIds.MetadataRoleNotFound, MpsErrorKind.NotFound, where + " has no role '" + role + "' (HTTP 404); check the role bound to this instance.");
                }
                if (status != 200)
                {
                    throw new MpsException(ErrorIds.MetadataUnavailable, status >= 500 ? MpsErrorKind.ServiceError : MpsErrorKind.InvalidResponse, where + " answered HTTP " + status + ".");
                }
                byte[] payload = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                JsonElement answer;
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(payload))
                    {
                        answer = document.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    throw new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, where + " answered something that is not JSON.");
                }
                if (answer.ValueKind != JsonValueKind.Object)
                {
                    throw new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, where + " answered JSON that is not a JSON object.");
                }
                string? code = StsClient.StringOf(answer, "Code");
                if (code != null && code != "Success")
                {
                    throw new MpsException(ErrorIds.MetadataUnavailable, MpsErrorKind.ServiceError, where + " answered Code '" + code + "' for the role '" + role + "'.");
                }
                string? id = StsClient.StringOf(answer, "TmpSecretId");
                string? key = StsClient.StringOf(answer, "TmpSecretKey");
                string? token = StsClient.StringOf(answer, "Token");
                DateTimeOffset? expiration = StsClient.ExpirationOf(answer);
                if (Strings.IsNullOrEmpty(id) || Strings.IsNullOrEmpty(key) || Strings.IsNullOrEmpty(token) || expiration == null)
                {
                    throw new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, where + " answered without TmpSecretId, TmpSecretKey, Token or ExpiredTime for the role '" + role + "'.");
                }
                return new TencentCredential(id, key, token, sourceName, expiration);
            }
        }

        private async Task<HttpResponseMessage> GetAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                bounded.CancelAfter(timeout);
                HttpResponseMessage response = await _http.GetAsync(new Uri(Endpoint, path), HttpCompletionOption.ResponseContentRead, bounded.Token).ConfigureAwait(false);
                return response;
            }
        }

        private static Uri Validate(Uri endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new MpsException(ErrorIds.InvalidEndpoint, MpsErrorKind.InvalidArgument, "The metadata endpoint '" + endpoint + "' is not an http(s) URL; give one like " + DefaultEndpoint + ".");
            }
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        }

        /// <summary>Forgets the misses (tests, and a host that was given a role while running).</summary>
        internal static void ForgetMisses()
        {
            Roles.Clear();
        }
    }
}
