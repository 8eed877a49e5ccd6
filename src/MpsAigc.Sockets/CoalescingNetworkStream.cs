using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Sockets
{
    /// <summary>
    /// A connection whose large blocking reads wait, briefly, until a large piece of the body has arrived.
    /// A plain read returns as soon as any bytes are there; over a fast link that is tens of kilobytes, and
    /// on Linux every arrival also wakes the runtime's epoll thread. A low-water mark on the socket (which
    /// poll, epoll and the kernel's own wake-ups all honour) turned the 10,000-15,000 reads of a gigabyte
    /// over loopback into about 1,300, with a third less kernel time. Only plain-http bodies benefit: TLS
    /// reads its records in pieces smaller than <see cref="CoalesceFrom"/>, which are left alone.
    /// </summary>
    internal sealed class CoalescingNetworkStream : NetworkStream
    {
        /// <summary>Smaller reads (headers, TLS records, chunked bodies) are left alone.</summary>
        internal const int CoalesceFrom = 64 * 1024;

        internal const int CoalesceUpTo = 512 * 1024;

        /// <summary>
        /// The longest a read waits for a large piece before it takes what comes: a slow link still
        /// delivers (and shows progress) steadily.
        /// </summary>
        private static readonly TimeSpan DefaultMaxWait = TimeSpan.FromMilliseconds(50);

        private static volatile bool _lowWaterUnsupported;
        private readonly int _maxWaitMicroseconds;
        private int _lowWater = 1;

        public CoalescingNetworkStream(Socket socket)
            : this(socket, DefaultMaxWait)
        {
        }

        internal CoalescingNetworkStream(Socket socket, TimeSpan maxWait)
            : base(socket, ownsSocket: true)
        {
            _maxWaitMicroseconds = (int)(maxWait.Ticks / 10);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            return Read(buffer.AsSpan(offset, count));
        }

        public override int Read(Span<byte> buffer)
        {
            // The caller asks for no more than the body still owes, so the mark never waits for bytes that
            // will not come; a body cut short ends the wait at once (the peer's FIN or reset).
            if (buffer.Length >= CoalesceFrom && !_lowWaterUnsupported)
            {
                WaitForPiece(Math.Min(buffer.Length, CoalesceUpTo));
            }
            else
            {
                SetLowWater(1);
            }
            try
            {
                // Not base.Read: for a derived type NetworkStream reads through an array copy into Read(byte[]).
                return Socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e)
            {
                // What NetworkStream throws, which is what the handler expects of a broken connection.
                throw new IOException("Unable to read data from the transport connection: " + e.Message, e);
            }
        }

        // The handler's own reads (the next response's headers, its check on idle connections) are
        // asynchronous and small: the mark must not hold them back.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            SetLowWater(1);
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            SetLowWater(1);
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback callback, object state)
        {
            SetLowWater(1);
            return base.BeginRead(buffer, offset, count, callback, state);
        }

        private void WaitForPiece(int bytes)
        {
            try
            {
                if (Socket.Available >= bytes)
                {
                    return;
                }
                SetLowWater(bytes);
                if (!Socket.Poll(_maxWaitMicroseconds, SelectMode.SelectRead))
                {
                    // A slow link: take what comes next, as a plain read would.
                    SetLowWater(1);
                }
            }
            catch (ObjectDisposedException)
            {
                // Closed while waiting (a stop, a stall): the read reports it the way the handler expects.
            }
        }

        private void SetLowWater(int bytes)
        {
            if (_lowWater == bytes || _lowWaterUnsupported)
            {
                return;
            }
            try
            {
                Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
                _lowWater = bytes;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ProtocolOption || e.SocketErrorCode == SocketError.OperationNotSupported || e.SocketErrorCode == SocketError.InvalidArgument)
            {
                // Windows does not support SO_RCVLOWAT on TCP: plain reads there.
                _lowWaterUnsupported = true;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                // A failed or closed connection: the read that follows reports it.
            }
        }
    }
}
