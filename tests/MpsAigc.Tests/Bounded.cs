using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Tests
{
    /// <summary>Every wait of these tests has an end, so that a regression fails instead of hanging the run.</summary>
    internal static class Bounded
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        /// <summary>Waits for a task to end however it ends (a faulted task does not throw here).</summary>
        public static bool Ended(Task task) => Task.WhenAny(task).Wait(Timeout);

        public static void Meet(Barrier barrier)
        {
            if (!barrier.SignalAndWait(Timeout))
            {
                throw new TimeoutException("The other side of the race never came.");
            }
        }
    }
}
