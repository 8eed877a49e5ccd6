using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// Lets requests reach the service no faster than their budget allows (see <see cref="RequestBudget"/>):
    /// at most <see cref="Limit"/> in any window, fewer after the service refused some for their rate. The
    /// budget is this process's, or shared through a file with every process of the machine; a shared
    /// budget that cannot be used falls back to this process's own, with one warning.
    /// </summary>
    public sealed class RequestRateLimiter
    {
        /// <summary>One second, plus a little for the resolution of timers and of the service's clock.</summary>
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(1010);

        /// <summary>How long after the next whole second a refused budget resumes: clocks agree only so far.</summary>
        private static readonly TimeSpan SecondMargin = TimeSpan.FromMilliseconds(20);

        private static readonly long LeaseIdBase = NewLeaseIdBase();
        private static long _leaseCount;

        private readonly IClock _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly AsyncSignal _slotReturned = new AsyncSignal();
        private readonly SendMeter _sent = new SendMeter();
        private IBudgetStore _store;
        private long _allowedBits;

        public RequestRateLimiter(int limit, IClock clock)
            : this(limit, DefaultWindow, clock)
        {
        }

        /// <summary>A budget of this process only.</summary>
        public RequestRateLimiter(int limit, TimeSpan window, IClock clock)
            : this(new ProcessBudgetStore(limit, window, clock), clock)
        {
        }

        internal RequestRateLimiter(IBudgetStore store, IClock clock)
        {
            _store = store;
            _clock = clock;
            Limit = store.Budget.Limit;
            Window = store.Budget.Window;
            Allowed = Limit;
        }

        public int Limit { get; }

        public TimeSpan Window { get; }

        /// <summary>Machine while the budget is shared with the machine's other processes; Process otherwise (also after a fallback).</summary>
        public RateLimitScope Scope => Volatile.Read(ref _store).Scope;

        /// <summary>The budget's rate when this process last looked, and this process's own recent rate.</summary>
        public RateReading Reading => new RateReading(Limit, Allowed, _sent.PerSecond(_clock.Elapsed.Ticks), Scope);

        private double Allowed
        {
            get => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _allowedBits));
            set => Interlocked.Exchange(ref _allowedBits, BitConverter.DoubleToInt64Bits(value));
        }

        /// <summary>A budget shared by every process of the user on this machine through the file at <paramref name="path"/>.</summary>
        internal static RequestRateLimiter SharedByMachine(string path, int limit, TimeSpan window, IClock clock, TimeSpan? lease = null)
        {
            return new RequestRateLimiter(new MachineBudgetStore(path, limit, window, clock, lease), clock);
        }

        public Task<RateLease> AcquireAsync(CancellationToken cancellationToken)
        {
            return AcquireAsync(NullLog.Instance, cancellationToken);
        }

        /// <summary>Waits until one more request may be sent and books a slot for it.</summary>
        /// <param name="log">Told once if a shared budget cannot be used and this process keeps its own instead.</param>
        public async Task<RateLease> AcquireAsync(IMpsLog log, CancellationToken cancellationToken)
        {
            // One acquirer of this process at a time, in arrival order, so no request starves behind later ones
            // (a refused request's retry queues behind those already waiting). Its arrival is its place in
            // line among the machine's other processes' too.
            long arrived = _clock.Elapsed.Ticks;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                long id = LeaseIdBase + Interlocked.Increment(ref _leaseCount);
                try
                {
                    return await TakeAsync(id, arrived, log, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Gives up its place in line now, rather than holding up the machine's other processes for a
                    // moment; if another process holds the file right now, the booking lapses by itself instead.
                    try
                    {
                        await UpdateAsync(log, (budget, state, now) =>
                        {
                            budget.Leave(state, id);
                            return true;
                        }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    throw;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<RateLease> TakeAsync(long id, long arrived, IMpsLog log, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task returned = _slotReturned.Next;
                (BudgetDecision decision, IBudgetStore store) = await UpdateAsync(log, (budget, state, now) =>
                {
                    Allowed = budget.RateAt(state, now);
                    return budget.TryTake(state, now, id, arrived);
                }, cancellationToken).ConfigureAwait(false);
                if (decision.IsGranted)
                {
                    _sent.Add(decision.Time);
                    return new RateLease(this, store, decision, id);
                }
                TimeSpan wait = TimeSpan.FromTicks(decision.Time - _clock.Elapsed.Ticks);
                if (!decision.AwaitsAnswer)
                {
                    // Its booked time (or when the budget allows the next): a slot coming back meanwhile is free
                    // only a window later, so nothing can go sooner.
                    await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                else if (store.Scope == RateLimitScope.Process)
                {
                    await AsyncSignal.WaitAsync(returned, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await WaitForAnswerAsync(returned, wait < RequestBudget.AnswerPoll ? wait : RequestBudget.AnswerPoll, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// The service refused <paramref name="lease"/>'s request for its rate: someone else shares the
        /// account's budget. The first such refusal cuts the rate and holds requests back until the service's
        /// next second (for every process of the machine when the budget is shared), and -Verbose says so.
        /// </summary>
        public async Task RefusedAsync(RateLease lease, IMpsLog log, string action)
        {
            RateCut cut;
            try
            {
                cut = await lease.Store.UpdateAsync((state, now) => lease.Store.Budget.Refused(state, lease.Slot, lease.Id, lease.Epoch, now, now + UntilNextSecond()), CancellationToken.None).ConfigureAwait(false);
            }
            catch (BudgetStoreException)
            {
                // The next acquire finds the store broken, falls back to this process's budget and says so.
                return;
            }
            if (cut.IsCut)
            {
                Allowed = cut.After;
                log.Verbose(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: the service refused a request for its rate, so another client shares the account's {1} requests/s; sending at most {2:0.#}/s from now on (was {3:0.#}){4}, and more again as requests get through.",
                    action, Limit, cut.After, cut.Before, lease.Store.Scope == RateLimitScope.Machine ? " from this machine's processes together" : string.Empty));
            }
        }

        /// <summary>The answer is in: the slot goes back, on a thread of the pool's own time, not the disposer's.</summary>
        internal void Return(RateLease lease)
        {
            ReturnAsync(lease).Forget();
        }

        private async Task ReturnAsync(RateLease lease)
        {
            try
            {
                await lease.Store.UpdateAsync((state, now) =>
                {
                    lease.Store.Budget.Release(state, lease.Slot, lease.Id, now);
                    return true;
                }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BudgetStoreException)
            {
                // A shared file that broke under the lease: its lease ends by itself there.
            }
            finally
            {
                _slotReturned.Set();
            }
        }

        /// <summary>
        /// Applies <paramref name="change"/> to the budget, and says which store made it (a lease must be returned
        /// there); a shared store that fails is replaced by this process's own, once.
        /// </summary>
        private async Task<(T Result, IBudgetStore Used)> UpdateAsync<T>(IMpsLog log, Func<RequestBudget, BudgetState, long, T> change, CancellationToken cancellationToken)
        {
            IBudgetStore store = Volatile.Read(ref _store);
            try
            {
                return (await store.UpdateAsync((state, now) => change(store.Budget, state, now), cancellationToken).ConfigureAwait(false), store);
            }
            catch (BudgetStoreException e)
            {
                var own = new ProcessBudgetStore(Limit, Window, _clock);
                IBudgetStore current = Interlocked.CompareExchange(ref _store, own, store);
                if (current == store)
                {
                    current = own;
                    string? path = (store as MachineBudgetStore)?.Path;
                    log.Warning("The request budget this machine's processes share (" + path + ") cannot be used: " + e.Message
                        + ". This process keeps its own budget from now on, as with the Process rate limit scope, so processes running at the same time may be refused for their rate."
                        + " Delete that file, or make its folder writable, to share again; or set the scope to Process to stop this warning.");
                }
                return (await current.UpdateAsync((state, now) => change(current.Budget, state, now), cancellationToken).ConfigureAwait(false), current);
            }
        }

        /// <summary>
        /// Ticks until the next whole second of UTC, and a little more: the service counts its limit per second
        /// (the emulator by whole seconds of its clock, which a synchronised client shares to a few milliseconds).
        /// </summary>
        private long UntilNextSecond()
        {
            long utc = _clock.UtcNow.UtcTicks;
            return TimeSpan.TicksPerSecond - (utc % TimeSpan.TicksPerSecond) + SecondMargin.Ticks;
        }

        private async Task WaitForAnswerAsync(Task returned, TimeSpan poll, CancellationToken cancellationToken)
        {
            using (var stopPoll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task sleep = _clock.Delay(poll, stopPoll.Token);
                if (await Task.WhenAny(returned, sleep).ConfigureAwait(false) == sleep)
                {
                    await sleep.ConfigureAwait(false);
                }
                stopPoll.Cancel();
            }
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static long NewLeaseIdBase()
        {
            var bytes = new byte[8];
            using (RandomNumberGenerator random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }
            return BitConverter.ToInt64(bytes, 0) & long.MaxValue >> 1;
        }
    }
}
