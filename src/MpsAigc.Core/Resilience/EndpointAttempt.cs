using System;
using System.Threading;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// One request's way through its endpoint's <see cref="EndpointHealth"/>: what came of it is told once
    /// (<see cref="End"/>), and an attempt disposed without that (cancelled, or failed before it was sent)
    /// only gives up its turn as the probe.
    /// </summary>
    public sealed class EndpointAttempt : IDisposable
    {
        /// <summary>For a client whose endpoint's health is not judged (one with a handler of its own): tells nothing.</summary>
        internal static readonly EndpointAttempt Untracked = new EndpointAttempt(null, TimeSpan.Zero, probe: false);

        private readonly EndpointHealth? _health;
        private int _ended;

        internal EndpointAttempt(EndpointHealth? health, TimeSpan startedAt, bool probe)
        {
            _health = health;
            StartedAt = startedAt;
            IsProbe = probe;
        }

        /// <summary>When it was let through, on the clock's monotonic reading.</summary>
        public TimeSpan StartedAt { get; }

        /// <summary>True when the endpoint was down and this request goes to see whether it is back.</summary>
        public bool IsProbe { get; }

        /// <param name="failure">Null for an answer; else what the request got.</param>
        public void End(MpsException? failure)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _health?.End(this, failure);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _health?.Abandon(this);
            }
        }
    }
}
