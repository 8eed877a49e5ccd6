using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Signing;

namespace MpsAigc.Api
{
    /// <summary>
    /// Calls one MPS action: sign, send, retry what is transient, parse the envelope. Thread-safe; one
    /// instance serves a whole batch.
    /// </summary>
    public sealed class MpsClient
    {
        public const string ApiVersion = "2019-06-12";

        /// <summary>The credential scope's service: always mps, whatever host the endpoint names.</summary>
        public const string Service = "mps";

        /// <summary>Sent and signed byte for byte; no "; charset=utf-8" may be appended on the way.</summary>
        public const string ContentType = "application/json";

        /// <summary>
        /// Names this process (a random id, never the process id) to the service, unsigned as the official
        /// SDKs' X-TC-RequestClient is, so that the emulator can count each client's requests and refusals.
        /// </summary>
        public const string ClientHeader = "X-MpsAigc-Client";

        /// <summary>An answer larger than this is not an MPS answer; reading it all would only cost memory.</summary>
        public const int MaxResponseBytes = 4 * 1024 * 1024;

        /// <summary>
        /// Bodies keep non-ASCII text and quotes as they are (valid JSON either way), so that -WhatIf and
        /// -Debug show what a person wrote rather than \uXXXX escapes.
        /// </summary>
        internal static readonly JsonWriterOptions ReadableJson = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(CreateSharedHttpClient);

        /// <summary>The value of <see cref="ClientHeader"/> for every request of this process.</summary>
        public static readonly string ClientId = Guid.NewGuid().ToString("N").Substring(0, 16);

        private readonly MpsClientOptions _options;
        private readonly HttpClient _http;
        private readonly ConcurrentDictionary<string, RequestRateLimiter?> _limiters = new ConcurrentDictionary<string, RequestRateLimiter?>(StringComparer.Ordinal);
        private readonly TaskCompletionSource<bool> _warm = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _firstTaken;
        private readonly string _host;
        private readonly string _clockKey;
        private readonly EndpointWatch _endpoint;

        public MpsClient(MpsClientOptions options)
        {
            if (options.CredentialSource == null && !options.Unsigned)
            {
                throw new ArgumentException("A credential is required.", nameof(options));
            }
            _options = options;
            options.Endpoint = MpsEndpoint.Validate(options.Endpoint);
            _host = MpsEndpoint.HostHeader(options.Endpoint);
            _clockKey = ClockOffsets.KeyOf(options.Endpoint);
            _http = options.Handler == null ? SharedHttp.Value : new HttpClient(options.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            _endpoint = new EndpointWatch(options.EndpointHealth ?? (options.Handler == null ? EndpointHealthRegistry.For(options.Endpoint) : null), options.Log);
        }

        public Uri Endpoint => _options.Endpoint;

        public string? Region => _options.Region;

        public IMpsLog Log => _options.Log;

        /// <summary>What the budget of <paramref name="action"/> is doing now; null when no client-side limit applies.</summary>
        public RateReading? RateOf(ApiAction action)
        {
            return LimiterFor(action)?.Reading;
        }

        /// <summary>The endpoint's outage now, for a progress line; null while it answers.</summary>
        public EndpointOutage? Outage => _endpoint.Outage;

        /// <summary>
        /// Calls <paramref name="apiAction"/> and returns the envelope's Response object. For an action that changes
        /// something (a create), a failure after the request may have reached the service is never retried, and is
        /// reported as such.
        /// </summary>
        /// <param name="sending">
        /// Told just before each attempt goes on the wire, once its keys, the endpoint and the budget let it: what
        /// waited until then (a stop, an outage) was never sent. If it throws, the attempt is not sent.
        /// </param>
        public async Task<MpsResponse> InvokeAsync(ApiAction apiAction, byte[] body, CancellationToken cancellationToken, Action? sending = null)
        {
            string action = apiAction.Name;
            bool idempotent = !apiAction.ChangesState;
            RetryPolicy retry = _options.Retry;
            RequestRateLimiter? limiter = LimiterFor(apiAction);
            // A cold client (JIT, its first connection) whose budget is its process's own sends one request,
            // and the rest once it has an answer: requests granted meanwhile would wait on the way and reach
            // the service in one burst, more in one of its seconds than the spacing meant for an account
            // shared with clients it cannot see. (A machine's budget counts them in flight: no need.)
            bool spaced = limiter != null && limiter.Scope == RateLimitScope.Process;
            bool first = spaced && Interlocked.Exchange(ref _firstTaken, 1) == 0;
            if (spaced && !first)
            {
                await AsyncSignal.WaitAsync(_warm.Task, cancellationToken).ConfigureAwait(false);
            }
            bool clockCorrected = false;
            bool tokenRenewed = false;
            MpsException? retried = null;
            for (int attempt = 1; ; attempt++)
            {
                TencentCredential? credential = null;
                RateLease? lease = null;
                try
                {
                    try
                    {
                        // Asked before each attempt: a renewal between two attempts is used by the next one. Inside the
                        // try: the first request's keys that cannot be had must still let the others go.
                        credential = _options.CredentialSource == null
                            ? null
                            : await _options.CredentialSource.GetAsync(_options.Log, cancellationToken).ConfigureAwait(false);
                        // While the endpoint is down, this waits for a probe's answer instead of sending.
                        using (EndpointAttempt entry = await _endpoint.EnterAsync(action, cancellationToken).ConfigureAwait(false))
                        {
                            lease = limiter == null ? null : await limiter.AcquireAsync(_options.Log, cancellationToken).ConfigureAwait(false);
                            // Returned when the answer is in, before any pause below: a request waiting to retry holds no slot.
                            using (lease)
                            {
                                sending?.Invoke();
                                return await SendObservedAsync(entry, action, body, credential, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                    finally
                    {
                        if (first)
                        {
                            _warm.TrySetResult(true);
                        }
                    }
                }
                catch (MpsException e) when (e.ErrorId == ErrorIds.EndpointUnreachable)
                {
                    // Held back: the endpoint's verdict, which asking again would only repeat. A request sent before
                    // ends with what it got then; EndpointUnreachable says that it never was.
                    if (retried != null)
                    {
                        throw retried;
                    }
                    throw;
                }
                catch (MpsServiceException e) when (e.Code == MpsServiceException.TokenFailure && !tokenRenewed && _options.CredentialSource != null && _options.CredentialSource.Renews && !cancellationToken.IsCancellationRequested)
                {
                    // Refused at authentication, so nothing happened and even a create may go again, once, with new keys.
                    tokenRenewed = true;
                    _options.CredentialSource.Reject(credential);
                    _options.Log.Verbose(action + ": the service refused the temporary keys of " + _options.CredentialSource.Name + " (" + e.Code + "); renewing them and retrying once.");
                }
                catch (MpsServiceException e) when (e.Code == MpsServiceException.SignatureExpired && e.ServerTime != null && !clockCorrected && !cancellationToken.IsCancellationRequested)
                {
                    // The service refused the time, not the request: nothing happened, so even a create may go again, once.
                    clockCorrected = true;
                    TimeSpan offset = e.ServerTime.Value - _options.Clock.UtcNow;
                    ClockOffsets.Set(_clockKey, offset);
                    _options.Log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: the service refused the request's time ({1}): this computer's clock is {2:0} s {3} the service's (by its Date header). Signing with the service's time from now on, and retrying once.",
                        action, e.Code, Math.Abs(offset.TotalSeconds), offset > TimeSpan.Zero ? "behind" : "ahead of"));
                }
                catch (MpsException e) when (!idempotent && RetryRules.MayHaveHappened(e))
                {
                    throw new MpsException(
                        ErrorIds.OutcomeUnknown,
                        MpsErrorKind.InvalidOperation,
                        action + " may or may not have been carried out: " + e.Message + " It is not retried, so that nothing is done twice; check before trying again (for a task: its list in the console, or the next query).",
                        e);
                }
                catch (MpsException e) when (RetryRules.IsThrottling(e) && lease != null)
                {
                    // The budget slows down, and the request goes back to it behind those already waiting:
                    // no pause of its own, which would only add a second schedule beside the budget's.
                    // A lease comes only from a limiter.
                    await limiter!.RefusedAsync(lease, _options.Log, action).ConfigureAwait(false);
                    if (attempt >= retry.MaxAttempts || cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    _options.Log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1}; retrying when the rate limit allows (attempt {2} of {3}).",
                        action, e.ErrorId, attempt + 1, retry.MaxAttempts));
                }
                catch (MpsException e) when ((idempotent ? RetryRules.IsTransient(e) : RetryRules.ProvesNothingHappened(e)) && attempt < retry.MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    retried = e;
                    TimeSpan delay = retry.DelayAfter(attempt);
                    _options.Log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1}; retrying in {2:0.00} s (attempt {3} of {4}).",
                        action, e.ErrorId, delay.TotalSeconds, attempt + 1, retry.MaxAttempts));
                    await _options.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The budget <paramref name="action"/> draws from: each action has its own at the service.</summary>
        private RequestRateLimiter? LimiterFor(ApiAction action)
        {
            if (_options.RateLimiter != null || _options.CredentialSource == null)
            {
                return _options.RateLimiter;
            }
            return _limiters.GetOrAdd(action.Name, name => RateLimiterRegistry.For(
                _options.Endpoint, _options.CredentialSource.AccountKey, name, _options.MaxRequestsPerSecond ?? action.DocumentedLimit, _options.RateLimitScope));
        }

        /// <summary>Sends once and tells the endpoint's health what came of it.</summary>
        private async Task<MpsResponse> SendObservedAsync(EndpointAttempt attempt, string action, byte[] body, TencentCredential? credential, CancellationToken cancellationToken)
        {
            try
            {
                MpsResponse response = await SendOnceAsync(action, body, credential, cancellationToken).ConfigureAwait(false);
                _endpoint.End(attempt, null);
                return response;
            }
            catch (MpsException e)
            {
                _endpoint.End(attempt, e);
                throw;
            }
        }

        private async Task<MpsResponse> SendOnceAsync(string action, byte[] body, TencentCredential? credential, CancellationToken cancellationToken)
        {
            long timestamp = (_options.Clock.UtcNow + ClockOffsets.For(_clockKey)).ToUnixTimeSeconds();
            using (var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                request.Headers.TryAddWithoutValidation("X-TC-Action", action);
                request.Headers.TryAddWithoutValidation("X-TC-Version", _options.Version);
                request.Headers.TryAddWithoutValidation("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation(ClientHeader, ClientId);
                if (!string.IsNullOrEmpty(_options.Region))
                {
                    request.Headers.TryAddWithoutValidation("X-TC-Region", _options.Region);
                }
                if (credential?.SessionToken != null)
                {
                    request.Headers.TryAddWithoutValidation("X-TC-Token", credential.SessionToken);
                }
                request.Headers.TryAddWithoutValidation(
                    "Authorization",
                    credential == null
                        ? "SKIP"
                        : Tc3Signer.BuildAuthorization(credential.SecretId, credential.SecretKey, _options.Service, _host, ContentType, body, timestamp));

                timeout.CancelAfter(_options.RequestTimeout);
                NetFrameworkServicePoints.Prepare(_options.Endpoint);
                try
                {
                    using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                    {
                        byte[] payload = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
                        try
                        {
                            return MpsResponse.Parse(action, response.StatusCode, payload);
                        }
                        catch (MpsServiceException e) when (e.Code == MpsServiceException.SignatureExpired)
                        {
                            e.ServerTime = response.Headers.Date;
                            throw;
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MpsException(
                        ErrorIds.RequestTimeout,
                        MpsErrorKind.Timeout,
                        action + ": no answer from " + _host + " within " + _options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.");
                }
                catch (Exception e) when (e is HttpRequestException || e is WebException)
                {
                    // A WebException comes bare from .NET Framework's response stream (Windows PowerShell).
                    throw RetryRules.FailedSend(e, action, _host);
                }
                catch (IOException e)
                {
                    throw new MpsException(ErrorIds.ConnectionFailed, MpsErrorKind.Connection, action + ": the connection to " + _host + " broke: " + e.Message, e);
                }
            }
        }

        private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            long? declared = response.Content.Headers.ContentLength;
            if (declared > MaxResponseBytes)
            {
                throw TooLarge();
            }
            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            // .NET Framework's response stream ignores ReadAsync's token (Windows PowerShell): a timeout or a stop
            // disposes the answer instead, which ends a read that waits.
            using (cancellationToken.Register(response.Dispose))
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[16384];
                int read;
                try
                {
                    while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (buffer.Length + read > MaxResponseBytes)
                        {
                            throw TooLarge();
                        }
                        buffer.Write(chunk, 0, read);
                    }
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException))
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                return buffer.ToArray();
            }
        }

        private static MpsException TooLarge()
        {
            return new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, "The service's answer is larger than " + (MaxResponseBytes / 1024 / 1024) + " MiB; it is not an MPS answer.");
        }

        /// <summary>Makes the process's HttpClient now, off the pipeline thread (see FirstCallWarmup); it opens no connection.</summary>
        internal static void WarmSharedHttp()
        {
            _ = SharedHttp.Value;
        }

        private static HttpClient CreateSharedHttpClient()
        {
            return new HttpClient(ApiHttpHandler.Create()) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <summary>A request body: the action's parameters as a JSON object.</summary>
        public static byte[] JsonBody(Action<Utf8JsonWriter> writeProperties)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, ReadableJson))
                {
                    writer.WriteStartObject();
                    writeProperties(writer);
                    writer.WriteEndObject();
                }
                return stream.ToArray();
            }
        }
    }
}
