namespace MpsAigc.RateLimiting
{
    /// <summary>A refusal's effect on the rate; <see cref="IsCut"/> is false when it changed nothing.</summary>
    internal struct RateCut
    {
        public RateCut(double before, double after)
        {
            IsCut = true;
            Before = before;
            After = after;
        }

        public bool IsCut { get; }

        public double Before { get; }

        public double After { get; }
    }
}
