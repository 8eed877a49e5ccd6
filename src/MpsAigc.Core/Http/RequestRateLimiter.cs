using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Http
{
    /// <summary>
    /// Lets at most <see cref="Limit"/> requests start in any sliding window, exactly, by remembering when
    /// each of the last <see cref="Limit"/> requests started (a ring of timestamps). A token bucket or a
    /// fixed window would let up to twice the limit through across a window boundary, which the service
    /// refuses; the sliding log cannot.
    /// </summary>
    public sealed class RequestRateLimiter
    {
        /// <summary>
        /// Requests leave the client spaced by the window, but reach the service a few milliseconds apart
        /// from how they left. The margin keeps that jitter from putting N+1 into one of the service's seconds.
        /// </summary>
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(1025);

        private readonly IClock _clock;
        private readonly TimeSpan _window;
        private readonly TimeSpan[] _starts;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private int _oldest;
        private long _pausedUntilTicks;

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
            _starts = new TimeSpan[limit];
            TimeSpan longAgo = clock.Elapsed - window - window;
            for (int i = 0; i < limit; i++)
            {
                _starts[i] = longAgo;
            }
        }

        public int Limit { get; }

        /// <summary>Waits until one more request may start, and books it.</summary>
        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TimeSpan now = _clock.Elapsed;
                    TimeSpan freeAt = _starts[_oldest] + _window;
                    TimeSpan pausedUntil = TimeSpan.FromTicks(Interlocked.Read(ref _pausedUntilTicks));
                    if (pausedUntil > freeAt)
                    {
                        freeAt = pausedUntil;
                    }
                    if (freeAt <= now)
                    {
                        _starts[_oldest] = now;
                        _oldest = (_oldest + 1) % _starts.Length;
                        return;
                    }
                    await _clock.Delay(freeAt - now, cancellationToken).ConfigureAwait(false);
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
            long until = (_clock.Elapsed + pause).Ticks;
            long seen = Interlocked.Read(ref _pausedUntilTicks);
            while (until > seen)
            {
                long previous = Interlocked.CompareExchange(ref _pausedUntilTicks, until, seen);
                if (previous == seen)
                {
                    return;
                }
                seen = previous;
            }
        }
    }
}
