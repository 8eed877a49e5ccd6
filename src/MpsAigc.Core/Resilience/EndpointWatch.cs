using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// One client's view of its endpoint's health (a client serves one invocation, with its log): its requests
    /// go through the health's gate and tell it what came of them, and the log gets one warning when the
    /// endpoint is found down and one when it answers again, whatever the number of requests or tasks.
    /// </summary>
    public sealed class EndpointWatch
    {
        private readonly EndpointHealth? _health;
        private readonly IMpsLog _log;
        private readonly object _lock = new object();

        // The outage this log was last told of and not yet told the end of; written under _lock.
        private EndpointOutage? _warned;

        /// <param name="health">Null: the endpoint's health is not judged (a client with a handler of its own).</param>
        public EndpointWatch(EndpointHealth? health, IMpsLog log)
        {
            _health = health;
            _log = log;
        }

        /// <summary>The outage now, for a progress line; null while the endpoint answers.</summary>
        public EndpointOutage? Outage => _health?.Outage;

        /// <inheritdoc cref="EndpointHealth.EnterAsync"/>
        public async Task<EndpointAttempt> EnterAsync(string action, CancellationToken cancellationToken)
        {
            if (_health == null)
            {
                return EndpointAttempt.Untracked;
            }
            try
            {
                return await _health.EnterAsync(action, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Notice();
            }
        }

        /// <param name="failure">Null for an answer; else what the request got.</param>
        public void End(EndpointAttempt attempt, MpsException? failure)
        {
            attempt.End(failure);
            if (_health != null)
            {
                Notice();
            }
        }

        /// <summary>
        /// Brings the log up to the health's state now. Under one lock, with the state read inside it, so the
        /// warnings follow the outage's own order: never a second warning for one outage, never "back" before "down".
        /// </summary>
        private void Notice()
        {
            // Called only with a health: EnterAsync and End return before when there is none.
            EndpointHealth health = _health!;
            if (health.Outage == null && Volatile.Read(ref _warned) == null)
            {
                return;
            }
            lock (_lock)
            {
                EndpointOutage? now = health.Outage;
                if (_warned != null && _warned.Number == now?.Number)
                {
                    return;
                }
                if (_warned != null)
                {
                    // Ended; when another began before this client sent again, the end of the one between is told.
                    _log.Warning((health.LastEnded ?? _warned).BackWarning());
                }
                if (now != null)
                {
                    _log.Warning(now.DownWarning());
                }
                Volatile.Write(ref _warned, now);
            }
        }
    }
}
