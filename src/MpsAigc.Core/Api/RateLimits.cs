
namespace MpsAigc.Api
{
    /// <summary>
    /// The service's documented request limit of each action. The service counts each action on its own
    /// (per action, access region and CAM identity), so each gets its own budget; a new action is one line here.
    /// </summary>
    public static class RateLimits
    {
        /// <summary>Tencent Cloud's default for an action whose page names no limit.</summary>
        public const int Undocumented = 20;

        /// <summary>Requests per second the service accepts for <paramref name="action"/> (the table is <see cref="AigcActions.DocumentedLimits"/>).</summary>
        public static int For(string action)
        {
            return action != null && AigcActions.DocumentedLimits.TryGetValue(action, out int limit) ? limit : Undocumented;
        }
    }
}
