using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Core.Tests
{
    /// <summary>A clock whose delays pass at once, advancing time by exactly what was asked.</summary>
    internal sealed class FakeClock : IClock
    {
        private readonly object _lock = new object();
        private TimeSpan _elapsed;
        private DateTimeOffset _now;

        public FakeClock(DateTimeOffset start)
        {
            _now = start;
        }

        public List<TimeSpan> Delays { get; } = new List<TimeSpan>();

        public DateTimeOffset UtcNow
        {
            get { lock (_lock) { return _now; } }
        }

        public TimeSpan Elapsed
        {
            get { lock (_lock) { return _elapsed; } }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advance(delay);
            lock (_lock)
            {
                Delays.Add(delay);
            }
            return Task.CompletedTask;
        }

        public void Advance(TimeSpan by)
        {
            lock (_lock)
            {
                _elapsed += by;
                _now += by;
            }
        }
    }

    /// <summary>Answers requests from a script and keeps what was sent.</summary>
    internal sealed class StubHandler : HttpMessageHandler
    {
        private readonly Func<int, HttpResponseMessage> _answer;

        public StubHandler(Func<int, HttpResponseMessage> answer)
        {
            _answer = answer;
        }

        public List<SentRequest> Requests { get; } = new List<SentRequest>();

        public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        {
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SentRequest sent = await SentRequest.CaptureAsync(request, cancellationToken);
            int index;
            lock (Requests)
            {
                Requests.Add(sent);
                index = Requests.Count - 1;
            }
            return _answer(index);
        }
    }

    internal sealed class SentRequest
    {
        public string Method { get; set; } = string.Empty;

        public Uri Uri { get; set; } = new Uri("about:blank");

        public byte[] Body { get; set; } = new byte[0];

        public string? ContentType { get; set; }

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>What a stub handler keeps of a request: method, address, body, content type and headers.</summary>
        public static async Task<SentRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = new SentRequest
            {
                Method = request.Method.Method,
                Uri = request.RequestUri ?? new Uri("about:blank"),
                Body = request.Content == null ? new byte[0] : await request.Content.ReadAsByteArrayAsync(cancellationToken),
                ContentType = request.Content == null ? null : string.Join(",", request.Content.Headers.GetValues("Content-Type")),
            };
            foreach (var header in request.Headers)
            {
                sent.Headers[header.Key] = string.Join(",", header.Value);
            }
            return sent;
        }
    }

    /// <summary>Keeps every line the core logs.</summary>
    internal sealed class ListLog : IMpsLog
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new System.Collections.Concurrent.ConcurrentQueue<string>();

        public void Verbose(string message) => Lines.Enqueue(message);

        public void Debug(string message) => Lines.Enqueue(message);

        public void Warning(string message) => Lines.Enqueue(message);
    }
}
