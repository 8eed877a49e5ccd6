using System;
using System.Linq;
using System.Threading;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Tasks;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class BatchTests
    {
        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("a\tb")]
        [InlineData("a\u0000b")]
        [InlineData("任务")]
        [InlineData("a b")]
        public void BadTaskIdsAreRefused(string? id)
        {
            Assert.Equal("InvalidTaskId", Assert.Throws<MpsException>(() => TaskIdValidator.Validate(id, "CreateAigcVideoTask")).ErrorId);
        }

        [Fact]
        public void AbsurdlyLongTaskIdsAreRefused()
        {
            var error = Assert.Throws<MpsException>(() => TaskIdValidator.Validate(new string('a', 10240), "CreateAigcVideoTask"));
            Assert.Contains("10240", error.Message);
        }

        [Fact]
        public void SurroundingWhitespaceIsTrimmed()
        {
            Assert.Equal("4-AigcVideo-x", TaskIdValidator.Validate("  4-AigcVideo-x\r", "CreateAigcVideoTask"));
        }

        [Fact]
        public void ResultsComeOutInTheOrderWorkStarted()
        {
            var queue = new OrderedCompletionQueue<int>();
            int[] indexes = Enumerable.Range(0, 5).Select(_ => queue.Reserve()).ToArray();
            queue.Complete(indexes[2], 2);
            queue.Complete(indexes[1], 1);

            Assert.False(queue.TryTake(out _));
            queue.Complete(indexes[0], 0);
            Assert.True(queue.TryTake(out int first));
            Assert.True(queue.TryTake(out int second));
            Assert.True(queue.TryTake(out int third));
            Assert.False(queue.TryTake(out _));
            Assert.Equal(new[] { 0, 1, 2 }, new[] { first, second, third });

            queue.Append(5);
            queue.Complete(indexes[4], 4);
            Assert.False(queue.TryTake(out _));
            queue.Complete(indexes[3], 3);
            Assert.Equal(new[] { 3, 4, 5 }, Enumerable.Range(0, 3).Select(_ => queue.TryTake(out int v) ? v : -1));
        }

        [Fact]
        public void IdsAreSentInInputOrderSoTheFirstResultIsNotHeldBack()
        {
            var handler = new StubHandler(i => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"RequestId\":\"r\"}}"));
            MpsClient client = MpsClientTests.Client(handler);
            var engine = new BatchEngine<object>(1, inputOrder: true, SystemClock.Instance, CancellationToken.None);

            EngineRun.Drain(engine, (e, id) => e.Add(id, Query(client, id)), Enumerable.Range(0, 300).Select(i => (object)("id-" + i)).ToArray());

            string[] sent = handler.Requests.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)).ToArray();
            Assert.Equal(Enumerable.Range(0, 300).Select(i => "{\"TaskId\":\"id-" + i + "\"}"), sent);
        }

        [Fact]
        public void ABatchKeepsInputOrderAndReportsEveryId()
        {
            var handler = new StubHandler(i => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"RequestId\":\"r\"}}"));
            MpsClient client = MpsClientTests.Client(handler);
            var engine = new BatchEngine<object>(4, inputOrder: true, SystemClock.Instance, CancellationToken.None);
            string[] ids = { "a", "", "b", "c\u0001x", "d" };

            Outcome<object>[] outcomes = EngineRun.Drain(engine, (e, id) => e.Add(id, Query(client, id)), ids);

            Assert.Equal(ids, outcomes.Select(o => o.Target));
            Assert.Equal(new[] { null, "InvalidTaskId", null, "InvalidTaskId", null }, outcomes.Select(o => o.Error?.ErrorId));
            Assert.Equal(3, handler.Requests.Count);
        }

        private static WorkStep<object> Query(MpsClient client, object id)
        {
            return async token => Step<object>.Done(Outcome<object>.Of(await client.DescribeAsync(TaskIdValidator.Validate((string)id, "CreateAigcVideoTask"), token), id));
        }
    }
}
