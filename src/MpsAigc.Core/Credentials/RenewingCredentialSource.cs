using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// Temporary keys (STS, TKE OIDC, the CVM role) that are renewed before they run out. One renewal at a
    /// time serves every caller in the process; while the current keys are valid nobody waits for it, and a
    /// failed renewal is tried again with backoff. Only a caller that finds no valid keys waits, and fails
    /// with the renewal's error.
    /// </summary>
    public sealed class RenewingCredentialSource : CredentialSource
    {
        /// <summary>Renewal starts when less than min(this, a quarter of the keys' lifetime) remains.</summary>
        public static readonly TimeSpan MaxRenewalLead = TimeSpan.FromSeconds(300);

        /// <summary>
        /// Keys that look expired on arrival (a clock off from the service's) are still used for this long,
        /// so that a skewed clock costs one fetch a second, not one per request.
        /// </summary>
        private static readonly TimeSpan MinFetchInterval = TimeSpan.FromSeconds(1);

        private static readonly RetryPolicy FailureBackoff = new RetryPolicy(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        private readonly Func<CancellationToken, Task<TencentCredential>> _fetch;
        private readonly IClock _clock;
        private readonly object _lock = new object();
        private TencentCredential? _current;
        private Task<TencentCredential>? _currentTask;
        private DateTimeOffset _fetchedAt;
        private DateTimeOffset _renewAt;
        private DateTimeOffset _retryAt;
        private Task<TencentCredential>? _renewal;
        private int _failuresInRow;
        private MpsException? _lastFailure;
        private int _fetches;

        /// <param name="fetch">Gets new keys; bounded in time by itself (renewals are shared, so no caller's token stops one).</param>
        public RenewingCredentialSource(string name, string accountKey, string cacheKey, Func<CancellationToken, Task<TencentCredential>> fetch, IClock clock)
        {
            Name = name;
            AccountKey = accountKey;
            CacheKey = cacheKey;
            _fetch = fetch;
            _clock = clock;
        }

        public override string Name { get; }

        public override string AccountKey { get; }

        public override bool Renews => true;

        public override TencentCredential? Current
        {
            get { lock (_lock) { return _current; } }
        }

        internal override string CacheKey { get; }

        /// <summary>How many times keys were fetched (the first time included).</summary>
        public int Fetches => Volatile.Read(ref _fetches);

        public override Task<TencentCredential> GetAsync(IMpsLog log, CancellationToken cancellationToken)
        {
            Task<TencentCredential> pending;
            lock (_lock)
            {
                DateTimeOffset now = _clock.UtcNow;
                if (IsUsable(now))
                {
                    if (now >= _renewAt && _renewal == null && now >= _retryAt)
                    {
                        _renewal = StartRenewal(log);
                    }
                    return _currentTask;
                }
                if (_renewal == null)
                {
                    if (_lastFailure != null && now < _retryAt)
                    {
                        // The last try failed a moment ago: say so at once rather than ask again for every item.
                        return Task.FromException<TencentCredential>(Unavailable(_lastFailure));
                    }
                    _renewal = StartRenewal(log);
                }
                pending = _renewal;
            }
            return pending.WithCancellation(cancellationToken);
        }

        public override void Reject(TencentCredential? rejected)
        {
            lock (_lock)
            {
                if (rejected != null && ReferenceEquals(rejected, _current))
                {
                    _current = null;
                    _currentTask = null;
                    _lastFailure = null;
                }
            }
        }

        /// <remarks>_current and _currentTask are set and cleared together, under the lock.</remarks>
        [MemberNotNullWhen(true, nameof(_current), nameof(_currentTask))]
        private bool IsUsable(DateTimeOffset now)
        {
            return _current != null && _currentTask != null
                && (_current.Expiration == null || now < _current.Expiration.Value || now - _fetchedAt < MinFetchInterval);
        }

        /// <remarks>Called under the lock.</remarks>
        private Task<TencentCredential> StartRenewal(IMpsLog log)
        {
            bool first = _fetches == 0;
            Task<TencentCredential> renewal = Task.Run(() => RenewAsync(log, first));
            renewal.Forget();
            return renewal;
        }

        private async Task<TencentCredential> RenewAsync(IMpsLog log, bool first)
        {
            TencentCredential fresh;
            try
            {
                fresh = await _fetch(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Every failure must end the renewal: one that escaped would leave _renewal a faulted task for good.
                bool connection = e is System.IO.IOException || e is UnauthorizedAccessException || e is System.Net.Http.HttpRequestException || e is OperationCanceledException;
                MpsException failure = e as MpsException ?? new MpsException(ErrorIds.CredentialUnavailable, connection ? MpsErrorKind.Connection : MpsErrorKind.InvalidOperation, ExceptionText.Innermost(e), e);
                Failed(log, failure);
                throw Unavailable(failure);
            }
            DateTimeOffset now;
            lock (_lock)
            {
                now = _clock.UtcNow;
                _current = fresh;
                _currentTask = Task.FromResult(fresh);
                _fetchedAt = now;
                _renewAt = RenewalTime(fresh, now);
                _retryAt = now + MinFetchInterval;
                _renewal = null;
                _failuresInRow = 0;
                _lastFailure = null;
                _fetches++;
            }
            log.Debug(string.Format(
                CultureInfo.InvariantCulture,
                "Credentials: {0} {1}: SecretId {2}{3}.",
                first ? "got keys from" : "renewed", Name, fresh.SecretId,
                fresh.Expiration == null ? string.Empty : ", valid until " + Utc(fresh.Expiration.Value) + ", renewal due " + Utc(_renewAt)));
            return fresh;
        }

        private void Failed(IMpsLog log, MpsException failure)
        {
            TimeSpan wait;
            TencentCredential? current;
            lock (_lock)
            {
                _renewal = null;
                _failuresInRow++;
                _lastFailure = failure;
                DateTimeOffset now = _clock.UtcNow;
                wait = FailureBackoff.DelayAfter(_failuresInRow);
                current = IsUsable(now) ? _current : null;
                if (current?.Expiration != null)
                {
                    // Never let the backoff carry the next try past the end of the keys still in use.
                    TimeSpan half = TimeSpan.FromTicks((current.Expiration.Value - now).Ticks / 2);
                    wait = half < wait ? (half < MinFetchInterval ? MinFetchInterval : half) : wait;
                }
                _retryAt = now + wait;
            }
            log.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "Credentials: renewing {0} failed ({1}); {2} Trying again in {3:0.0} s.",
                Name, failure.Message,
                current?.Expiration == null ? "no valid keys are left." : "the current keys stay in use until " + Utc(current.Expiration.Value) + ".",
                wait.TotalSeconds));
        }

        /// <summary>Less than min(300 s, a quarter of the lifetime) before the end.</summary>
        private static DateTimeOffset RenewalTime(TencentCredential fresh, DateTimeOffset now)
        {
            if (fresh.Expiration == null)
            {
                return DateTimeOffset.MaxValue;
            }
            TimeSpan lifetime = fresh.Expiration.Value - now;
            TimeSpan lead = TimeSpan.FromTicks(Math.Min(MaxRenewalLead.Ticks, Math.Max(0, lifetime.Ticks / 4)));
            return fresh.Expiration.Value - lead;
        }

        private CredentialException Unavailable(MpsException cause)
        {
            return new CredentialException(ErrorIds.CredentialUnavailable, Name + ": " + cause.Message, cause);
        }

        private static string Utc(DateTimeOffset time)
        {
            return time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        }
    }
}
