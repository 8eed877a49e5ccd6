using System.Security.Cryptography.X509Certificates;
using MpsAigc.Http;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class FirstCallWarmupTests
    {
        [Fact]
        public void TheWarmUpIsAWholeSignedQueryThroughThePumpAnsweredInMemory()
        {
            // The pump, engine, limiter, body, signing, the HTTP/1.1 handler (this is the net8.0 build), envelope and task
            // model all ran: a step that failed would throw here.
            var task = Assert.IsType<VideoTask>(FirstCallWarmup.Run());

            Assert.Equal("warmup", task.TaskId);
            Assert.Equal("warmup", task.Id);
            Assert.Equal(VideoTaskStatus.DONE, task.Status);
            Assert.Equal(new[] { "https://example.com/a.mp4" }, task.VideoUrls);
            Assert.Equal(1920, task.Width);
            Assert.Equal("warmup", task.RequestId);
        }

#if !CORE_NETSTANDARD
        // The TLS warm-up is the modern build's only.
        [Fact]
        public void TheTlsWarmUpChecksAThrowawayCertificateAgainstTheMachinesTrustStore()
        {
            // Self-signed and in no store: the store was read, and the certificate found wanting, as a stranger's would be.
            X509ChainStatusFlags verdict = TlsWarmup.Run();

            Assert.True(verdict.HasFlag(X509ChainStatusFlags.UntrustedRoot), verdict.ToString());
        }
#endif
    }
}
