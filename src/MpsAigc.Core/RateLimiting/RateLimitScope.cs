using System;

namespace MpsAigc.RateLimiting
{
    /// <summary>Who shares one budget of requests: this process only, or every process of the user on this machine.</summary>
    public enum RateLimitScope
    {
        /// <summary>Every process of the user on this machine that calls the same action, endpoint and account.</summary>
        Machine,

        /// <summary>This process only: the case of clients that cannot share state (separate machines).</summary>
        Process,
    }
}
