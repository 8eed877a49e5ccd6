using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Common
{
    /// <summary>
    /// "Something changed": a waiter takes <see cref="Next"/> under its own lock, looks at its state, and
    /// awaits the task if there is nothing to do yet; <see cref="Set"/> wakes every such waiter.
    /// </summary>
    internal sealed class AsyncSignal
    {
        private TaskCompletionSource<bool> _next = New();

        /// <summary>Completes at the next <see cref="Set"/>; read it before checking the state it guards.</summary>
        public Task Next => Volatile.Read(ref _next).Task;

        public void Set()
        {
            Interlocked.Exchange(ref _next, New()).TrySetResult(true);
        }

        /// <summary>Waits for <paramref name="signal"/>, or throws once <paramref name="cancellationToken"/> is cancelled.</summary>
        public static async Task WaitAsync(Task signal, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
            {
                await (await Task.WhenAny(signal, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        private static TaskCompletionSource<bool> New()
        {
            return new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
