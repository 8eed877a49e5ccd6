using System;
using System.Collections.Generic;

namespace MpsAigc.Api
{
    /// <summary>
    /// The MPS actions the module calls, each with the limit the service documents for it (requests per
    /// second and account): the one table to update. The service counts each action on its own, so each has
    /// its own budget (Api/RateLimits, RateLimiting/RateLimiterRegistry).
    /// </summary>
    public static class AigcActions
    {
        public const string DescribeVideoTask = "DescribeAigcVideoTask";
        public const string CreateVideoTask = "CreateAigcVideoTask";
        public const string DescribeImageTask = "DescribeAigcImageTask";
        public const string CreateImageTask = "CreateAigcImageTask";

        public const int DescribeVideoTaskLimit = 50;
        public const int CreateVideoTaskLimit = 10;
        public const int DescribeImageTaskLimit = 20;
        public const int CreateImageTaskLimit = 20;

        /// <summary>Action → documented requests per second.</summary>
        public static readonly IReadOnlyDictionary<string, int> DocumentedLimits = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [DescribeVideoTask] = DescribeVideoTaskLimit,
            [CreateVideoTask] = CreateVideoTaskLimit,
            [DescribeImageTask] = DescribeImageTaskLimit,
            [CreateImageTask] = CreateImageTaskLimit,
        };
    }
}
