using System;
using System.Net.Sockets;
using System.Threading;

namespace MpsAigc.Downloads.Connections
{
    /// <summary>
    /// A socket's receive low-water mark (SO_RCVLOWAT) with a time limit: raised, it holds a pending read back
    /// until that many bytes have arrived; after the limit a timer lowers it to one byte, which on Linux wakes
    /// the pending read at once with what has come. Where the mark is not supported (Windows), reads are plain.
    /// </summary>
    internal sealed class LowWaterMark : IDisposable
    {
        private static volatile bool _unsupported;

        private readonly Socket _socket;
        private readonly TimeSpan _maxWait;
        private readonly object _lock = new object();
        private Timer? _timer;
        private int _bytes = 1;
        private bool _waiting;
        private bool _expired;
        private bool _disposed;

        public LowWaterMark(Socket socket, TimeSpan maxWait)
        {
            _socket = socket;
            _maxWait = maxWait;
        }

        /// <returns>False where the mark cannot be set: the read that follows is plain.</returns>
        public bool Raise(int bytes)
        {
            lock (_lock)
            {
                if (_disposed || !Set(bytes))
                {
                    return false;
                }
                _waiting = true;
                _expired = false;
                _timer ??= new Timer(state => (state as LowWaterMark)?.Expire(), this, Timeout.Infinite, Timeout.Infinite);
                _timer.Change(_maxWait, Timeout.InfiniteTimeSpan);
                return true;
            }
        }

        public void Lower()
        {
            lock (_lock)
            {
                _waiting = false;
                Set(1);
            }
        }

        /// <summary>Ends the wait a <see cref="Raise"/> began, once its read has completed.</summary>
        /// <returns>True when the time limit ended it: the link delivered less than the mark in that time.</returns>
        public bool End()
        {
            lock (_lock)
            {
                _waiting = false;
                _timer?.Change(Timeout.Infinite, Timeout.Infinite);
                return _expired;
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _waiting = false;
                _timer?.Dispose();
            }
        }

        private void Expire()
        {
            lock (_lock)
            {
                // A late tick of a wait already ended must not lower the next one's mark.
                if (!_waiting)
                {
                    return;
                }
                _waiting = false;
                _expired = true;
                Set(1);
            }
        }

        private bool Set(int bytes)
        {
            if (_unsupported)
            {
                return false;
            }
            if (_bytes == bytes)
            {
                return true;
            }
            try
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
                _bytes = bytes;
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ProtocolOption || e.SocketErrorCode == SocketError.OperationNotSupported || e.SocketErrorCode == SocketError.InvalidArgument)
            {
                // Windows does not support SO_RCVLOWAT on TCP.
                _unsupported = true;
                return false;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                // A failed or closed connection: the read reports it.
                return false;
            }
        }
    }
}
