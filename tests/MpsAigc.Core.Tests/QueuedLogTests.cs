using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.RateLimiting;
using MpsAigc.Signing;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>Log lines from any thread reach the pipeline thread's streams in order; Blocking waits there; a connection describes itself without secrets.</summary>
    public class QueuedLogTests
    {
        [Fact]
        public void LinesComeOutInTheOrderTheyCameEachToItsStreamAndOnlyOnce()
        {
            var log = new QueuedLog(keepVerbose: true, keepDebug: true);
            var lines = new List<string>();
            log.Verbose("v1");
            log.Warning("w1");
            log.Debug("d1");
            log.Verbose("v2");

            Drain(log, lines);
            Drain(log, lines);

            Assert.Equal(new[] { "verbose: v1", "warning: w1", "debug: d1", "verbose: v2" }, lines);
        }

        [Fact]
        public void VerboseAndDebugLinesNobodyWillReadAreNotKeptButWarningsAlwaysAre()
        {
            var log = new QueuedLog(keepVerbose: false, keepDebug: false);
            var lines = new List<string>();
            log.Verbose("v");
            log.Debug("d");
            log.Warning("w");

            Drain(log, lines);

            Assert.Equal(new[] { "warning: w" }, lines);
        }

        [Fact]
        public void LinesFromManyThreadsAreNeitherLostNorDoubled()
        {
            var log = new QueuedLog(keepVerbose: true, keepDebug: false);
            var lines = new List<string>();

            Parallel.For(0, 1000, i => log.Verbose(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Drain(log, lines);

            Assert.Equal(1000, lines.Distinct().Count());
        }

        [Fact]
        public void BlockingRethrowsTheTasksOwnExceptionAndStopsWaitingWhenCancelled()
        {
            Task<int> failed = Task.FromException<int>(new MpsException(ErrorIds.NoCredentials, MpsErrorKind.Authentication, "none"));
            using var cancel = new CancellationTokenSource();
            cancel.CancelAfter(50);

            Assert.Equal(ErrorIds.NoCredentials, Assert.Throws<MpsException>(() => Blocking.Wait(failed, CancellationToken.None)).ErrorId);
            Assert.ThrowsAny<OperationCanceledException>(() => Blocking.Wait(new TaskCompletionSource<int>().Task, cancel.Token));
            Assert.Equal(3, Blocking.Wait(Task.FromResult(3), CancellationToken.None));
        }

        [Fact]
        public void AConnectionDescribesItsKeysWithoutTheSecretAndItsRate()
        {
            var keys = CredentialSource.Fixed(new TencentCredential("AKIDshown", "hidden-key", "hidden-token", "the -Credential parameter"), "Parameter (-Credential)");
            string[] fixedKeys = new Connection(Settings(("Region", "ap-one"), ("MaxRequestsPerSecond", 5), ("RateLimitScope", RateLimitScope.Process)), false, keys, null).Describe();
            string[] none = new Connection(Settings(("RateLimitScope", RateLimitScope.Machine)), false, null, new CredentialException(ErrorIds.NoCredentials, "none")).Describe();
            string[] off = new Connection(Settings(("MaxRequestsPerSecond", 0), ("RateLimitScope", RateLimitScope.Machine)), false, keys, null).Describe();

            Assert.Contains("AKIDshown", fixedKeys[0]);
            Assert.DoesNotContain("hidden", string.Join("\n", fixedKeys));
            Assert.Equal("Endpoint: " + MpsEndpoint.Default + ", region ap-one, client-side limit 5 requests/s, this process's own.", fixedKeys[1]);
            Assert.StartsWith("Credentials: none (NoCredentials)", none[0]);
            Assert.EndsWith("the API's documented rate, shared with this machine's other processes.", none[1]);
            Assert.EndsWith("client-side limit off.", off[1]);
        }

        private static ConnectionSettings Settings(params (string Name, object Value)[] given)
        {
            ConnectionSettings settings = ConnectionSettings.None;
            foreach ((string name, object value) in given)
            {
                settings = settings.With(name, value);
            }
            return settings;
        }

        private static void Drain(QueuedLog log, List<string> lines)
        {
            log.Drain(line => lines.Add("verbose: " + line), line => lines.Add("debug: " + line), line => lines.Add("warning: " + line));
        }
    }
}
