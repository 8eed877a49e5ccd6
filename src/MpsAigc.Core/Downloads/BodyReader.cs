using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Reads a download's body in pieces of at least <see cref="WriteFrom"/> bytes (a TLS body comes a few
    /// records per read), so a gigabyte costs about two thousand writes; each is written on the thread its last
    /// read completed on (the socket keeps receiving meanwhile: handing writes to other threads cost more CPU
    /// than it saved time). A stop or a stall cancels the read and disposes the body; the stall timer is re-armed
    /// at most once a second, which is plenty for a limit of many seconds and spares a timer update per read.
    /// </summary>
    internal sealed class BodyReader : IDisposable
    {
        public const int BufferBytes = 1024 * 1024;

        /// <summary>Reads are gathered into pieces of at least this many bytes before they are written.</summary>
        public const int WriteFrom = 512 * 1024;

        private static readonly TimeSpan StallRearm = TimeSpan.FromSeconds(1);

        private readonly Stream _body;
        private readonly CancellationTokenSource _stall;
        private readonly TimeSpan _stallTimeout;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _disposeOnStall;
        private readonly Stopwatch _sinceRearm = Stopwatch.StartNew();

        private BodyReader(Stream body, CancellationTokenSource stall, TimeSpan stallTimeout, CancellationToken cancellationToken)
        {
            _body = body;
            _stall = stall;
            _stallTimeout = stallTimeout;
            _cancellationToken = cancellationToken;
            _disposeOnStall = stall.Token.Register(() => body.Dispose());
            stall.CancelAfter(stallTimeout);
        }

        public byte[] Bytes { get; } = new byte[BufferBytes];

        /// <summary>How many bytes of <see cref="Bytes"/> the last read gathered.</summary>
        public int Count { get; private set; }

        /// <param name="stall">Cancelled when no data came for <paramref name="stallTimeout"/>; it must also end with <paramref name="cancellationToken"/>.</param>
        public static async Task<BodyReader> OpenAsync(HttpResponseMessage response, CancellationTokenSource stall, TimeSpan stallTimeout, CancellationToken cancellationToken)
        {
            Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return new BodyReader(body, stall, stallTimeout, cancellationToken);
        }

        /// <summary>
        /// Reads into <see cref="Bytes"/> until it holds at least <see cref="WriteFrom"/> bytes (or
        /// <paramref name="limit"/>, when less) or the body ends; when a read fails, <see cref="Count"/> still
        /// holds what came before it.
        /// </summary>
        /// <param name="limit">The most to read: what the caller still wants of this body.</param>
        public async Task ReadAsync(int limit = BufferBytes)
        {
            Count = 0;
            if (_sinceRearm.Elapsed >= StallRearm)
            {
                _stall.CancelAfter(_stallTimeout);
                _sinceRearm.Restart();
            }
            limit = Math.Min(limit, Bytes.Length);
            while (Count < Math.Min(WriteFrom, limit))
            {
                int read;
                try
                {
                    read = await _body.ReadAsync(Bytes, Count, limit - Count, _stall.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is HttpRequestException || e is WebException || e is OperationCanceledException)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (_stall.IsCancellationRequested)
                    {
                        throw new MpsException(ErrorIds.DownloadStalled, MpsErrorKind.Timeout, "No data came for " + _stallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.");
                    }
                    throw new MpsException(ErrorIds.ConnectionFailed, MpsErrorKind.Connection, ResultDownloader.Describe(e), e as MpsException);
                }
                if (read == 0)
                {
                    break;
                }
                Count += read;
            }
        }

        public void Dispose()
        {
            _disposeOnStall.Dispose();
            _body.Dispose();
        }
    }
}
