using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Http
{
    /// <summary>
    /// Lets at most <see cref="Limit"/> requests reach the service in any window of one second, however
    /// long each takes on the way. It keeps <see cref="Limit"/> slots; a request holds one while it is in
    /// flight, and the slot is free again one window after the request's answer came back. The service saw
    /// the request before the answer left it, so the next request on that slot reaches the service at
    /// least one window after the last one did: no jitter on the way can put N+1 into one of its seconds.
    /// A token bucket or a window counted from send times both fail that when early requests are delayed
    /// (connection set-up, a cold start) and arrive together with the next window's.
    /// </summary>
    public sealed class RequestRateLimiter
    {
        /// <summary>One second, plus a little for the resolution of timers and of the service's clock.</summary>
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(1010);

        private readonly IClock _clock;
        private readonly TimeSpan _window;
        private readonly object _lock = new object();
        private readonly TimeSpan[] _freeAt;
        private readonly bool[] _inFlight;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly AsyncSignal _slotReturned = new AsyncSignal();
        private TimeSpan _pausedUntil;

        public RequestRateLimiter(int limit, IClock clock)
            : this(limit, DefaultWindow, clock)
        {
        }

        public RequestRateLimiter(int limit, TimeSpan window, IClock clock)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "The limit must be at least 1.");
            }
            Limit = limit;
            _window = window;
            _clock = clock;
            _freeAt = new TimeSpan[limit];
            _inFlight = new bool[limit];
            TimeSpan longAgo = clock.Elapsed - window;
            for (int i = 0; i < limit; i++)
            {
                _freeAt[i] = longAgo;
            }
        }

        public int Limit { get; }

        /// <summary>
        /// Waits until one more request may be sent and books a slot for it; dispose the lease when the
        /// answer (or the failure) is in.
        /// </summary>
        public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            // One acquirer at a time, in arrival order, so no request starves behind later ones.
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    int slot = -1;
                    TimeSpan freeAt = TimeSpan.MaxValue;
                    Task returned;
                    lock (_lock)
                    {
                        for (int i = 0; i < _freeAt.Length; i++)
                        {
                            if (!_inFlight[i] && _freeAt[i] < freeAt)
                            {
                                slot = i;
                                freeAt = _freeAt[i];
                            }
                        }
                        returned = _slotReturned.Next;
                        if (slot >= 0)
                        {
                            if (_pausedUntil > freeAt)
                            {
                                freeAt = _pausedUntil;
                            }
                            if (freeAt <= _clock.Elapsed)
                            {
                                _inFlight[slot] = true;
                                return new Lease(this, slot);
                            }
                        }
                    }
                    if (slot < 0)
                    {
                        // Every slot is in flight: the next to come back is the next to use.
                        await AsyncSignal.WaitAsync(returned, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // A slot coming back meanwhile is free only a window later: this one stays the earliest.
                        await _clock.Delay(freeAt - _clock.Elapsed, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>
        /// The service refused a request for its rate: someone else shares the quota. Every sender of this
        /// limiter holds back for a while, rather than each retrying on its own into the same wall.
        /// </summary>
        public void PauseFor(TimeSpan pause)
        {
            lock (_lock)
            {
                TimeSpan until = _clock.Elapsed + pause;
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }

        private void Return(int slot)
        {
            lock (_lock)
            {
                _inFlight[slot] = false;
                _freeAt[slot] = _clock.Elapsed + _window;
            }
            _slotReturned.Set();
        }

        private sealed class Lease : IDisposable
        {
            private RequestRateLimiter _owner;
            private readonly int _slot;

            public Lease(RequestRateLimiter owner, int slot)
            {
                _owner = owner;
                _slot = slot;
            }

            public void Dispose()
            {
                Interlocked.Exchange(ref _owner, null)?.Return(_slot);
            }
        }
    }
}
