using System;

namespace MpsAigc.RateLimiting
{
    /// <summary>Counts this process's requests of the last few seconds, in buckets, for the rate a progress line shows.</summary>
    internal sealed class SendMeter
    {
        private const int Buckets = 10;
        private static readonly long BucketTicks = TimeSpan.FromMilliseconds(500).Ticks;

        private readonly object _lock = new object();
        private readonly long[] _bucketOf = new long[Buckets];
        private readonly int[] _counts = new int[Buckets];
        private long _first = -1;

        public void Add(long now)
        {
            long bucket = now / BucketTicks;
            lock (_lock)
            {
                if (_first < 0)
                {
                    _first = now;
                }
                int index = (int)(bucket % Buckets);
                if (_bucketOf[index] != bucket)
                {
                    _bucketOf[index] = bucket;
                    _counts[index] = 0;
                }
                _counts[index]++;
            }
        }

        /// <summary>Requests per second over the last five seconds (or since the first, if that is later).</summary>
        public double PerSecond(long now)
        {
            long current = now / BucketTicks;
            lock (_lock)
            {
                if (_first < 0)
                {
                    return 0;
                }
                int count = 0;
                for (int i = 0; i < Buckets; i++)
                {
                    if (_bucketOf[i] > current - Buckets && _bucketOf[i] <= current)
                    {
                        count += _counts[i];
                    }
                }
                long span = Math.Min(Buckets * BucketTicks, Math.Max(BucketTicks, now - _first));
                return count / TimeSpan.FromTicks(span).TotalSeconds;
            }
        }
    }
}
