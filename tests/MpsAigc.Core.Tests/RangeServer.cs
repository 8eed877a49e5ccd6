using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// A file server in memory that serves one range per request as a storage service does (206, Content-Range,
    /// If-Range by ETag), any number at once, each body in small pieces; it can cut chosen bodies, refuse chosen
    /// requests, serve no ranges, or change the file while bodies are under way, and counts what it served.
    /// </summary>
    internal sealed class RangeServer : HttpMessageHandler
    {
        private readonly object _lock = new object();
        private readonly List<string?> _ranges = new List<string?>();
        private byte[] _file;
        private string _etag;
        private int _requests;
        private int _atOnce;
        private int _maxAtOnce;
        private long _served;

        public RangeServer(byte[] file, string etag = "\"v1\"")
        {
            _file = file;
            _etag = etag;
        }

        /// <summary>Answers every Range with the whole file, as a server without ranges does.</summary>
        public bool IgnoreRanges { get; set; }

        /// <summary>Bytes after which the body of request N (0-based) breaks; null: it is whole.</summary>
        public Func<int, long?> CutAfter { get; set; } = _ => null;

        /// <summary>A status to answer request N with instead, given the bodies under way then; null: serve it.</summary>
        public Func<int, int, HttpStatusCode?> Refuse { get; set; } = (_, _) => null;

        /// <summary>Told of every piece served, with the total so far.</summary>
        public Action<long> OnServed { get; set; } = _ => { };

        /// <summary>A pause before each piece of a body, so that bodies overlap.</summary>
        public TimeSpan PieceDelay { get; set; } = TimeSpan.FromMilliseconds(1);

        public int PieceBytes { get; set; } = 256 * 1024;

        public int Requests => Volatile.Read(ref _requests);

        public int MaxAtOnce => Volatile.Read(ref _maxAtOnce);

        public long Served => Interlocked.Read(ref _served);

        public IReadOnlyList<string?> Ranges
        {
            get { lock (_lock) { return _ranges.ToList(); } }
        }

        /// <summary>The file is regenerated: other bytes, another ETag; bodies under way go on with the old.</summary>
        public void Replace(byte[] file, string etag)
        {
            lock (_lock)
            {
                _file = file;
                _etag = etag;
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int index = Interlocked.Increment(ref _requests) - 1;
            byte[] file;
            string etag;
            lock (_lock)
            {
                _ranges.Add(request.Headers.Range?.ToString());
                file = _file;
                etag = _etag;
            }
            // Counted before it is judged, as a server limiting connections counts them: requests that arrive
            // together see each other.
            int now = Interlocked.Increment(ref _atOnce);
            HttpStatusCode? refused = Refuse(index, now - 1);
            if (refused != null)
            {
                Interlocked.Decrement(ref _atOnce);
                return Task.FromResult(new HttpResponseMessage(refused.Value) { Content = new ByteArrayContent(new byte[0]) });
            }
            RangeItemHeaderValue? range = request.Headers.Range?.Ranges.Single();
            string? ifRange = request.Headers.TryGetValues("If-Range", out IEnumerable<string>? values) ? values.Single() : null;
            bool partial = !IgnoreRanges && range != null && (ifRange == null || ifRange == etag);
            long from = partial ? range!.From ?? 0 : 0;
            long to = partial ? Math.Min(range!.To ?? file.Length - 1, file.Length - 1) : file.Length - 1;
            HttpResponseMessage response;
            if (partial && from >= file.Length)
            {
                Interlocked.Decrement(ref _atOnce);
                response = new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable) { Content = new ByteArrayContent(new byte[0]) };
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(file.Length);
                return Task.FromResult(response);
            }
            int most;
            while (now > (most = Volatile.Read(ref _maxAtOnce)) && Interlocked.CompareExchange(ref _maxAtOnce, now, most) != most)
            {
            }
            var body = new ServedBody(this, file, from, to + 1, CutAfter(index));
            response = new HttpResponseMessage(partial ? HttpStatusCode.PartialContent : HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Headers.ETag = EntityTagHeaderValue.Parse(etag);
            response.Headers.AcceptRanges.Add(IgnoreRanges ? "none" : "bytes");
            response.Content.Headers.ContentLength = to + 1 - from;
            if (partial)
            {
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, to, file.Length);
            }
            return Task.FromResult(response);
        }

        /// <summary>One body: bytes [from, to) of a file, in pieces, breaking after <c>cutAfter</c> bytes if set.</summary>
        private sealed class ServedBody : Stream
        {
            private readonly RangeServer _server;
            private readonly byte[] _file;
            private readonly long _to;
            private readonly long _breakAt;
            private long _position;
            private int _ended;

            public ServedBody(RangeServer server, byte[] file, long from, long to, long? cutAfter)
            {
                _server = server;
                _file = file;
                _position = from;
                _to = to;
                _breakAt = cutAfter == null ? long.MaxValue : from + cutAfter.Value;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_server.PieceDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_server.PieceDelay, cancellationToken);
                }
                return Read(buffer, offset, count);
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_position >= _breakAt)
                {
                    End();
                    throw new IOException("The connection was reset.");
                }
                int take = (int)Math.Min(Math.Min(count, _server.PieceBytes), Math.Min(_to, _breakAt) - _position);
                if (take <= 0)
                {
                    End();
                    return 0;
                }
                Array.Copy(_file, _position, buffer, offset, take);
                _position += take;
                _server.OnServed(Interlocked.Add(ref _server._served, take));
                return take;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                End();
                base.Dispose(disposing);
            }

            private void End()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    Interlocked.Decrement(ref _server._atOnce);
                }
            }
        }
    }
}
