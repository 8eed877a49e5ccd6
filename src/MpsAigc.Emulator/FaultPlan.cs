using System;
using System.Linq;
using System.Threading;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Decides which answers go wrong, deterministically: with a share of 0.1, one in every ten blocks of
    /// <see cref="Burst"/> consecutive answers is faulty, every answer of that block; the kinds take turns.
    /// Deterministic, so a failing fault test fails the same way on every run.
    /// </summary>
    public sealed class FaultPlan
    {
        private readonly string[] _kinds;
        private long _answers;
        private long _faults;

        public FaultPlan(double share, string[] kinds, int burst)
        {
            if (share < 0 || share > 1)
            {
                throw new ArgumentException("A fault share is between 0 and 1, not " + share + ".");
            }
            Share = share;
            _kinds = kinds ?? new string[0];
            Burst = Math.Max(1, burst);
        }

        public static FaultPlan None { get; } = new FaultPlan(0, new string[0], 1);

        public double Share { get; }

        public int Burst { get; }

        public long Faults => Interlocked.Read(ref _faults);

        /// <summary>Checks a kinds list against the kinds a caller knows, for a clear error at start-up.</summary>
        public static string[] ParseKinds(string list, string[] known, string option)
        {
            string[] kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string unknown = kinds.FirstOrDefault(k => !known.Contains(k));
            if (kinds.Length == 0 || unknown != null)
            {
                throw new ArgumentException(option + " takes a comma-separated list of " + string.Join(", ", known) + (unknown == null ? "." : "; '" + unknown + "' is none of them."));
            }
            return kinds;
        }

        /// <returns>The kind of fault for the next answer, or null for a good answer.</returns>
        public string Next()
        {
            if (Share <= 0 || _kinds.Length == 0)
            {
                return null;
            }
            long n = Interlocked.Increment(ref _answers) - 1;
            long block = n / Burst;
            // Block 0 is faulty, then one block in every 1/Share: faults come first, so short runs meet them.
            bool faulty = Math.Floor(block * Share) > Math.Floor((block - 1) * Share);
            if (!faulty)
            {
                return null;
            }
            long fault = Interlocked.Increment(ref _faults) - 1;
            return _kinds[fault % _kinds.Length];
        }
    }
}
