using System;
using System.Linq;
using System.Threading;
using MpsAigc.Tasks;
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
        public void BadTaskIdsAreRefused(string id)
        {
            Assert.Equal("InvalidTaskId", Assert.Throws<MpsException>(() => TaskIdValidator.Validate(id)).ErrorId);
        }

        [Fact]
        public void AbsurdlyLongTaskIdsAreRefused()
        {
            var error = Assert.Throws<MpsException>(() => TaskIdValidator.Validate(new string('a', 10240)));
            Assert.Contains("10240", error.Message);
        }

        [Fact]
        public void SurroundingWhitespaceIsTrimmed()
        {
            Assert.Equal("4-AigcVideo-x", TaskIdValidator.Validate("  4-AigcVideo-x\r"));
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

            queue.Complete(indexes[4], 4);
            queue.Complete(indexes[3], 3);
            queue.CompleteAdding();
            Assert.False(queue.IsFinished);
            Assert.True(queue.TryTake(out int fourth, TimeSpan.Zero));
            Assert.True(queue.TryTake(out int fifth, TimeSpan.Zero));
            Assert.Equal(new[] { 3, 4 }, new[] { fourth, fifth });
            Assert.True(queue.IsFinished);
            Assert.False(queue.TryTake(out _, TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public void IdsAreSentInInputOrderSoTheFirstResultIsNotHeldBack()
        {
            var handler = new StubHandler(i => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"RequestId\":\"r\"}}"));
            var batch = new VideoTaskQueryBatch(MpsClientTests.Client(handler), 1, CancellationToken.None);

            for (int i = 0; i < 300; i++)
            {
                batch.Add("id-" + i);
            }
            batch.CompleteAdding();
            while (!batch.Results.IsFinished)
            {
                batch.Results.TryTake(out _, TimeSpan.FromSeconds(1));
            }

            string[] sent = handler.Requests.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)).ToArray();
            Assert.Equal(Enumerable.Range(0, 300).Select(i => "{\"TaskId\":\"id-" + i + "\"}"), sent);
        }

        [Fact]
        public void ABatchKeepsInputOrderAndReportsEveryId()
        {
            var handler = new StubHandler(i => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"RequestId\":\"r\"}}"));
            var batch = new VideoTaskQueryBatch(MpsClientTests.Client(handler), 4, CancellationToken.None);
            string[] ids = { "a", "", "b", "c\u0001x", "d" };

            foreach (string id in ids)
            {
                batch.Add(id);
            }
            batch.CompleteAdding();
            var results = new System.Collections.Generic.List<TaskQueryResult>();
            while (!batch.Results.IsFinished)
            {
                if (batch.Results.TryTake(out TaskQueryResult result, TimeSpan.FromSeconds(1)))
                {
                    results.Add(result);
                }
            }

            Assert.Equal(ids, results.Select(r => r.TaskId));
            Assert.Equal(new[] { null, "InvalidTaskId", null, "InvalidTaskId", null }, results.Select(r => r.Error?.ErrorId));
            Assert.Equal(3, handler.Requests.Count);
        }
    }
}
