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
        private readonly bool _faultsFirst;
        private long _answers;
        private long _faults;

        /// <param name="faultsFirst">
        /// True: block 0 is faulty, then one in every 1/share (short runs meet faults). False: the last block of
        /// every 1/share is (with a share of 1/3, every third answer), as --cut-share has always picked.
        /// </param>
        public FaultPlan(double share, string[]? kinds, int burst, bool faultsFirst = true)
        {
            if (share < 0 || share > 1)
            {
                throw new ArgumentException("A fault share is between 0 and 1, not " + share + ".");
            }
            Share = share;
            _kinds = kinds ?? new string[0];
            Burst = Math.Max(1, burst);
            _faultsFirst = faultsFirst;
        }

        public static FaultPlan None { get; } = new FaultPlan(0, new string[0], 1);

        public double Share { get; }

        public int Burst { get; }

        public long Faults => Interlocked.Read(ref _faults);

        /// <summary>Checks a kinds list against the kinds a caller knows, for a clear error at start-up.</summary>
        public static string[] ParseKinds(string list, string[] known, string option)
        {
            string[] kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string? unknown = kinds.FirstOrDefault(k => !known.Contains(k));
            if (kinds.Length == 0 || unknown != null)
            {
                throw new ArgumentException(option + " takes a comma-separated list of " + string.Join(", ", known) + (unknown == null ? "." : "; '" + unknown + "' is none of them."));
            }
            return kinds;
        }

        /// <returns>The kind of fault for the next answer, or null for a good answer.</returns>
        public string? Next()
        {
            if (Share <= 0 || _kinds.Length == 0)
            {
                return null;
            }
            long n = Interlocked.Increment(ref _answers) - 1;
            long position = n / Burst + (_faultsFirst ? 0 : 1);
            bool faulty = Math.Floor(position * Share) > Math.Floor((position - 1) * Share);
            if (!faulty)
            {
                return null;
            }
            long fault = Interlocked.Increment(ref _faults) - 1;
            return _kinds[fault % _kinds.Length];
        }
    }
}
