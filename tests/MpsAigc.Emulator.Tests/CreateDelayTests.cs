using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>
    /// --create-delay-ms: a create's task is made before its answer is on its way, as the service's is, so a
    /// client that dies (or gives up) meanwhile leaves a task it never heard of; the stats count every one.
    /// </summary>
    public sealed class CreateDelayTests
    {
        [Fact]
        public void TheDelayIsSetOnTheCommandLine()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250), EmulatorOptions.Parse(new[] { "--create-delay-ms", "250" }).CreateDelay);
            Assert.Equal(TimeSpan.Zero, EmulatorOptions.Parse(Array.Empty<string>()).CreateDelay);
        }

        [Fact]
        public async Task ATaskIsMadeBeforeItsAnswerAndStaysMadeWhenTheClientIsGone()
        {
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { CreateDelay = TimeSpan.FromMinutes(5) });
            var calls = new RawCalls(server);

            // The client goes once the task is made, long before its answer: no timer decides which comes first.
            using (var gone = new CancellationTokenSource())
            {
                Task<JsonElement> call = calls.DemoSignedAsync("CreateAigcVideoTask", "{\"ModelName\":\"Kling\",\"Prompt\":\"a fox\"}", cancellationToken: gone.Token);
                Assert.True(SpinWait.SpinUntil(() => server.Log.Snapshot().CreatedByAction.Count == 1, TimeSpan.FromSeconds(60)));
                Assert.False(call.IsCompleted);
                gone.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            }
            Assert.Equal(new Dictionary<string, long> { ["CreateAigcVideoTask"] = 1 }, server.Log.Snapshot().CreatedByAction);
            server.Options.CreateDelay = TimeSpan.Zero;

            JsonElement answered = await calls.DemoSignedAsync("CreateAigcImageTask", "{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\"}");
            Assert.StartsWith("4-AigcImage-", RawCalls.Text(answered.GetProperty("TaskId")));
            Assert.Equal(new Dictionary<string, long> { ["CreateAigcVideoTask"] = 1, ["CreateAigcImageTask"] = 1 }, server.Log.Snapshot().CreatedByAction);
        }

        [Fact]
        public async Task ARefusedCreateMakesNoTask()
        {
            await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions());
            var calls = new RawCalls(server);

            JsonElement refused = await calls.DemoSignedAsync("CreateAigcVideoTask", "{\"ModelName\":\"Kling\",\"Prompt\":\"a forbidden fox\"}");

            Assert.Equal("InvalidParameter.ViolationContent", RawCalls.ErrorCode(refused));
            Assert.Empty(server.Log.Snapshot().CreatedByAction);
        }
    }
}
