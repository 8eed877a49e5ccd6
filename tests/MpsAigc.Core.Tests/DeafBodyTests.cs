using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// An answer whose body stalls, read from a stream that ignores ReadAsync's token as .NET Framework's does
    /// (Windows PowerShell): the call still ends at its timeout, and at once when stopped.
    /// </summary>
    public class DeafBodyTests
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

        [Fact]
        public async Task AStalledBodyEndsAtTheRequestTimeout()
        {
            var body = new DeafStream();
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
            // Long enough that the answer's headers surely come first on a loaded machine (the body is what stalls).
            MpsClient client = Client(handler, TimeSpan.FromSeconds(3));

            Task call = client.InvokeAsync(VideoKind.Kind.Describe, new byte[] { (byte)'{', (byte)'}' }, CancellationToken.None);

            Assert.Same(call, await Task.WhenAny(call, Task.Delay(Guard)));
            var error = await Assert.ThrowsAsync<MpsException>(() => call);
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.True(body.Disposed);
        }

        [Fact]
        public async Task AStalledBodyEndsWhenTheCommandIsStopped()
        {
            var body = new DeafStream();
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
            MpsClient client = Client(handler, TimeSpan.FromMinutes(5));
            using (var stop = new CancellationTokenSource())
            {
                Task call = client.InvokeAsync(VideoKind.Kind.Describe, new byte[] { (byte)'{', (byte)'}' }, stop.Token);
                await body.Reading.Task;
                stop.Cancel();

                Assert.Same(call, await Task.WhenAny(call, Task.Delay(Guard)));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            }
        }

        private static MpsClient Client(StubHandler handler, TimeSpan timeout)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri("http://127.0.0.1:7097"),
                Unsigned = true,
                Handler = handler,
                MaxRequestsPerSecond = 0,
                RequestTimeout = timeout,
                Retry = RetryPolicy.None,
                Log = NullLog.Instance,
            });
        }

        /// <summary>A body that never comes, whose reads ignore their token and end only when it is disposed.</summary>
        private sealed class DeafStream : Stream
        {
            private readonly TaskCompletionSource<int> _disposed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Reading { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public bool Disposed => _disposed.Task.IsCompleted;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Reading.TrySetResult(true);
                return _disposed.Task.ContinueWith<int>(_ => throw new ObjectDisposedException(nameof(DeafStream)), TaskScheduler.Default);
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                return new ValueTask<int>(ReadAsync(new byte[buffer.Length], 0, buffer.Length, cancellationToken));
            }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                _disposed.TrySetResult(0);
                base.Dispose(disposing);
            }
        }
    }
}
