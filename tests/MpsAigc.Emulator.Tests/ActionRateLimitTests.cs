using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>Each action has its own limit per account: 50 and 10 for videos, 20 and 20 for images.</summary>
    public sealed class ActionRateLimitTests
    {
        [Fact]
        public async Task EachActionIsRefusedOnlyOverItsOwnLimitInOneSecond()
        {
            // A clock that stands still puts every call in one second, however slow the machine.
            var clock = ManualClock.StartingAtAWholeSecond();
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { UtcClock = () => clock.Now });
            var calls = new RawCalls(server);

            var codes = new Dictionary<string, string?[]>
            {
                ["DescribeAigcImageTask"] = await CallAsync(calls, "DescribeAigcImageTask", i => "{\"TaskId\":\"done-img-" + i + "\"}", 30),
                ["CreateAigcImageTask"] = await CallAsync(calls, "CreateAigcImageTask", _ => "{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\"}", 30),
                ["DescribeAigcVideoTask"] = await CallAsync(calls, "DescribeAigcVideoTask", i => "{\"TaskId\":\"done-" + i + "\"}", 60),
                ["CreateAigcVideoTask"] = await CallAsync(calls, "CreateAigcVideoTask", _ => "{\"ModelName\":\"Kling\",\"Prompt\":\"a fox\"}", 30),
            };

            var accepted = codes.ToDictionary(c => c.Key, c => c.Value.Count(code => code == null));
            var refused = codes.ToDictionary(c => c.Key, c => c.Value.Count(code => code == "RequestLimitExceeded"));
            Assert.Equal(new Dictionary<string, int> { ["DescribeAigcImageTask"] = 20, ["CreateAigcImageTask"] = 20, ["DescribeAigcVideoTask"] = 50, ["CreateAigcVideoTask"] = 10 }, accepted);
            Assert.Equal(new Dictionary<string, int> { ["DescribeAigcImageTask"] = 10, ["CreateAigcImageTask"] = 10, ["DescribeAigcVideoTask"] = 10, ["CreateAigcVideoTask"] = 20 }, refused);
            EmulatorStats stats = server.Log.Snapshot();
            Assert.Equal(50, stats.RequestLimitExceeded);
            Assert.Equal(refused.ToDictionary(r => r.Key, r => (long)r.Value), stats.RefusedByAction);
            Assert.Equal(codes.ToDictionary(c => c.Key, c => (long)c.Value.Length), stats.CallsByAction);
        }

        [Fact]
        public async Task ASecondLaterEachActionHasItsWholeBudgetAgain()
        {
            var clock = ManualClock.StartingAtAWholeSecond();
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { UtcClock = () => clock.Now });
            var calls = new RawCalls(server);

            string?[] first = await CallAsync(calls, "DescribeAigcImageTask", i => "{\"TaskId\":\"done-img-" + i + "\"}", 21);
            clock.Advance(TimeSpan.FromSeconds(1));
            string?[] next = await CallAsync(calls, "DescribeAigcImageTask", i => "{\"TaskId\":\"done-img-" + i + "\"}", 20);

            Assert.Equal(1, first.Count(code => code == "RequestLimitExceeded"));
            Assert.All(next, Assert.Null);
        }

        [Fact]
        public void ALimitPerActionIsSetOnTheCommandLine()
        {
            EmulatorOptions options = EmulatorOptions.Parse(new[] { "--action-rate-limit", "DescribeAigcImageTask=5", "--action-rate-limit", "CreateAigcImageTask=0", "--rate-limit", "7" });

            Assert.Equal(5, options.RateLimitOf("DescribeAigcImageTask"));
            Assert.Equal(0, options.RateLimitOf("CreateAigcImageTask"));
            Assert.Equal(7, options.RateLimitOf("DescribeAigcVideoTask"));
            Assert.Equal(10, options.RateLimitOf("CreateAigcVideoTask"));
            Assert.Equal(7, options.RateLimitOf("DescribeSomethingElse"));
        }

        [Theory]
        [InlineData("DescribeAigcImageTask")]
        [InlineData("DescribeAigcImageTask=")]
        [InlineData("DescribeAigcImageTask=-1")]
        [InlineData("DescribeNothing=5")]
        public void AMalformedActionLimitIsRefusedWithWhatItTakes(string value)
        {
            var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--action-rate-limit", value }));

            Assert.Contains("ACTION=N", error.Message);
            Assert.Contains("CreateAigcImageTask", error.Message);
        }

        [Fact]
        public async Task CallsOfActionsNotServedAreCountedTogether()
        {
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions());
            var calls = new RawCalls(server);

            await calls.DemoSignedAsync("DescribeNothing", "{}");
            await calls.DemoSignedAsync("DescribeSomethingElse", "{}");

            Assert.Equal(new Dictionary<string, long> { [ActionCounters.Unknown] = 2 }, server.Log.Snapshot().CallsByAction);
        }

        /// <summary>Sends <paramref name="count"/> calls at once; returns each one's error code (null when accepted).</summary>
        private static async Task<string?[]> CallAsync(RawCalls calls, string action, Func<int, string> body, int count)
        {
            JsonElement[] answers = await Task.WhenAll(Enumerable.Range(0, count).Select(i => calls.DemoSignedAsync(action, body(i))));
            return answers.Select(RawCalls.ErrorCode).ToArray();
        }
    }
}
