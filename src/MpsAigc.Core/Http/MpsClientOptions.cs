using System;
using System.Net.Http;
using MpsAigc.Credentials;

namespace MpsAigc.Http
{
    public sealed class MpsClientOptions
    {
        public Uri Endpoint { get; set; } = MpsEndpoint.Default;

        /// <summary>Sent as X-TC-Region only when set; DescribeAigcVideoTask does not need it.</summary>
        public string Region { get; set; }

        public TencentCredential Credential { get; set; }

        /// <summary>The documented limit of DescribeAigcVideoTask; 0 turns the client-side limiter off.</summary>
        public int MaxRequestsPerSecond { get; set; } = 50;

        /// <summary>
        /// Which request budget the limiter counts against: the service limits each API on its own
        /// (50/s to describe, 10/s to create), so each gets its own process-wide limiter.
        /// </summary>
        public string RateScope { get; set; } = "DescribeAigcVideoTask";

        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        public IMpsLog Log { get; set; } = NullLog.Instance;

        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>A limiter to use instead of the process-wide one (tests).</summary>
        public RequestRateLimiter RateLimiter { get; set; }

        /// <summary>A handler to use instead of the process-wide HttpClient (tests).</summary>
        public HttpMessageHandler Handler { get; set; }
    }
}
