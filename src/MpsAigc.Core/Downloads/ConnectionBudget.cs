using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// The connections one command may hold at once for its downloads, over all its files: each file takes one
    /// for as long as it downloads (waiting for it when all are taken), and a file fetched in ranges adds more
    /// only while some are free, giving each back when its range work ends. So a command opens at most
    /// <see cref="Limit"/> connections, however many files it saves and however they are split.
    /// </summary>
    public sealed class ConnectionBudget
    {
        /// <summary>
        /// The default: as many as the AWS CLI's 10 concurrent requests and aria2's common -x8 allow, fewer than a
        /// browser opens to all the hosts of one page; a server limiting connections per client rarely refuses 8.
        /// </summary>
        public const int DefaultLimit = 8;

        public const int MaxLimit = 64;

        private readonly SemaphoreSlim _free;

        public ConnectionBudget(int limit)
        {
            if (limit < 1 || limit > MaxLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "A command holds from 1 to " + MaxLimit + " connections.");
            }
            Limit = limit;
            _free = new SemaphoreSlim(limit, limit);
        }

        public int Limit { get; }

        /// <summary>Free now; a hint, as another download may take them first.</summary>
        public int Available => _free.CurrentCount;

        /// <summary>
        /// The limit when the user gave none: <see cref="DefaultLimit"/>, or -ThrottleLimit when that is higher, so
        /// that every file the command downloads at once has its connection.
        /// </summary>
        public static int DefaultFor(int throttleLimit)
        {
            return Math.Min(MaxLimit, Math.Max(DefaultLimit, throttleLimit));
        }

        /// <summary>Waits for a connection of the budget: a file's first.</summary>
        public Task TakeAsync(CancellationToken cancellationToken)
        {
            return _free.WaitAsync(cancellationToken);
        }

        /// <summary>Takes a connection if one is free now: a range's extra one, which is never waited for.</summary>
        public bool TryTake()
        {
            return _free.Wait(0);
        }

        public void Release()
        {
            _free.Release();
        }
    }
}
