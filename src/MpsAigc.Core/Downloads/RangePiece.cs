namespace MpsAigc.Downloads
{
    /// <summary>
    /// A range one connection is fetching: from <see cref="Position"/>, the next byte it writes, to
    /// <see cref="End"/>, which moves closer when an idle connection takes the second half. Changed only by
    /// <see cref="RangePlan"/>, under its lock.
    /// </summary>
    internal sealed class RangePiece
    {
        public RangePiece(long position, long end)
        {
            Position = position;
            End = end;
        }

        public long Position { get; set; }

        public long End { get; set; }

        public long Remaining => End - Position;
    }
}
