using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Downloads.Connections
{
    /// <summary>
    /// A download connection whose asynchronous reads take the body in large pieces. A plain read completes
    /// as soon as any bytes are there: over a fast link that is tens of kilobytes, and every completion wakes
    /// the runtime's epoll thread and a thread-pool worker, which then spins looking for more work (profiled:
    /// 50,000 sched_yield calls for one gigabyte over TLS). A low-water mark on the socket (SO_RCVLOWAT, which
    /// epoll honours) holds the wake-up back until a large piece has arrived, so a gigabyte costs a couple of
    /// thousand completions instead of tens of thousands; a timer lowers the mark again after
    /// <see cref="DefaultMaxWait"/> (the kernel then wakes the read at once), so a slow link still delivers
    /// steadily. Large reads (a plain-http body's) go straight into the caller's buffer; small ones (TLS
    /// records, response heads) are served from a staging buffer filled in large pieces, the same way, once the
    /// connection is streaming.
    /// </summary>
    internal sealed class CoalescingNetworkStream : NetworkStream
    {
        /// <summary>Reads at least this large go straight to the socket; so much in a row means the link streams.</summary>
        internal const int CoalesceFrom = 64 * 1024;

        internal const int CoalesceUpTo = 512 * 1024;

        /// <summary>The longest a read waits for a large piece before it takes what has come.</summary>
        private static readonly TimeSpan DefaultMaxWait = TimeSpan.FromMilliseconds(50);

        private readonly LowWaterMark _mark;
        private readonly byte[] _staging = new byte[CoalesceUpTo];
        private int _stagedFrom;
        private int _stagedTo;

        /// <summary>Bytes received since the link last went quiet: small exchanges (handshakes, heads) never wait.</summary>
        private long _streamed;

        public CoalescingNetworkStream(Socket socket)
            : this(socket, DefaultMaxWait)
        {
        }

        internal CoalescingNetworkStream(Socket socket, TimeSpan maxWait)
            : base(socket, ownsSocket: true)
        {
            _mark = new LowWaterMark(socket, maxWait);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_stagedTo > _stagedFrom)
            {
                return new ValueTask<int>(TakeStaged(buffer.Span));
            }
            if (buffer.Length == 0)
            {
                // The handler's wait for the next answer on an idle connection: any byte must end it.
                _mark.Lower();
                return base.ReadAsync(buffer, cancellationToken);
            }
            return buffer.Length >= CoalesceFrom ? ReceiveAsync(buffer, cancellationToken) : StageAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }

        public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        {
            return TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);
        }

        public override int EndRead(IAsyncResult asyncResult)
        {
            return TaskToAsyncResult.End<int>(asyncResult);
        }

        // A synchronous read (HttpClient.Send) is served like an asynchronous one, without the large pieces.
        public override int Read(byte[] buffer, int offset, int count)
        {
            return Read(buffer.AsSpan(offset, count));
        }

        public override int Read(Span<byte> buffer)
        {
            if (_stagedTo > _stagedFrom)
            {
                return TakeStaged(buffer);
            }
            _mark.Lower();
            try
            {
                // Not base.Read: for a derived type NetworkStream reads through an array copy into Read(byte[]).
                return Socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e)
            {
                throw BrokenConnection(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _mark.Dispose();
            }
            base.Dispose(disposing);
        }

        private async ValueTask<int> StageAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            int received = await ReceiveAsync(_staging, cancellationToken).ConfigureAwait(false);
            _stagedFrom = 0;
            _stagedTo = received;
            return TakeStaged(buffer.Span);
        }

        private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            // A plain-http body's reads ask for no more than it still owes, so the mark never waits for bytes that
            // will not come; a TLS body's end may wait once for the timer, and a cut ends the wait at once.
            int piece = Math.Min(buffer.Length, CoalesceUpTo);
            bool waiting = false;
            if (buffer.Length < CoalesceFrom && _streamed < CoalesceFrom)
            {
                _mark.Lower();
            }
            else if (Socket.Available < piece)
            {
                waiting = _mark.Raise(piece);
            }
            // Otherwise the piece is there already, and the read takes it whatever the mark.
            int received;
            try
            {
                received = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw BrokenConnection(e);
            }
            // A wait the timer ended means the link went quiet: until it streams again, take what comes.
            _streamed = waiting && _mark.End() ? 0 : _streamed + received;
            return received;
        }

        private int TakeStaged(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, _stagedTo - _stagedFrom);
            _staging.AsSpan(_stagedFrom, count).CopyTo(buffer);
            _stagedFrom += count;
            return count;
        }

        /// <summary>What NetworkStream throws, which is what the handler expects of a broken connection.</summary>
        private static IOException BrokenConnection(SocketException e)
        {
            return new IOException("Unable to read data from the transport connection: " + e.Message, e);
        }
    }
}
