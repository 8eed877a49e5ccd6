using System;
using System.Collections.Generic;
using System.Linq;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Hands out the missing bytes of one file to the connections fetching it, and records what each has
    /// written. A connection claims the first bytes nobody holds; when none are left it takes the second half of
    /// the range with the most still to come, so a slow connection never holds the tail alone. Every change
    /// happens under one lock, and a split point always lies at least <see cref="MinSplit"/> bytes past what
    /// its connection has written, which is more than one write: a write under way never crosses it, and no
    /// byte is written by two connections.
    /// </summary>
    internal sealed class RangePlan
    {
        private readonly object _lock = new object();
        private readonly RangeMap _map;
        private readonly long _minSplit;
        private readonly List<RangePiece> _fetching = new List<RangePiece>();
        private int _connections;

        /// <param name="map">What the part holds already; the plan adds to it as bytes are written.</param>
        /// <param name="minSplit">The least a split leaves to each half: at least one write's bytes.</param>
        public RangePlan(RangeMap map, long minSplit)
        {
            _map = map;
            _minSplit = minSplit;
        }

        public long MinSplit => _minSplit;

        public long DoneBytes
        {
            get
            {
                lock (_lock)
                {
                    return _map.DoneBytes;
                }
            }
        }

        public bool IsComplete
        {
            get
            {
                lock (_lock)
                {
                    return _map.IsComplete;
                }
            }
        }

        /// <summary>The bytes nobody holds or fetches.</summary>
        public long UnclaimedBytes
        {
            get
            {
                lock (_lock)
                {
                    return Unclaimed().Sum(range => range.Count);
                }
            }
        }

        /// <summary>What the part holds now, to be saved (a copy: the plan goes on changing).</summary>
        public RangeMap Snapshot()
        {
            lock (_lock)
            {
                return _map.Copy();
            }
        }

        /// <summary>A new connection joins with a range of at most <paramref name="maxBytes"/>.</summary>
        /// <returns>Null, and the connection does not join, when there is nothing it could fetch.</returns>
        public RangePiece? Join(long maxBytes)
        {
            lock (_lock)
            {
                RangePiece? piece = Next(maxBytes);
                if (piece != null)
                {
                    _connections++;
                }
                return piece;
            }
        }

        /// <summary>A connection whose range is done takes the next one, or leaves when there is none.</summary>
        public RangePiece? Next(RangePiece finished)
        {
            lock (_lock)
            {
                _fetching.Remove(finished);
                RangePiece? next = Next(long.MaxValue);
                if (next == null)
                {
                    _connections--;
                }
                return next;
            }
        }

        /// <summary>A connection that gives up leaves, and its range goes back for others to fetch.</summary>
        /// <returns>False when it is the last: nobody would fetch its range, so the download fails instead.</returns>
        public bool TryLeave(RangePiece piece)
        {
            lock (_lock)
            {
                if (_connections <= 1)
                {
                    return false;
                }
                _connections--;
                _fetching.Remove(piece);
                return true;
            }
        }

        /// <summary>Where the piece's connection resumes, and where its range ends now.</summary>
        public ByteRange Bounds(RangePiece piece)
        {
            lock (_lock)
            {
                return new ByteRange(piece.Position, piece.End);
            }
        }

        /// <summary>How many of <paramref name="count"/> bytes read for the piece are still its own to write.</summary>
        public int Allowed(RangePiece piece, int count)
        {
            lock (_lock)
            {
                return (int)Math.Max(0, Math.Min(count, piece.Remaining));
            }
        }

        /// <summary>Records <paramref name="count"/> bytes written at the piece's position.</summary>
        /// <returns>True when the piece is done.</returns>
        public bool Wrote(RangePiece piece, int count)
        {
            lock (_lock)
            {
                if (count > piece.Remaining)
                {
                    throw new InvalidOperationException("A range wrote past its end.");
                }
                _map.Add(piece.Position, piece.Position + count);
                piece.Position += count;
                return piece.Remaining == 0;
            }
        }

        private RangePiece? Next(long maxBytes)
        {
            RangePiece? piece = null;
            foreach (ByteRange free in Unclaimed())
            {
                piece = new RangePiece(free.From, free.From + Math.Min(free.Count, maxBytes));
                break;
            }
            if (piece == null)
            {
                RangePiece? largest = _fetching.OrderByDescending(p => p.Remaining).FirstOrDefault();
                if (largest == null || largest.Remaining < 2 * _minSplit)
                {
                    return null;
                }
                long middle = largest.Position + largest.Remaining / 2;
                piece = new RangePiece(middle, largest.End);
                largest.End = middle;
            }
            _fetching.Add(piece);
            return piece;
        }

        /// <summary>The missing ranges less what connections are fetching, in order.</summary>
        private IEnumerable<ByteRange> Unclaimed()
        {
            List<RangePiece> busy = _fetching.Where(p => p.Remaining > 0).OrderBy(p => p.Position).ToList();
            foreach (ByteRange gap in _map.Missing())
            {
                long at = gap.From;
                foreach (RangePiece piece in busy)
                {
                    if (piece.End <= at)
                    {
                        continue;
                    }
                    if (piece.Position >= gap.To)
                    {
                        break;
                    }
                    if (piece.Position > at)
                    {
                        yield return new ByteRange(at, piece.Position);
                    }
                    at = Math.Max(at, piece.End);
                }
                if (at < gap.To)
                {
                    yield return new ByteRange(at, gap.To);
                }
            }
        }
    }
}
