using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class VideoTaskParsingTests
    {
        [Fact]
        public async Task TheServicesOwnExampleParses()
        {
            VideoTask task = await Describe("{\"Response\":{\"Message\":\"ok\",\"Resolution\":\"1920x1088\",\"Status\":\"DONE\",\"VideoUrls\":[\"https://live-video.cos.ap-guangzhou.myqcloud.com/251006278.mp4\"],\"RequestId\":\"0b9ff3d7-959e-4b9d-8553-7c125305c868\"}}");

            Assert.Equal("4-AigcVideo-x", task.TaskId);
            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal(new[] { "https://live-video.cos.ap-guangzhou.myqcloud.com/251006278.mp4" }, task.VideoUrls);
            Assert.Equal(1920, task.Width);
            Assert.Equal(1088, task.Height);
            Assert.Equal("0b9ff3d7-959e-4b9d-8553-7c125305c868", task.RequestId);
            Assert.True(task.IsFinal);
        }

        [Fact]
        public async Task MissingAndNullFieldsAreEmptyAndUnknownFieldsIgnored()
        {
            VideoTask task = await Describe("{\"Response\":{\"Status\":\"RUN\",\"VideoUrls\":null,\"Resolution\":null,\"Progress\":42,\"RequestId\":\"r\"}}");

            Assert.Equal(AigcTaskStatus.RUN, task.Status);
            Assert.Empty(task.VideoUrls);
            Assert.Null(task.Resolution);
            Assert.Null(task.Width);
            Assert.Null(task.Message);
            Assert.False(task.IsFinal);
        }

        [Fact]
        public async Task ASingleUrlStringBecomesAOneElementArray()
        {
            VideoTask task = await Describe("{\"Response\":{\"Status\":\"DONE\",\"VideoUrls\":\"https://a/b.mp4\",\"RequestId\":\"r\"}}");
            Assert.Equal(new[] { "https://a/b.mp4" }, task.VideoUrls);
        }

        [Theory]
        [InlineData("\"PAUSED\"")]
        [InlineData("\"done\"")]
        [InlineData("\"1\"")]
        [InlineData("null")]
        public async Task UnknownStatusIsAnError(string status)
        {
            var error = await Assert.ThrowsAsync<MpsException>(() => Describe("{\"Response\":{\"Status\":" + status + ",\"RequestId\":\"r\"}}"));
            Assert.Equal("UnknownTaskStatus", error.ErrorId);
        }

        [Theory]
        [InlineData("1920x1088", 1920, 1088)]
        [InlineData("1080*720", 1080, 720)]
        [InlineData("1280 X 720", 1280, 720)]
        [InlineData("720P", null, null)]
        [InlineData("", null, null)]
        [InlineData("axb", null, null)]
        public void ResolutionIsParsedInBothSpellings(string resolution, int? width, int? height)
        {
            VideoTask.ParseResolution(resolution, out int? w, out int? h);
            Assert.Equal(width, w);
            Assert.Equal(height, h);
        }

        private static Task<VideoTask> Describe(string json)
        {
            var handler = new StubHandler(_ => StubHandler.Json(json, HttpStatusCode.OK));
            return MpsClientTests.Client(handler).DescribeAsync("4-AigcVideo-x", CancellationToken.None);
        }
    }
}
