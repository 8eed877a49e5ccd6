using System;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Common
{
    /// <summary>
    /// For the few setup steps a cmdlet must finish before its first record (the credential chain may ask
    /// the metadata service): waits on the calling thread, but cancellation (Ctrl+C) ends the wait at once.
    /// </summary>
    public static class Blocking
    {
        /// <summary>The task's result, or the very exception it failed with (not an AggregateException).</summary>
        public static T Wait<T>(Task<T> task, CancellationToken cancellationToken)
        {
            try
            {
                task.Wait(cancellationToken);
            }
            catch (AggregateException)
            {
                // The task failed or was cancelled itself: GetResult below throws its own exception, unwrapped.
            }
            // The task has ended (Wait throws OperationCanceledException first when the token is): this reads it, never waits.
            return task.GetAwaiter().GetResult();
        }
    }
}
