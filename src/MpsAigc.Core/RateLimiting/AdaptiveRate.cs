using System;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// How fast a budget may go after the service refused a request for its rate: CUBIC, as in the AWS SDKs'
    /// adaptive retry mode. A refusal cuts the rate to <see cref="Beta"/> of what was getting through; it then
    /// grows back along a cubic curve, quickly at first, flat around the rate that was refused (where the
    /// other clients' share lies) and faster again beyond it, never above the limit.
    /// </summary>
    /// <remarks>Rates are requests per window (about a second); times are seconds.</remarks>
    internal static class AdaptiveRate
    {
        /// <summary>What a cut keeps of the rate that was getting through.</summary>
        public const double Beta = 0.7;

        /// <summary>The curve's steepness (requests per window per second cubed).</summary>
        public const double Scale = 0.4;

        /// <summary>No cut goes below this: one request every two windows.</summary>
        public const double Min = 0.5;

        /// <param name="peak">The rate at the last cut; 0 when nothing was ever refused.</param>
        /// <param name="sinceCut">Time since that cut.</param>
        public static double At(int limit, double peak, TimeSpan sinceCut)
        {
            if (peak <= 0)
            {
                return limit;
            }
            double t = Math.Max(0, sinceCut.TotalSeconds);
            double plateau = Math.Pow(peak * (1 - Beta) / Scale, 1.0 / 3);
            double rate = (Scale * Math.Pow(t - plateau, 3)) + peak;
            return Math.Min(limit, Math.Max(Min, rate));
        }

        /// <summary>
        /// The peak a refusal sets: the rate that was allowed, times the share of the last window's answers
        /// that got through. When clients that cannot see each other crowd the account, that share is what
        /// each one's fair part of the budget is, so one cut lands near it rather than after several.
        /// </summary>
        public static double PeakAfterRefusal(int limit, double allowed, int answered, int refused)
        {
            double through = answered == 0 ? 0 : (double)(answered - refused) / answered;
            return Math.Min(limit, Math.Max(Min, allowed * through));
        }
    }
}
