using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Tasks;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class ImageKindTests
    {
        [Fact]
        public async Task ADoneAnswerParsesIntoAnImageTask()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"Status\":\"DONE\",\"ImageUrls\":[\"https://a.cos/1.png?q-signature=s\",\"https://a.cos/2\"],\"Message\":\"ok\",\"RequestId\":\"req-1\"}}"));

            ImageTask task = await MpsClientTests.Client(handler).DescribeImageTaskAsync("4-AigcImage-x", CancellationToken.None);

            Assert.Equal("4-AigcImage-x", task.TaskId);
            Assert.Equal(AigcTaskStatus.DONE, task.Status);
            Assert.Equal(new[] { "https://a.cos/1.png?q-signature=s", "https://a.cos/2" }, task.ImageUrls);
            Assert.Equal(("ok", "req-1"), (task.Message, task.RequestId));
            Assert.Equal(new Uri("http://127.0.0.1:9"), task.Endpoint);
            Assert.True(task.IsFinal);
            Assert.Equal("4-AigcImage-x", task.ToString());
            Assert.Equal("DescribeAigcImageTask", handler.Requests[0].Headers["X-TC-Action"]);
            Assert.Equal("{\"TaskId\":\"4-AigcImage-x\"}", Encoding.UTF8.GetString(handler.Requests[0].Body));
        }

        [Fact]
        public async Task MissingAndNullFieldsAreEmptyAndUnknownFieldsIgnored()
        {
            ImageTask task = await Describe("{\"Response\":{\"Status\":\"RUN\",\"ImageUrls\":null,\"Progress\":42,\"RequestId\":\"r\"}}");

            Assert.Equal(AigcTaskStatus.RUN, task.Status);
            Assert.Empty(task.ImageUrls);
            Assert.Null(task.Message);
            Assert.False(task.IsFinal);
        }

        [Fact]
        public async Task ASingleUrlStringBecomesAOneElementArrayAndEmptyEntriesAreDropped()
        {
            Assert.Equal(new[] { "https://a/b" }, (await Describe("{\"Response\":{\"Status\":\"DONE\",\"ImageUrls\":\"https://a/b\",\"RequestId\":\"r\"}}")).ImageUrls);
            Assert.Equal(new[] { "https://a/c" }, (await Describe("{\"Response\":{\"Status\":\"DONE\",\"ImageUrls\":[\"\",null,7,\"https://a/c\"],\"RequestId\":\"r\"}}")).ImageUrls);
        }

        [Fact]
        public async Task AFailedTaskCarriesTheServicesMessage()
        {
            ImageTask task = await Describe("{\"Response\":{\"Status\":\"FAIL\",\"ImageUrls\":[],\"Message\":\"content check failed\",\"RequestId\":\"r\"}}");

            Assert.Equal((AigcTaskStatus.FAIL, "content check failed"), (task.Status, task.Message));
            Assert.True(task.IsFinal);
        }

        [Theory]
        [InlineData("\"PAUSED\"")]
        [InlineData("\"done\"")]
        [InlineData("null")]
        public async Task AnUnknownStatusIsAnErrorNamingTheTask(string status)
        {
            var error = await Assert.ThrowsAsync<MpsException>(() => Describe("{\"Response\":{\"Status\":" + status + ",\"RequestId\":\"r\"}}"));

            Assert.Equal(ErrorIds.UnknownTaskStatus, error.ErrorId);
            Assert.Contains("4-AigcImage-x", error.Message);
        }

        [Fact]
        public async Task BothKindsAreOneLifeToCodeThatWaitsOrSaves()
        {
            AigcTask image = await Describe("{\"Response\":{\"Status\":\"DONE\",\"ImageUrls\":[\"https://a/1\"],\"RequestId\":\"r\"}}");
            AigcTask video = new VideoTask("v", AigcTaskStatus.DONE, new[] { "https://a/v.mp4" }, "1920x1080", "ok", "r", DateTimeOffset.Now, MpsEndpoint.Default, "ap-guangzhou");

            Assert.Equal(new[] { "https://a/1" }, image.ResultUrls);
            Assert.Equal(new[] { "https://a/v.mp4" }, video.ResultUrls);
            Assert.True(image.IsFinal && video.IsFinal);
        }

        [Fact]
        public async Task ACreateSendsTheRequestOnceAndReturnsAWaitingTask()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcImage-new\",\"RequestId\":\"r\"}}"));
            var request = new CreateImageTaskRequest { ModelName = "Hunyuan", Prompt = "a red fox, watercolor" };

            ImageTask task = await MpsClientTests.Client(handler).CreateImageTaskAsync(request, CancellationToken.None);

            Assert.Equal(("4-AigcImage-new", AigcTaskStatus.WAIT), (task.TaskId, task.Status));
            Assert.Empty(task.ImageUrls);
            SentRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("CreateAigcImageTask", sent.Headers["X-TC-Action"]);
            Assert.Equal("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a red fox, watercolor\"}", Encoding.UTF8.GetString(sent.Body));
        }

        [Fact]
        public async Task AnInvalidRequestIsNeverSent()
        {
            var handler = new StubHandler(_ => throw new InvalidOperationException("nothing may be sent"));
            var request = new CreateImageTaskRequest { ModelName = "Hunyuan", Prompt = "a fox", OutputFormat = "GIF" };

            var error = await Assert.ThrowsAsync<MpsException>(() => MpsClientTests.Client(handler).CreateImageTaskAsync(request, CancellationToken.None));

            Assert.Equal(ErrorIds.InvalidTaskParameter, error.ErrorId);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public async Task ACreateIsNeverSentTwiceWhenItMayHaveReachedTheService()
        {
            var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502</html>") });

            var error = await Assert.ThrowsAsync<MpsException>(() =>
                MpsClientTests.Client(handler).CreateImageTaskAsync(new CreateImageTaskRequest { ModelName = "GEM", Prompt = "a fox" }, CancellationToken.None));

            Assert.Equal(ErrorIds.OutcomeUnknown, error.ErrorId);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ACreateRefusedForRateIsRetriedBecauseNothingWasCreated()
        {
            var handler = new StubHandler(i => i == 0
                ? StubHandler.Json("{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow down\"},\"RequestId\":\"r\"}}")
                : StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcImage-new\",\"RequestId\":\"r2\"}}"));

            ImageTask task = await MpsClientTests.Client(handler).CreateImageTaskAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None);

            Assert.Equal("4-AigcImage-new", task.TaskId);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ACreateAnsweredWithoutATaskIdIsAnInvalidResponse()
        {
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"RequestId\":\"r9\"}}"));

            var error = await Assert.ThrowsAsync<MpsException>(() => MpsClientTests.Client(handler).CreateImageTaskAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

            Assert.Equal(ErrorIds.InvalidResponse, error.ErrorId);
            Assert.Contains("CreateAigcImageTask", error.Message);
            Assert.Contains("r9", error.Message);
        }

        [Fact]
        public void EachActionHasItsDocumentedLimit()
        {
            Assert.Equal(
                new Dictionary<string, int> { ["DescribeAigcVideoTask"] = 50, ["CreateAigcVideoTask"] = 10, ["DescribeAigcImageTask"] = 20, ["CreateAigcImageTask"] = 20 },
                TaskKinds.All.SelectMany(kind => new[] { kind.Describe, kind.Create }).ToDictionary(action => action.Name, action => action.DocumentedLimit));
            Assert.True(VideoKind.Kind.Create.ChangesState && ImageKind.Kind.Create.ChangesState);
            Assert.False(VideoKind.Kind.Describe.ChangesState || ImageKind.Kind.Describe.ChangesState);
        }

        [Fact]
        public void AnEmptyIdNamesTheActionThatMakesIds()
        {
            var image = Assert.Throws<MpsException>(() => TaskIdValidator.Validate(" ", ImageKind.Kind.Create.Name));
            var video = Assert.Throws<MpsException>(() => TaskIdValidator.Validate(null, "CreateAigcVideoTask"));

            Assert.Equal(ErrorIds.InvalidTaskId, image.ErrorId);
            Assert.Contains("CreateAigcImageTask", image.Message);
            Assert.Contains("CreateAigcVideoTask", video.Message);
        }

        private static Task<ImageTask> Describe(string json)
        {
            var handler = new StubHandler(_ => StubHandler.Json(json));
            return MpsClientTests.Client(handler).DescribeImageTaskAsync("4-AigcImage-x", CancellationToken.None);
        }
    }
}
