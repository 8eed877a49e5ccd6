using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Credentials;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>Answers each request from what was sent (path, headers, body) and keeps them all; thread-safe.</summary>
    internal sealed class RouteHandler : HttpMessageHandler
    {
        private readonly Func<SentRequest, int, Task<HttpResponseMessage>> _answer;
        private readonly List<SentRequest> _requests = new List<SentRequest>();

        public RouteHandler(Func<SentRequest, HttpResponseMessage> answer)
            : this((sent, index) => Task.FromResult(answer(sent)))
        {
        }

        public RouteHandler(Func<SentRequest, int, Task<HttpResponseMessage>> answer)
        {
            _answer = answer;
        }

        public IReadOnlyList<SentRequest> Requests
        {
            get { lock (_requests) { return _requests.ToArray(); } }
        }

        public static HttpResponseMessage NotFound()
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>404</html>") };
        }

        public static HttpResponseMessage Text(string text, HttpStatusCode status = HttpStatusCode.OK)
        {
            return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SentRequest sent = await SentRequest.CaptureAsync(request, cancellationToken);
            int index;
            lock (_requests)
            {
                _requests.Add(sent);
                index = _requests.Count - 1;
            }
            return await _answer(sent, index);
        }
    }

    /// <summary>The answers of STS and of the CVM metadata service, as documented.</summary>
    internal static class CredentialAnswers
    {
        public static string Sts(string id, string key, string token, DateTimeOffset expires, string requestId = "sts-r")
        {
            return "{\"Response\":{\"Credentials\":{\"Token\":\"" + token + "\",\"TmpSecretId\":\"" + id + "\",\"TmpSecretKey\":\"" + key + "\"},"
                + "\"ExpiredTime\":" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
                + ",\"Expiration\":\"" + Iso(expires) + "\",\"RequestId\":\"" + requestId + "\"}}";
        }

        public static string StsError(string code, string message, string requestId = "sts-e")
        {
            return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message + "\"},\"RequestId\":\"" + requestId + "\"}}";
        }

        public static string Metadata(string id, string key, string token, DateTimeOffset expires, string code = "Success")
        {
            return "{\"TmpSecretId\":\"" + id + "\",\"TmpSecretKey\":\"" + key + "\",\"ExpiredTime\":" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
                + ",\"Expiration\":\"" + Iso(expires) + "\",\"Token\":\"" + token + "\",\"Code\":\"" + code + "\"}";
        }

        public static string Iso(DateTimeOffset time)
        {
            return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// A fetch delegate for <see cref="RenewingCredentialSource"/>: by default each call gives keys id-N,
    /// key-N, token-N valid for the lifetime from the fake clock's now; steps queued with Then* run first.
    /// </summary>
    internal sealed class ScriptedFetch
    {
        private readonly FakeClock _clock;
        private readonly ConcurrentQueue<Func<int, Task<TencentCredential>>> _script = new ConcurrentQueue<Func<int, Task<TencentCredential>>>();
        private readonly ConcurrentQueue<CancellationToken> _tokens = new ConcurrentQueue<CancellationToken>();
        private readonly ConcurrentQueue<DateTimeOffset> _callTimes = new ConcurrentQueue<DateTimeOffset>();
        private int _calls;

        public ScriptedFetch(FakeClock clock, TimeSpan lifetime)
        {
            _clock = clock;
            Lifetime = lifetime;
        }

        public TimeSpan Lifetime { get; set; }

        public FakeClock Clock => _clock;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<CancellationToken> Tokens => _tokens.ToArray();

        /// <summary>The fake clock's time at each call.</summary>
        public IReadOnlyList<DateTimeOffset> CallTimes => _callTimes.ToArray();

        public TencentCredential Keys(int n)
        {
            return new TencentCredential("id-" + n, "key-" + n, "token-" + n, "the script", _clock.UtcNow + Lifetime);
        }

        public void Then(Func<int, Task<TencentCredential>> step)
        {
            _script.Enqueue(step);
        }

        /// <summary>The next call waits for the returned source.</summary>
        public TaskCompletionSource<TencentCredential> ThenWait()
        {
            var pending = new TaskCompletionSource<TencentCredential>(TaskCreationOptions.RunContinuationsAsynchronously);
            Then(_ => pending.Task);
            return pending;
        }

        public void ThenFail(Exception failure)
        {
            Then(_ => Task.FromException<TencentCredential>(failure));
        }

        public Task<TencentCredential> Fetch(CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _calls);
            _tokens.Enqueue(cancellationToken);
            _callTimes.Enqueue(_clock.UtcNow);
            return _script.TryDequeue(out Func<int, Task<TencentCredential>>? step) ? step(n) : Task.FromResult(Keys(n));
        }

        public Task WaitForCallsAsync(int calls)
        {
            return Eventually.TrueAsync(() => Calls >= calls, calls + " fetch calls");
        }
    }

    /// <summary>A log that keeps the level of each line.</summary>
    internal sealed class LevelLog : IMpsLog
    {
        private readonly ConcurrentQueue<(string Level, string Text)> _lines = new ConcurrentQueue<(string Level, string Text)>();

        public IReadOnlyList<(string Level, string Text)> Lines => _lines.ToArray();

        public IReadOnlyList<string> DebugLines => _lines.Where(l => l.Level == "Debug").Select(l => l.Text).ToArray();

        public IReadOnlyList<string> VerboseLines => _lines.Where(l => l.Level == "Verbose").Select(l => l.Text).ToArray();

        public void Verbose(string message) => _lines.Enqueue(("Verbose", message));

        public void Debug(string message) => _lines.Enqueue(("Debug", message));

        public void Warning(string message) => _lines.Enqueue(("Warning", message));

        public IReadOnlyList<string> WarningLines => _lines.Where(l => l.Level == "Warning").Select(l => l.Text).ToArray();

        public bool Has(string text) => _lines.Any(l => l.Text.Contains(text));
    }

    internal static class Renewals
    {
        private static readonly System.Reflection.FieldInfo Pending =
            typeof(RenewingCredentialSource).GetField("_renewal", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            ?? throw new InvalidOperationException("RenewingCredentialSource has no _renewal field any more; update the test.");

        /// <summary>
        /// Waits until the renewal a call may have started (on the thread pool) has ended, so that the fake
        /// clock moves on only after it: whether a call started one cannot be seen from outside, hence the
        /// private field. Only for synchronising; what is asserted stays what a caller sees.
        /// </summary>
        public static async Task SettleAsync(RenewingCredentialSource source)
        {
            Assert.True(Pending != null, "RenewingCredentialSource has no _renewal field any more: update Renewals.SettleAsync.");
            if (Pending.GetValue(source) is Task renewal)
            {
                await Eventually.WithinAsync(renewal.ContinueWith(_ => { }, TaskScheduler.Default), "the renewal");
            }
        }
    }

    internal static class Eventually
    {
        /// <summary>Generous: a loaded two-core machine may leave the pool's work unscheduled for seconds.</summary>
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

        /// <summary>Waits for what another thread does (a renewal runs on the pool); a bound only against hanging, never a timing assertion.</summary>
        public static async Task TrueAsync(Func<bool> condition, string what)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > Bound)
                {
                    Assert.Fail("Still waiting for " + what + " after " + Bound.TotalSeconds + " s.");
                }
                await Task.Delay(1);
            }
        }

        /// <summary>The task, awaited; a failure (not a hang) when it does not end within the bound.</summary>
        public static async Task<T> WithinAsync<T>(Task<T> task, string what)
        {
            await WithinAsync((Task)task, what);
            return await task;
        }

        public static async Task WithinAsync(Task task, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(Bound)) != task)
            {
                Assert.Fail("Still waiting for " + what + " after " + Bound.TotalSeconds + " s.");
            }
            await task;
        }
    }
}
