using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Credentials;
using MpsAigc.Engine;
using MpsAigc.Tasks;

namespace MpsAigc.Http
{
    /// <summary>
    /// A process's first query spends most of its own time running our code for the first time: the pump and
    /// engine, the limiter, the request body, signing, reading the answer (type loads, and the JIT of generic
    /// code that ReadyToRun cannot hold). Import starts this on a thread of its own, so that it happens on
    /// another core while PowerShell is still importing and binding. It is one Get-MpsAigcVideoTask item through
    /// the real pump, engine and client, answered in memory: no socket, no file, no environment variable, no
    /// machine budget.
    /// </summary>
    public static class FirstCallWarmup
    {
        private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
            "{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":[\"https://example.com/a.mp4\"],\"Resolution\":\"1920*1080\",\"Message\":\"\",\"RequestId\":\"warmup\"}}");

        private static int _started;

        /// <summary>
        /// Starts the warm-up once per process; not on a single core, where it would only delay the pipeline thread.
        /// A thread of its own, not a pool thread: it waits for its pump, and must not hold one of the few pool
        /// threads a cold process has while the first real query needs them.
        /// </summary>
        public static void Start()
        {
            if (Environment.ProcessorCount < 2 || Interlocked.Exchange(ref _started, 1) == 1)
            {
                return;
            }
            var thread = new Thread(() =>
            {
                try
                {
                    Run();
                }
                catch (Exception)
                {
                    // It only saves time; a warm-up that fails costs the first query nothing it would not have spent anyway.
                }
            })
            {
                IsBackground = true,
                Name = "MpsAigc first-call warm-up",
            };
            thread.Start();
        }

        /// <summary>The warm-up's query, as Get-MpsAigcVideoTask makes it; returns what the pump wrote, so that a test sees the whole path ran.</summary>
        public static AigcTask Run()
        {
            MpsClient.WarmSharedHttp();
            var client = new MpsClient(new MpsClientOptions
            {
                Endpoint = MpsEndpoint.Default,
                Credential = new TencentCredential("AKIDWARMUP", "warmup", null, "warmup"),
                RateLimiter = new RequestRateLimiter(50, SystemClock.Instance),
                Handler = new AnswerHandler(),
            });
            var sink = new KeptOutcome();
            var pump = new Pump(new BatchEngine(1, inputOrder: true, SystemClock.Instance, CancellationToken.None), new QueuedLog(false, false), sink, TaskKind.Video.DescribeFeed(client));
            pump.Add("warmup");
            pump.WriteAll(CancellationToken.None);
            return sink.Task ?? throw (Exception?)sink.Error ?? new InvalidOperationException("The warm-up's pump wrote nothing.");
        }

        private sealed class AnswerHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer) });
            }
        }

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
