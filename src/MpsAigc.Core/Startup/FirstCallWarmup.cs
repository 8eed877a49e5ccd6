using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using MpsAigc.Tasks;

namespace MpsAigc.Startup
{
    /// <summary>
    /// A process's first query spends most of its own time running code for the first time: our pump and engine,
    /// the limiter, the request body, signing, reading the answer (type loads, and the JIT of generic code that
    /// ReadyToRun cannot hold), and the framework's HTTP/1.1 and TLS code. Import starts this on a thread of its
    /// own, so that it happens on another core while PowerShell is still importing and binding. It is one
    /// Get-MpsAigcVideoTask item through the real pump, engine, client and (in the modern build) HTTP handler,
    /// answered in memory: no socket is opened, no environment variable or machine budget is read. The first command
    /// that will call an https endpoint starts <see cref="TlsWarmup"/> as well.
    /// </summary>
    public static class FirstCallWarmup
    {
        private const string Answer =
            "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[\"https://example.com/a.mp4\"],\"Resolution\":\"1920*1080\",\"Message\":\"\",\"RequestId\":\"warmup\"}}";

        private static int _started;
#if NET8_0_OR_GREATER
        private static int _tlsStarted;
#endif

        /// <summary>Starts the warm-up once per process, as the module is imported.</summary>
        public static void Start()
        {
            if (FirstOnSeveralCores(ref _started))
            {
                RunAside("MpsAigc first-call warm-up", () => Run());
            }
        }

        /// <summary>
        /// Starts <see cref="TlsWarmup"/> once per process, as the first command that will call an https endpoint
        /// opens its connection: the trust store then loads on another core while this one finds credentials,
        /// signs, connects and says hello. Not at import, where it would hold that core while the first query of a
        /// plain-http endpoint (the emulator) needs it.
        /// </summary>
        internal static void StartTls()
        {
#if NET8_0_OR_GREATER
            // Linux only, where TLS is OpenSSL and the trust store is files read at the first check: that is what
            // was measured. On Windows an untrusted certificate's check may look for its root online.
            if (OperatingSystem.IsLinux() && FirstOnSeveralCores(ref _tlsStarted))
            {
                RunAside("MpsAigc TLS warm-up", () => TlsWarmup.Run());
            }
#endif
        }

        /// <summary>Not on a single core, where a warm-up would only delay the pipeline thread.</summary>
        private static bool FirstOnSeveralCores(ref int started)
        {
            return Environment.ProcessorCount >= 2 && Interlocked.Exchange(ref started, 1) == 0;
        }

        /// <summary>
        /// A thread of its own, not a pool thread: a warm-up may wait (for its pump), and must not hold one of the few
        /// pool threads a cold process has while the first real query needs them.
        /// </summary>
        private static void RunAside(string name, Action warmUp)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    warmUp();
                }
                catch (Exception)
                {
                    // It only saves time; a warm-up that fails costs the first query nothing it would not have spent anyway.
                    // An assembly that cannot load is no such failure: import has already loaded every one the module
                    // ships, on .NET Framework (the cmdlet assembly's ShippedAssemblies), and failed there if one did not.
                }
            })
            {
                IsBackground = true,
                Name = name,
            };
            thread.Start();
        }

        /// <summary>The warm-up's query, as Get-MpsAigcVideoTask makes it; returns what the pump wrote, so that a test sees the whole path ran.</summary>
        public static AigcTask Run()
        {
            MpsClient.WarmSharedHttp();
            using (HttpMessageHandler handler = AnsweringHandler())
            {
                var client = new MpsClient(new MpsClientOptions
                {
                    // Plain http to this machine: the canned connection speaks no TLS. Nothing connects to it.
                    Endpoint = new Uri("http://127.0.0.1/"),
                    Credential = new TencentCredential("AKIDWARMUP", "warmup", null, "warmup"),
                    RateLimiter = new RequestRateLimiter(50, SystemClock.Instance),
                    Handler = handler,
                });
                var sink = new KeptOutcome();
                var pump = new Pump<string?, AigcTask>(new BatchEngine<AigcTask>(1, inputOrder: true, SystemClock.Instance, CancellationToken.None), new QueuedLog(false, false), sink, VideoKind.Kind.DescribeFeed(client));
                pump.Add("warmup");
                pump.WriteAll(CancellationToken.None);
                return sink.Task ?? throw (Exception?)sink.Error ?? new InvalidOperationException("The warm-up's pump wrote nothing.");
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// The API calls' own handler, whose connection is in memory: the HTTP/1.1 code that writes the request and
        /// parses the answer is most of the first query's time that is not ours, and the same for every endpoint.
        /// No proxy: the warm-up reads no setting and could never reach one.
        /// </summary>
        private static HttpMessageHandler AnsweringHandler()
        {
            byte[] response = Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + Answer.Length + "\r\nConnection: close\r\n\r\n" + Answer);
            SocketsHttpHandler handler = ApiHttpHandler.Create();
            handler.UseProxy = false;
            handler.ConnectCallback = (context, cancellationToken) => new ValueTask<Stream>(new CannedAnswerConnection(response));
            return handler;
        }
#else
        private static HttpMessageHandler AnsweringHandler() => new AnswerHandler();

        private sealed class AnswerHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") });
            }
        }
#endif

        private sealed class KeptOutcome : IPumpSink
        {
            public AigcTask? Task { get; private set; }

            public MpsException? Error { get; private set; }

            public void WriteObject(object value) => Task = value as AigcTask;

            public void WriteError(MpsException error, object? target) => Error = error;

            public void WriteVerbose(string message)
            {
            }

            public void WriteDebug(string message)
            {
            }

            public void WriteWarning(string message)
            {
            }

            public void WriteProgress(ProgressReport report, bool final)
            {
            }
        }
    }
}
