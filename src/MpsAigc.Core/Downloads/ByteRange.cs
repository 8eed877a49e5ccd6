namespace MpsAigc.Downloads
{
    /// <summary>Bytes [From, To) of a file.</summary>
    internal readonly struct ByteRange
    {
        public ByteRange(long from, long to)
        {
            From = from;
            To = to;
        }

        public long From { get; }

        public long To { get; }

        public long Count => To - From;

        public override string ToString()
        {
            return "[" + From + ", " + To + ")";
        }
    }
}
