using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// Whether one endpoint answers, judged from every request the process sends it (one per endpoint:
    /// <see cref="EndpointHealthRegistry"/>), so that an outage costs about one request a second however many
    /// requests wait for it. AWS SDKs bound retries per endpoint with a retry quota that failures drain; that
    /// still sends every first attempt, which for 10,000 waited tasks is 10,000 requests into an outage, so
    /// here a request that finds the endpoint down is not sent at all.
    /// </summary>
    /// <remarks>
    /// While it answers, requests go freely. It is judged down after <see cref="FailuresToJudgeDown"/> attempts
    /// in a row found it unreachable (<see cref="RetryRules.IsUnreachable"/>) with no answer between, or after one attempt
    /// that waited <see cref="SlowFailure"/> and more with no answer from it since it was sent (a timeout: the
    /// next two would take as long). While it is down, one request at a time, at most one per
    /// <see cref="ProbeInterval"/>, goes as the probe; the others wait for the probe's answer. An outage
    /// younger than <see cref="Patience"/> is waited out; after that, a request that the latest probe's
    /// answer says is still shut out fails at once, unsent, with EndpointUnreachable (a Wait polls it again
    /// later; a Get reports it, or what the request got when it was sent before). Any answer that is not a
    /// failure of the endpoint ends the outage.
    /// </remarks>
    public sealed class EndpointHealth
    {
        public const int FailuresToJudgeDown = 3;

        public static readonly TimeSpan DefaultSlowFailure = TimeSpan.FromSeconds(10);

        public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(1);

        /// <summary>About what a request's own retries lasted before: a blip is ridden out, an outage fails fast.</summary>
        public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(5);

        private readonly IClock _clock;
        private readonly object _lock = new object();
        private readonly AsyncSignal _changed = new AsyncSignal();

        // Written under _lock; _outage is read without it on the way in (volatile), a request sent as it
        // changes being no different from one already on its way.
        private EndpointOutage? _outage;
        private EndpointOutage? _lastEnded;
        private int _outages;
        private int _failuresInRow;
        private TimeSpan _failuresSince;
        private TimeSpan _lastAnswerAt = TimeSpan.MinValue;
        private bool _probing;
        private TimeSpan _nextProbeAt = TimeSpan.MinValue;
        private int _failedProbes;

        /// <param name="endpoint">Named by scheme, host and port in warnings and errors; its path and query never are.</param>
        public EndpointHealth(Uri endpoint, IClock clock)
            : this(endpoint, clock, DefaultSlowFailure, DefaultProbeInterval, DefaultPatience)
        {
        }

        internal EndpointHealth(Uri endpoint, IClock clock, TimeSpan slowFailure, TimeSpan probeInterval, TimeSpan patience)
        {
            Name = endpoint.GetLeftPart(UriPartial.Authority);
            _clock = clock;
            SlowFailure = slowFailure;
            ProbeInterval = probeInterval;
            Patience = patience;
        }

        /// <summary>The endpoint's scheme, host and port.</summary>
        public string Name { get; }

        public TimeSpan SlowFailure { get; }

        public TimeSpan ProbeInterval { get; }

        public TimeSpan Patience { get; }

        /// <summary>The outage now; null while the endpoint answers.</summary>
        public EndpointOutage? Outage => Volatile.Read(ref _outage);

        /// <summary>The most recent outage that has ended; null before the first has.</summary>
        public EndpointOutage? LastEnded
        {
            get
            {
                lock (_lock)
                {
                    return _lastEnded;
                }
            }
        }

        /// <summary>
        /// Returns when <paramref name="action"/> may be sent: at once while the endpoint answers; while it is
        /// down, as the probe or once a probe finds it back. Dispose the attempt, or end it with what came of it.
        /// </summary>
        /// <exception cref="MpsException">EndpointUnreachable: the request was not sent.</exception>
        /// <exception cref="OperationCanceledException">At once when <paramref name="cancellationToken"/> is cancelled.</exception>
        public async Task<EndpointAttempt> EnterAsync(string action, CancellationToken cancellationToken)
        {
            if (Outage == null)
            {
                return new EndpointAttempt(this, _clock.Elapsed, probe: false);
            }
            int failedProbesSeen = -1;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Task changed;
                TimeSpan? wakeIn;
                lock (_lock)
                {
                    TimeSpan now = _clock.Elapsed;
                    EndpointOutage? outage = _outage;
                    if (outage == null)
                    {
                        return new EndpointAttempt(this, now, probe: false);
                    }
                    if (!_probing && now >= _nextProbeAt)
                    {
                        _probing = true;
                        _nextProbeAt = now + ProbeInterval;
                        return new EndpointAttempt(this, now, probe: true);
                    }
                    if (failedProbesSeen < 0)
                    {
                        failedProbesSeen = _failedProbes;
                    }
                    TimeSpan patienceEnds = outage.SinceElapsed + Patience;
                    // Out of patience, a request takes the latest probe's answer: a fresh one (no probe due yet),
                    // or the one it waited for. It never waits through a second probe: Get must end.
                    if (now >= patienceEnds && (!_probing || _failedProbes != failedProbesSeen))
                    {
                        throw Unreachable(action, outage);
                    }
                    changed = _changed.Next;
                    TimeSpan? until = _probing ? (TimeSpan?)null : _nextProbeAt;
                    if (now < patienceEnds && (until == null || patienceEnds < until))
                    {
                        until = patienceEnds;
                    }
                    wakeIn = until - now;
                }
                await WaitAsync(changed, wakeIn, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>What came of an attempt: null for an answer, else the failure (an answer too, unless <see cref="RetryRules.IsUnreachable"/>).</summary>
        internal void End(EndpointAttempt attempt, MpsException? failure)
        {
            bool unreachable = failure != null && RetryRules.IsUnreachable(failure);
            lock (_lock)
            {
                TimeSpan now = _clock.Elapsed;
                if (attempt.IsProbe)
                {
                    _probing = false;
                }
                if (!unreachable)
                {
                    _failuresInRow = 0;
                    _lastAnswerAt = now;
                    if (_outage != null)
                    {
                        _lastEnded = _outage.EndingAt(WallAt(now));
                        Volatile.Write(ref _outage, null);
                    }
                }
                else
                {
                    string errorId = failure!.ErrorId;
                    if (_failuresInRow++ == 0)
                    {
                        _failuresSince = attempt.StartedAt > _lastAnswerAt ? attempt.StartedAt : _lastAnswerAt;
                    }
                    if (_outage != null)
                    {
                        Volatile.Write(ref _outage, _outage.WithLastError(errorId));
                        if (attempt.IsProbe)
                        {
                            _failedProbes++;
                        }
                    }
                    else if (_failuresInRow >= FailuresToJudgeDown || (now - attempt.StartedAt >= SlowFailure && _lastAnswerAt <= attempt.StartedAt))
                    {
                        Volatile.Write(ref _outage, new EndpointOutage(++_outages, Name, WallAt(_failuresSince), _failuresSince, errorId));
                    }
                }
            }
            _changed.Set();
        }

        /// <summary>An attempt that ended with neither an answer nor a failure of the endpoint (cancelled): its probe goes to another.</summary>
        internal void Abandon(EndpointAttempt attempt)
        {
            if (!attempt.IsProbe)
            {
                return;
            }
            lock (_lock)
            {
                _probing = false;
                // Due at once: the next request need not wait a second for a probe that was never answered.
                _nextProbeAt = _clock.Elapsed;
            }
            _changed.Set();
        }

        private MpsException Unreachable(string action, EndpointOutage outage)
        {
            return new MpsException(
                ErrorIds.EndpointUnreachable,
                MpsErrorKind.Connection,
                action + ": " + Name + " has not answered since " + outage.SinceText + " (the latest attempt: " + outage.LastErrorId
                + "), so this request was held back, not sent. One request a second checks whether it is back; try again once it is.");
        }

        private DateTimeOffset WallAt(TimeSpan elapsed)
        {
            return _clock.UtcNow - (_clock.Elapsed - elapsed);
        }

        /// <summary>Until something changes or <paramref name="wakeIn"/> has passed (null: only a change); throws once cancelled.</summary>
        private async Task WaitAsync(Task changed, TimeSpan? wakeIn, CancellationToken cancellationToken)
        {
            if (wakeIn == null)
            {
                await AsyncSignal.WaitAsync(changed, cancellationToken).ConfigureAwait(false);
                return;
            }
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task elapsed = _clock.Delay(wakeIn.Value, timer.Token);
                await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
                // The timer of a wait that a change ended is not left running.
                timer.Cancel();
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
