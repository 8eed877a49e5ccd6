using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.RateLimiting;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// The test assembly run as a program (dotnet MpsAigc.Core.Tests.dll MODE ...): another process that
    /// takes from a machine budget, so tests can share one with processes that are not their own.
    /// </summary>
    public static class BudgetChild
    {
        /// <summary>
        /// take PATH LIMIT WINDOW_MS TASKS EACH: TASKS concurrent loops take EACH slots and print when each was granted.
        /// hold-leases PATH LIMIT WINDOW_MS LEASE_MS: takes every slot, prints "held" and when the first was granted, and never answers.
        /// hold-lock PATH LIMIT WINDOW_MS: holds the file's lock, prints "held", and never lets go.
        /// </summary>
        public static int Main(string[] args)
        {
            string path = args[1];
            int limit = int.Parse(args[2], CultureInfo.InvariantCulture);
            TimeSpan window = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture));
            switch (args[0])
            {
                case "take":
                    {
                        RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, limit, window, SystemClock.Instance);
                        int each = int.Parse(args[5], CultureInfo.InvariantCulture);
                        Task<long[]>[] loops = Enumerable.Range(0, int.Parse(args[4], CultureInfo.InvariantCulture)).Select(_ => Task.Run(async () =>
                        {
                            var granted = new long[each];
                            for (int i = 0; i < each; i++)
                            {
                                using (RateLease lease = await limiter.AcquireAsync(CancellationToken.None))
                                {
                                    granted[i] = lease.GrantedAt;
                                }
                            }
                            return granted;
                        })).ToArray();
                        foreach (long at in loops.SelectMany(loop => loop.Result))
                        {
                            Console.WriteLine(at.ToString(CultureInfo.InvariantCulture));
                        }
                        Console.WriteLine(limiter.Scope);
                        return 0;
                    }
                case "hold-leases":
                    {
                        var lease = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
                        RequestRateLimiter limiter = RequestRateLimiter.SharedByMachine(path, limit, window, SystemClock.Instance, lease);
                        long first = long.MaxValue;
                        for (int i = 0; i < limit; i++)
                        {
                            first = Math.Min(first, limiter.AcquireAsync(CancellationToken.None).GetAwaiter().GetResult().GrantedAt);
                        }
                        Console.WriteLine("held " + first.ToString(CultureInfo.InvariantCulture));
                        Thread.Sleep(Timeout.Infinite);
                        return 0;
                    }
                case "hold-lock":
                    {
                        FileStream held = new MachineBudgetStore(path, limit, window, SystemClock.Instance).OpenExclusiveAsync().GetAwaiter().GetResult();
                        Console.WriteLine("held");
                        Thread.Sleep(Timeout.Infinite);
                        GC.KeepAlive(held);
                        return 0;
                    }
                default:
                    return 2;
            }
        }

        /// <summary>Starts this assembly as a child process in <paramref name="mode"/>; its output is read by the caller.</summary>
        public static Process Start(params string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(BudgetChild).Assembly.Location);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            return Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        }

        private static string DotnetHost()
        {
            string? self = Environment.ProcessPath;
            return self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
        }
    }
}
