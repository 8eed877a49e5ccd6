using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tests.Shared;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>DescribeAigcImageTask and CreateAigcImageTask: the same schedules as videos, their own answers and checks.</summary>
    public sealed class ImageTaskTests : IAsyncLifetime
    {
        // null! only until InitializeAsync, which xunit runs before every test, sets it.
        private EmulatorServer _server = null!;

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions();
            options.RateLimits.Keys.ToList().ForEach(action => options.RateLimits[action] = 0);
            options.Credentials["AKIDtemp"] = ("temp-key", "temp-token");
            _server = await EmulatorServer.StartAsync(options);
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task AnImageTaskMovesFromWaitThroughRunToDoneOnItsSchedule()
        {
            MpsClient client = Client();
            string id = "done-img-after3polls-x";

            var seen = new AigcTaskStatus[4];
            for (int i = 0; i < seen.Length; i++)
            {
                seen[i] = (await client.DescribeImageTaskAsync(id, CancellationToken.None)).Status;
            }

            Assert.Equal(new[] { AigcTaskStatus.WAIT, AigcTaskStatus.RUN, AigcTaskStatus.DONE, AigcTaskStatus.DONE }, seen);
        }

        [Fact]
        public async Task DoneImageTasksCarryImageUrlsAndNoResolutionAndFailedOnesAMessage()
        {
            JsonElement done = await new RawCalls(_server).DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"done-img-i3-y\"}");
            ImageTask failed = await Client().DescribeImageTaskAsync("fail-img-after2polls-y", CancellationToken.None);
            ImageTask failedAtLast = await Client().DescribeImageTaskAsync("fail-img-after2polls-y", CancellationToken.None);

            Assert.Equal(new[] { "Status", "ImageUrls", "Message", "RequestId" }, RawCalls.PropertyNames(done));
            Assert.Equal(3, done.GetProperty("ImageUrls").GetArrayLength());
            Assert.All(done.GetProperty("ImageUrls").EnumerateArray(), url => Assert.StartsWith(_server.BaseUrl + "/images/done-img-i3-y/", url.GetString()));
            Assert.Equal(AigcTaskStatus.WAIT, failed.Status);
            Assert.Equal(AigcTaskStatus.FAIL, failedAtLast.Status);
            Assert.Empty(failedAtLast.ImageUrls);
            Assert.False(string.IsNullOrEmpty(failedAtLast.Message));
        }

        [Fact]
        public async Task WaitAndRunTasksStaySoAndCarryNoLinks()
        {
            ImageTask waiting = await Client().DescribeImageTaskAsync("wait-img-1", CancellationToken.None);
            ImageTask running = await Client().DescribeImageTaskAsync("run-img-1", CancellationToken.None);

            Assert.Equal((AigcTaskStatus.WAIT, 0), (waiting.Status, waiting.ImageUrls.Length));
            Assert.Equal((AigcTaskStatus.RUN, 0), (running.Status, running.ImageUrls.Length));
        }

        [Fact]
        public async Task VideoAndImageTasksAreKeptApartAsOnTheService()
        {
            var imageAsVideo = await Assert.ThrowsAsync<MpsServiceException>(() => Client().DescribeAsync("done-img-1", CancellationToken.None));
            var videoAsImage = await Assert.ThrowsAsync<MpsServiceException>(() => Client().DescribeImageTaskAsync("done-1", CancellationToken.None));

            Assert.Equal("ResourceNotFound.TaskNotFound", imageAsVideo.Code);
            Assert.Equal("ResourceNotFound.TaskNotFound", videoAsImage.Code);
        }

        [Fact]
        public async Task AQueryOfTheOtherKindDoesNotCountAsAPoll()
        {
            await Assert.ThrowsAsync<MpsServiceException>(() => Client().DescribeAsync("done-img-after2polls-k", CancellationToken.None));

            ImageTask first = await Client().DescribeImageTaskAsync("done-img-after2polls-k", CancellationToken.None);

            Assert.Equal(AigcTaskStatus.WAIT, first.Status);
        }

        [Fact]
        public async Task CreatedImageTasksHaveImageIdsRunTheirLifecycleAndAreUnknownToTheVideoActions()
        {
            ImageTask created = await Client().CreateImageTaskAsync(Encoding.UTF8.GetBytes("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a red fox, watercolor\"}"), CancellationToken.None);

            Assert.StartsWith("4-AigcImage-", created.TaskId);
            var statuses = new AigcTaskStatus[3];
            for (int i = 0; i < statuses.Length; i++)
            {
                statuses[i] = (await Client().DescribeImageTaskAsync(created.TaskId, CancellationToken.None)).Status;
            }
            Assert.Equal(new[] { AigcTaskStatus.WAIT, AigcTaskStatus.RUN, AigcTaskStatus.DONE }, statuses);
            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client().InvokeAsync("DescribeAigcVideoTask", KindCalls.Utf8("{\"TaskId\":\"" + created.TaskId + "\"}"), CancellationToken.None));
            Assert.Equal("ResourceNotFound.TaskNotFound", error.Code);
        }

        [Fact]
        public async Task ACreateFromAReferenceImageAloneIsAccepted()
        {
            ImageTask created = await Client().CreateImageTaskAsync(
                Encoding.UTF8.GetBytes("{\"ModelName\":\"GEM\",\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\"},{\"ImageUrl\":\"https://example.com/b.webp\"},{\"ImageUrl\":\"https://example.com/c.jpg\"}]}"),
                CancellationToken.None);

            Assert.StartsWith("4-AigcImage-", created.TaskId);
        }

        [Theory]
        [InlineData("{\"Prompt\":\"a fox\"}", "MissingParameter")]
        [InlineData("{\"ModelName\":\"Hunyuan\"}", "InvalidParameter")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"\",\"ImageInfos\":[]}", "InvalidParameter")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"Foo\":1}", "UnknownParameter")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":42}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"EnhancePrompt\":\"yes\"}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"ImageInfos\":[{\"Url\":\"https://example.com/a.png\"}]}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"ImageInfos\":\"https://example.com/a.png\"}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"GEM\",\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\",\"ReferenceType\":1}]}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"GEM\",\"Prompt\":\"a fox\",\"ImageInfos\":[{\"ImageUrl\":\"https://e/1\"},{\"ImageUrl\":\"https://e/2\"},{\"ImageUrl\":\"https://e/3\"},{\"ImageUrl\":\"https://e/4\"}]}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Kling\",\"ModelVersion\":\"2.1\",\"ImageInfos\":[{\"ImageUrl\":\"https://e/1\"},{\"ImageUrl\":\"https://e/2\"},{\"ImageUrl\":\"https://e/3\"},{\"ImageUrl\":\"https://e/4\"},{\"ImageUrl\":\"https://e/5\"}]}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"OutputImageCount\":0}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"OutputImageCount\":\"2\"}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"SceneType\":3}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"OutputFormat\":\"GIF\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"OutputFormat\":\"png\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"LogoAdd\":2}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"LogoAdd\":\"1\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"Resolution\":\"8K\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"AspectRatio\":\"wide\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":\"PNG\"}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"AdditionalParameters\":{\"size\":\"2048x2048\"}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"AdditionalParameters\":\"size=2048\"}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"StoreCosParam\":{\"CosBucketName\":7}}", "InvalidParameterValue")]
        [InlineData("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a forbidden fox\"}", "InvalidParameter.ViolationContent")]
        public async Task CreateRefusesWhatTheServiceRefusesWithItsCodes(string body, string code)
        {
            JsonElement answer = await new RawCalls(_server).DemoSignedAsync("CreateAigcImageTask", body);

            Assert.Equal(code, RawCalls.ErrorCode(answer));
            Assert.False(answer.TryGetProperty("TaskId", out _));
        }

        [Fact]
        public async Task EveryDocumentedFieldIsAccepted()
        {
            const string body = "{\"ModelName\":\"GEM\",\"ModelVersion\":\"3.0\",\"SceneType\":\"3d_panorama\",\"Prompt\":\"a fox\",\"OutputImageCount\":1,\"NegativePrompt\":\"blur\",\"EnhancePrompt\":true,"
                + "\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\",\"ReferenceType\":\"style\"}],"
                + "\"ExtraParameters\":{\"AspectRatio\":\"21:9\",\"Resolution\":\"2K\",\"LogoAdd\":1,\"OutputFormat\":\"JPEG\"},"
                + "\"AdditionalParameters\":\"{\\\"size\\\":\\\"2048x2048\\\"}\","
                + "\"StoreCosParam\":{\"CosBucketName\":\"b-125\",\"CosBucketRegion\":\"ap-guangzhou\",\"CosBucketPath\":\"/out\"},\"Operator\":\"ops\"}";

            JsonElement answer = await new RawCalls(_server).DemoSignedAsync("CreateAigcImageTask", body);

            Assert.Null(RawCalls.ErrorCode(answer));
            Assert.StartsWith("4-AigcImage-", answer.GetProperty("TaskId").GetString());
        }

        [Fact]
        public async Task AModelTakesAsManyReferenceImagesAsItsVersionDocuments()
        {
            var calls = new RawCalls(_server);
            string seven = "[" + string.Join(",", Enumerable.Range(1, 7).Select(i => "{\"ImageUrl\":\"https://e/" + i + "\"}")) + "]";

            JsonElement vidu = await calls.DemoSignedAsync("CreateAigcImageTask", "{\"ModelName\":\"Vidu\",\"ModelVersion\":\"q2\",\"ImageInfos\":" + seven + "}");
            JsonElement klingOmni = await calls.DemoSignedAsync("CreateAigcImageTask", "{\"ModelName\":\"Kling\",\"ModelVersion\":\"3.0-Omni\",\"ImageInfos\":" + seven + "}");
            JsonElement gem = await calls.DemoSignedAsync("CreateAigcImageTask", "{\"ModelName\":\"GEM\",\"ModelVersion\":\"2.5\",\"ImageInfos\":" + seven + "}");

            Assert.Null(RawCalls.ErrorCode(vidu));
            Assert.Null(RawCalls.ErrorCode(klingOmni));
            Assert.Equal("InvalidParameterValue", RawCalls.ErrorCode(gem));
            Assert.Contains("at most 3", RawCalls.ErrorMessage(gem));
        }

        [Fact]
        public async Task ACreatedTaskMakesTheImagesOutputImageCountAskedFor()
        {
            ImageTask created = await Client().CreateImageTaskAsync(Encoding.UTF8.GetBytes("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"OutputImageCount\":3}"), CancellationToken.None);
            ImageTask? done = null;
            for (int i = 0; i < _server.Options.CreatedTaskPolls; i++)
            {
                done = await Client().DescribeImageTaskAsync(created.TaskId, CancellationToken.None);
            }

            Assert.NotNull(done);
            Assert.Equal(AigcTaskStatus.DONE, done.Status);
            Assert.Equal(3, done.ImageUrls.Length);
        }

        [Fact]
        public async Task APromptIsCountedInCharactersUpTo1000()
        {
            var calls = new RawCalls(_server);
            string emoji = string.Concat(Enumerable.Repeat("\U0001F98A", 1000));

            JsonElement thousand = await calls.DemoSignedAsync("CreateAigcImageTask", Body(new string('a', 1000)));
            JsonElement thousandEmoji = await calls.DemoSignedAsync("CreateAigcImageTask", Body(emoji));
            JsonElement tooLong = await calls.DemoSignedAsync("CreateAigcImageTask", Body(new string('a', 1001)));

            Assert.Null(RawCalls.ErrorCode(thousand));
            Assert.Null(RawCalls.ErrorCode(thousandEmoji));
            Assert.Equal("InvalidParameterValue", RawCalls.ErrorCode(tooLong));
            Assert.Contains("1000", RawCalls.ErrorMessage(tooLong));
        }

        [Fact]
        public async Task ImageActionsCheckSignaturesAndTokensLikeTheVideoOnes()
        {
            var wrongKey = await Assert.ThrowsAsync<MpsServiceException>(() =>
                Client(new TencentCredential(EmulatorOptions.DemoSecretId, "not-the-key", null, "test")).DescribeImageTaskAsync("done-img-1", CancellationToken.None));
            var noToken = await Assert.ThrowsAsync<MpsServiceException>(() =>
                Client(new TencentCredential("AKIDtemp", "temp-key", null, "test")).CreateImageTaskAsync(Encoding.UTF8.GetBytes("{\"ModelName\":\"GEM\",\"Prompt\":\"a fox\"}"), CancellationToken.None));
            ImageTask withToken = await Client(new TencentCredential("AKIDtemp", "temp-key", "temp-token", "test")).DescribeImageTaskAsync("done-img-1", CancellationToken.None);

            Assert.Equal("AuthFailure.SignatureFailure", wrongKey.Code);
            Assert.Equal("AuthFailure.TokenFailure", noToken.Code);
            Assert.Equal(AigcTaskStatus.DONE, withToken.Status);
        }

        [Fact]
        public async Task DescribeRefusesUnknownAndMissingParametersLikeTheVideoOne()
        {
            var calls = new RawCalls(_server);

            Assert.Equal("MissingParameter", RawCalls.ErrorCode(await calls.DemoSignedAsync("DescribeAigcImageTask", "{}")));
            Assert.Equal("UnknownParameter", RawCalls.ErrorCode(await calls.DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"done-img-1\",\"Foo\":1}")));
        }

        [Fact]
        public async Task BrokenAnswersForImageTasksBreakTheImageUrlsField()
        {
            var calls = new RawCalls(_server);

            JsonElement urlsNull = await calls.DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"bad-urlsnull-1\"}");
            JsonElement urlsString = await calls.DemoSignedAsync("DescribeAigcImageTask", "{\"TaskId\":\"bad-urlsstring-1\"}");

            Assert.Equal(JsonValueKind.Null, urlsNull.GetProperty("ImageUrls").ValueKind);
            Assert.StartsWith(_server.BaseUrl + "/images/", urlsString.GetProperty("ImageUrls").GetString());
        }

        [Fact]
        public async Task ApiFaultsReachTheImageActionsToo()
        {
            var options = new EmulatorOptions { ApiFaults = new FaultPlan(1, new[] { "internal" }, 1) };
            await using EmulatorServer faulty = await EmulatorServer.StartAsync(options);

            var error = await Assert.ThrowsAsync<MpsServiceException>(() => Client(server: faulty).DescribeImageTaskAsync("done-img-1", CancellationToken.None));

            Assert.Equal("InternalError", error.Code);
            Assert.Equal(1, faulty.Log.Snapshot().ApiFaults);
        }

        private static string Body(string prompt)
        {
            return "{\"ModelName\":\"Hunyuan\",\"Prompt\":" + JsonSerializer.Serialize(prompt) + "}";
        }

        private MpsClient Client(TencentCredential? credential = null, EmulatorServer? server = null)
        {
            return new MpsClient(new MpsClientOptions
            {
                Endpoint = new Uri((server ?? _server).BaseUrl),
                Credential = credential ?? new TencentCredential(EmulatorOptions.DemoSecretId, EmulatorOptions.DemoSecretKey, null, "test"),
                MaxRequestsPerSecond = 0,
                Retry = RetryPolicy.None,
                Clock = SystemClock.Instance,
            });
        }
    }
}
