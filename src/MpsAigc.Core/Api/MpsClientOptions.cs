using System;
using System.Net.Http;
using MpsAigc.Common;
using MpsAigc.RateLimiting;
using MpsAigc.Resilience;
using MpsAigc.Signing;

namespace MpsAigc.Api
{
    public sealed class MpsClientOptions
    {
        public Uri Endpoint { get; set; } = MpsEndpoint.Default;

        /// <summary>Sent as X-TC-Region only when set; DescribeAigcVideoTask does not need it.</summary>
        public string? Region { get; set; }

        /// <summary>Where the keys come from; asked before every request, so temporary keys can be renewed underneath.</summary>
        public CredentialSource? CredentialSource { get; set; }

        /// <summary>Keys that never change: a shorthand for a fixed CredentialSource.</summary>
        public TencentCredential? Credential
        {
            set { CredentialSource = value == null ? null : CredentialSource.Fixed(value, value.Source); }
        }

        /// <summary>
        /// Send without a signature ("Authorization: SKIP", as Tencent's SDKs do for
        /// AssumeRoleWithWebIdentity, whose proof is the token in its body).
        /// </summary>
        public bool Unsigned { get; set; }

        /// <summary>The credential scope's service: mps here, sts for the security token service.</summary>
        public string Service { get; set; } = MpsClient.Service;

        public string Version { get; set; } = MpsClient.ApiVersion;

        /// <summary>
        /// The request rate of every action this client calls; null for each action's documented limit
        /// (<see cref="RateLimits"/>); 0 turns the client-side limiter off. Each action has its own budget.
        /// </summary>
        public int? MaxRequestsPerSecond { get; set; }

        /// <summary>
        /// Whether each budget is this process's own or shared with the machine's other processes. The module
        /// shares by default; a client made here keeps its own unless told otherwise.
        /// </summary>
        public RateLimitScope RateLimitScope { get; set; } = RateLimitScope.Process;

        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        public IMpsLog Log { get; set; } = NullLog.Instance;

        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>A limiter to use for every action instead of the process-wide ones (tests).</summary>
        public RequestRateLimiter? RateLimiter { get; set; }

        /// <summary>
        /// Whether the endpoint answers, shared with the process's other clients of it: by default its one in
        /// <see cref="EndpointHealthRegistry"/>. A client with a <see cref="Handler"/> of its own (tests) talks to
        /// that handler, not the endpoint, and keeps no health unless given one.
        /// </summary>
        public EndpointHealth? EndpointHealth { get; set; }

        /// <summary>A handler to use instead of the process-wide HttpClient (tests).</summary>
        public HttpMessageHandler? Handler { get; set; }
    }
}
