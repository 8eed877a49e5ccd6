using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    public class ActionCountersTests
    {
        [Fact]
        public async Task CountsStayExactWhileManyThreadsRecordAndReadAtOnce()
        {
            var log = new RequestLog();
            string[] actions = { "DescribeAigcImageTask", "CreateAigcImageTask", "DescribeAigcVideoTask", "CreateAigcVideoTask", "DescribeNothing" };

            Task[] writers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (int i = 0; i < 5000; i++)
                {
                    log.Actions.RecordCall(actions[(t + i) % actions.Length]);
                    if (i % 2 == 0)
                    {
                        log.Actions.RecordRefusedForRate(actions[(t + i) % actions.Length]);
                    }
                }
            })).ToArray();
            // Each call is recorded before its refusal, and a snapshot copies both at once: never more refused than called.
            Task reader = Task.Run(async () =>
            {
                while (!writers.All(w => w.IsCompleted))
                {
                    EmulatorStats seen = log.Snapshot();
                    Assert.All(seen.RefusedByAction, refused => Assert.True(refused.Value <= seen.CallsByAction.GetValueOrDefault(refused.Key)));
                    await Task.Yield();
                }
            });
            await Task.WhenAll(writers.Append(reader));

            EmulatorStats stats = log.Snapshot();
            Assert.Equal(40_000, stats.CallsByAction.Values.Sum());
            Assert.Equal(20_000, stats.RefusedByAction.Values.Sum());
            Assert.Equal(8_000, stats.CallsByAction[ActionCounters.Unknown]);
            Assert.Equal(8_000, stats.CallsByAction["DescribeAigcImageTask"]);
        }
    }
}
