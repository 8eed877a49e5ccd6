using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>WithCancellation: one caller stops waiting for a shared task; the task goes on for the rest.</summary>
    public class TaskExtensionsTests
    {
        [Fact]
        public async Task ACancelledWaiterStopsWaitingAndTheSharedTaskGoesOn()
        {
            var shared = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var cancel = new CancellationTokenSource();

            Task<int> cancelled = shared.Task.WithCancellation(cancel.Token);
            Task<int> patient = shared.Task.WithCancellation(CancellationToken.None);
            cancel.Cancel();

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(cancelled, "the cancelled waiter"));
            Assert.Equal(cancel.Token, error.CancellationToken);
            Assert.False(shared.Task.IsCompleted);
            Assert.False(patient.IsCompleted);
            shared.SetResult(7);
            Assert.Equal(7, await patient);
        }

        [Fact]
        public async Task AnAlreadyCancelledTokenStopsAtOnce()
        {
            var shared = new TaskCompletionSource<int>();
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(shared.Task.WithCancellation(cancel.Token), "the cancelled waiter"));
        }

        [Fact]
        public async Task TheResultOrErrorOfTheSharedTaskComesThrough()
        {
            using var cancel = new CancellationTokenSource();
            var shared = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var failing = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

            Task<int> result = shared.Task.WithCancellation(cancel.Token);
            Task<int> failure = failing.Task.WithCancellation(cancel.Token);
            shared.SetResult(3);
            failing.SetException(new InvalidOperationException("renewal failed"));

            Assert.Equal(3, await result);
            Assert.Equal("renewal failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => failure)).Message);
            // A completed task is returned as it is, even with a cancelled token.
            cancel.Cancel();
            Assert.Equal(3, await shared.Task.WithCancellation(cancel.Token));
        }
    }
}
