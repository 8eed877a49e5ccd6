using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Journal;
using MpsAigc.Resilience;
using MpsAigc.Signing;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>The journal of creates: its file, what a rerun makes of each input, and the files it refuses.</summary>
    public sealed class JournalTests : IDisposable
    {
        private static readonly Uri Endpoint = new Uri("https://mps.tencentcloudapi.com/");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-journal-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;

        public JournalTests()
        {
            Directory.CreateDirectory(_folder);
            _path = Path.Combine(_folder, "creates.jsonl");
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void A_new_journal_names_its_format_on_its_first_line_and_keeps_one_line_per_event()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "a cat surfing", "4-AigcVideo-0001");
            }
            string[] lines = File.ReadAllLines(_path);
            Assert.Equal(3, lines.Length);
            using (JsonDocument header = JsonDocument.Parse(lines[0]))
            {
                Assert.Equal(1, header.RootElement.GetProperty("MpsAigcJournal").GetInt32());
            }
            using (JsonDocument sending = JsonDocument.Parse(lines[1]))
            using (JsonDocument created = JsonDocument.Parse(lines[2]))
            {
                Assert.Equal("Sending", sending.RootElement.GetProperty("Event").GetString());
                Assert.Equal("Created", created.RootElement.GetProperty("Event").GetString());
                Assert.Equal("video", created.RootElement.GetProperty("Kind").GetString());
                Assert.Equal("4-AigcVideo-0001", created.RootElement.GetProperty("TaskId").GetString());
                Assert.Equal("a cat surfing", created.RootElement.GetProperty("Label").GetString());
                Assert.Equal(1, created.RootElement.GetProperty("Occurrence").GetInt32());
                Assert.Equal(32, created.RootElement.GetProperty("Request").GetString()!.Length);
            }
            Assert.EndsWith("\n", File.ReadAllText(_path));
        }

        [Fact]
        public void A_rerun_emits_the_task_of_each_created_input_and_sends_nothing()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "a cat surfing", "4-AigcVideo-0001", region: "ap-guangzhou");
                Create(use, "a red fox", "4-AigcImage-0002", ImageKind.Kind);
            }
            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision video = rerun.Decide(VideoKind.Kind, Body("a cat surfing"), null, "a cat surfing", retryUnknown: false);
                JournalDecision image = rerun.Decide(ImageKind.Kind, Body("a red fox"), null, "a red fox", retryUnknown: false);
                Assert.Equal(JournalDecision.Actions.Emit, video.Action);
                VideoTask task = Assert.IsType<VideoTask>(video.Task);
                Assert.Equal("4-AigcVideo-0001", task.TaskId);
                Assert.Equal(AigcTaskStatus.WAIT, task.Status);
                Assert.Equal(Endpoint, task.Endpoint);
                Assert.Equal("ap-guangzhou", task.Region);
                Assert.Equal("4-AigcImage-0002", Assert.IsType<ImageTask>(image.Task).TaskId);
                Assert.Equal(5, File.ReadAllLines(_path).Length);
            }
        }

        [Fact]
        public void Ten_identical_requests_are_ten_tasks_and_a_rerun_maps_them_to_the_same_ten_in_order()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                for (int i = 1; i <= 10; i++)
                {
                    Create(use, "same", "4-AigcVideo-" + i);
                }
            }
            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                string?[] ids = Enumerable.Range(1, 11).Select(_ => rerun.Decide(VideoKind.Kind, Body("same"), null, "same", false)).Select(d => d.Task?.TaskId).ToArray();
                Assert.Equal(Enumerable.Range(1, 10).Select(i => "4-AigcVideo-" + i).Concat(new string?[] { null }), ids);
            }
        }

        [Fact]
        public void The_order_of_a_hashtable_is_not_part_of_a_request_and_every_field_is()
        {
            byte[] one = Encoding.UTF8.GetBytes("{\"ModelName\":\"Kling\",\"Prompt\":\"x\",\"ImageInfos\":[{\"ImageUrl\":\"https://a/b.png\",\"ReferenceType\":\"asset\"}],\"AdditionalParameters\":\"{\\\"seed\\\":3,\\\"size\\\":\\\"2k\\\"}\"}");
            byte[] reordered = Encoding.UTF8.GetBytes("{\"Prompt\":\"x\",\"ModelName\":\"Kling\",\"ImageInfos\":[{\"ReferenceType\":\"asset\",\"ImageUrl\":\"https://a/b.png\"}],\"AdditionalParameters\":\"{\\\"size\\\":\\\"2k\\\",\\\"seed\\\":3}\"}");
            byte[] otherSeed = Encoding.UTF8.GetBytes("{\"Prompt\":\"x\",\"ModelName\":\"Kling\",\"ImageInfos\":[{\"ReferenceType\":\"asset\",\"ImageUrl\":\"https://a/b.png\"}],\"AdditionalParameters\":\"{\\\"size\\\":\\\"2k\\\",\\\"seed\\\":4}\"}");
            Assert.Equal(CanonicalRequest.Hash(VideoKind.Kind, one), CanonicalRequest.Hash(VideoKind.Kind, reordered));
            Assert.NotEqual(CanonicalRequest.Hash(VideoKind.Kind, one), CanonicalRequest.Hash(VideoKind.Kind, otherSeed));
            Assert.NotEqual(CanonicalRequest.Hash(VideoKind.Kind, one), CanonicalRequest.Hash(ImageKind.Kind, one));
        }

        [Fact]
        public void A_request_made_from_hashtables_has_one_identity_whatever_order_they_enumerate_in()
        {
            // Two insertion orders, not a Hashtable: its order follows string hashes, which differ from run to run.
            var forward = new CreateVideoTaskRequest { ModelName = "Kling", Prompt = "x", AdditionalParameters = new System.Collections.Specialized.OrderedDictionary { ["a"] = 1, ["b"] = 2, ["c"] = 3 } };
            var ordered = new System.Collections.Specialized.OrderedDictionary { ["c"] = 3, ["a"] = 1, ["b"] = 2 };
            var backward = new CreateVideoTaskRequest { ModelName = "Kling", Prompt = "x", AdditionalParameters = ordered };
            Assert.NotEqual(Encoding.UTF8.GetString(forward.ToJson()), Encoding.UTF8.GetString(backward.ToJson()));
            Assert.Equal(CanonicalRequest.Hash(VideoKind.Kind, forward.ToJson()), CanonicalRequest.Hash(VideoKind.Kind, backward.ToJson()));
        }

        [Fact]
        public void A_create_sent_without_an_answer_is_OutcomeUnknown_on_a_rerun_and_RetryUnknown_sends_it_again()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalClaim claim = Claim(use, "a cat surfing");
                claim.RecordSending();
                claim.RecordUnanswered();
            }
            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision unknown = rerun.Decide(VideoKind.Kind, Body("a cat surfing"), null, "a cat surfing", retryUnknown: false);
                Assert.Equal(JournalDecision.Actions.Fail, unknown.Action);
                Assert.Equal(ErrorIds.OutcomeUnknown, unknown.Error!.ErrorId);
                Assert.Contains("a cat surfing", unknown.Error.Message);
                Assert.Contains("-RetryUnknown", unknown.Error.Message);
            }
            using (JournalUse retry = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision again = retry.Decide(VideoKind.Kind, Body("a cat surfing"), null, "a cat surfing", retryUnknown: true);
                Assert.Equal(JournalDecision.Actions.Send, again.Action);
                Assert.True(again.Claim!.SendsAgain);
                again.Claim.Release();
            }
        }

        [Fact]
        public void A_create_the_service_refused_is_sent_again_on_a_rerun()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalClaim claim = Claim(use, "a forbidden scene");
                claim.RecordSending();
                claim.RecordRefused(new MpsServiceException("InvalidParameter.ViolationContent", "no", "r-1", "CreateAigcVideoTask"));
            }
            Assert.Contains("\"Error\":\"InvalidParameter.ViolationContent\"", File.ReadAllLines(_path)[2]);
            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision decision = rerun.Decide(VideoKind.Kind, Body("a forbidden scene"), null, "a forbidden scene", false);
                Assert.Equal(JournalDecision.Actions.Send, decision.Action);
                Assert.False(decision.Claim!.SendsAgain);
                decision.Claim.Release();
            }
        }

        [Fact]
        public void A_key_names_one_request_another_request_under_it_is_IdempotencyKeyMismatch()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision first = use.Decide(VideoKind.Kind, Body("a cat"), "row-1", "a cat", false);
                first.Claim!.RecordSending();
                first.Claim.RecordCreated(Task("4-AigcVideo-0001", VideoKind.Kind, null));
            }
            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision other = rerun.Decide(VideoKind.Kind, Body("a dog"), "row-1", "a dog", false);
                Assert.Equal(JournalDecision.Actions.Fail, other.Action);
                Assert.Equal(ErrorIds.IdempotencyKeyMismatch, other.Error!.ErrorId);
                Assert.Contains("row-1", other.Error.Message);
                Assert.Null(other.Task);
                JournalDecision image = rerun.Decide(ImageKind.Kind, Body("a cat"), "row-1", "a cat", false);
                Assert.Equal(ErrorIds.IdempotencyKeyMismatch, image.Error!.ErrorId);
                JournalDecision same = rerun.Decide(VideoKind.Kind, Body("a cat"), "row-1", "a cat", false);
                Assert.Equal("4-AigcVideo-0001", same.Task!.TaskId);
                JournalDecision twice = rerun.Decide(VideoKind.Kind, Body("a cat"), "row-1", "a cat", false);
                Assert.Equal("4-AigcVideo-0001", twice.Task!.TaskId);
            }
        }

        [Fact]
        public async System.Threading.Tasks.Task The_same_key_twice_in_one_command_waits_for_the_first_and_takes_its_task()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision first = use.Decide(VideoKind.Kind, Body("a cat"), "k", "a cat", false);
                JournalDecision second = use.Decide(VideoKind.Kind, Body("a cat"), "k", "a cat", false);
                Assert.Equal(JournalDecision.Actions.Await, second.Action);
                var waiting = second.Claim!.OutcomeAsync("a cat", default);
                Assert.False(waiting.IsCompleted);
                first.Claim!.RecordSending();
                first.Claim.RecordCreated(Task("4-AigcVideo-0001", VideoKind.Kind, null));
                Assert.Equal("4-AigcVideo-0001", ((AigcTask)(await waiting).Value!).TaskId);
            }
        }

        [Fact]
        public void A_last_line_cut_short_is_skipped_with_one_warning_and_removed_and_every_line_before_it_holds()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "one", "4-AigcVideo-0001");
                Create(use, "two", "4-AigcVideo-0002");
            }
            byte[] whole = File.ReadAllBytes(_path);
            File.AppendAllText(_path, "{\"Event\":\"Sending\",\"Kind\":\"vid");
            var log = new ListLog();
            using (JournalUse rerun = OpenJournals.Open(_path, log))
            {
                Assert.Single(log.Lines);
                Assert.Contains("cut short", log.Lines.Single());
                Assert.Contains(_path, log.Lines.Single());
                Assert.Equal(whole, File.ReadAllBytes(_path));
                Assert.Equal("4-AigcVideo-0002", rerun.Decide(VideoKind.Kind, Body("two"), null, "two", false).Task!.TaskId);
                Create(rerun, "three", "4-AigcVideo-0003");
            }
            string[] lines = File.ReadAllLines(_path);
            Assert.Equal(7, lines.Length);
            Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        }

        [Fact]
        public void A_whole_last_line_without_its_newline_is_kept_and_the_next_line_does_not_join_it()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "one", "4-AigcVideo-0001");
            }
            File.WriteAllText(_path, File.ReadAllText(_path).TrimEnd('\n'));
            var log = new ListLog();
            using (JournalUse rerun = OpenJournals.Open(_path, log))
            {
                Assert.Empty(log.Lines);
                Assert.Equal("4-AigcVideo-0001", rerun.Decide(VideoKind.Kind, Body("one"), null, "one", false).Task!.TaskId);
                Create(rerun, "two", "4-AigcVideo-0002");
            }
            Assert.Equal(5, File.ReadAllLines(_path).Length);
        }

        [Fact]
        public void A_journal_of_a_newer_format_is_JournalTooNew_and_left_as_it_is()
        {
            string content = "{\"MpsAigcJournal\":2,\"Started\":\"2030-01-01T00:00:00.000Z\"}\n{\"Event\":\"Teleported\"}\n";
            File.WriteAllText(_path, content);
            var error = Assert.Throws<MpsException>(() => OpenJournals.Open(_path, new ListLog()));
            Assert.Equal(ErrorIds.JournalTooNew, error.ErrorId);
            Assert.Contains(_path, error.Message);
            Assert.Equal(content, File.ReadAllText(_path));
            Assert.False(File.Exists(_path + ".lock"));
            Assert.Equal(ErrorIds.JournalTooNew, Assert.Throws<MpsException>(() => JournalUse.ReadOnly(_path, new ListLog())).ErrorId);
        }

        [Theory]
        [InlineData("Prompt,IdempotencyKey\na cat,row-1\n")]
        [InlineData("{\"Prompt\":\"a cat\"}\n")]
        [InlineData("not a journal, and no newline either")]
        public void A_file_that_is_no_journal_is_NotAJournal_and_left_as_it_is(string content)
        {
            File.WriteAllText(_path, content);
            var error = Assert.Throws<MpsException>(() => OpenJournals.Open(_path, new ListLog()));
            Assert.Equal(ErrorIds.NotAJournal, error.ErrorId);
            Assert.Contains(_path, error.Message);
            Assert.Equal(content, File.ReadAllText(_path));
            Assert.False(File.Exists(_path + ".lock"));
        }

        [Fact]
        public void A_line_in_the_middle_that_is_no_journal_line_is_NotAJournal_naming_it()
        {
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "one", "4-AigcVideo-0001");
            }
            string[] lines = File.ReadAllLines(_path);
            string content = lines[0] + "\n" + lines[1] + "\nhello\n" + lines[2] + "\n";
            File.WriteAllText(_path, content);
            var error = Assert.Throws<MpsException>(() => OpenJournals.Open(_path, new ListLog()));
            Assert.Equal(ErrorIds.NotAJournal, error.ErrorId);
            Assert.Contains("line 3", error.Message);
            Assert.Equal(content, File.ReadAllText(_path));
        }

        [Fact]
        public void A_first_line_cut_short_is_a_journal_that_was_being_made()
        {
            File.WriteAllText(_path, "{\"MpsAig");
            var log = new ListLog();
            using (JournalUse use = OpenJournals.Open(_path, log))
            {
                Assert.Single(log.Lines);
                Create(use, "one", "4-AigcVideo-0001");
            }
            Assert.Equal(3, File.ReadAllLines(_path).Length);
        }

        [Fact]
        public void A_journal_read_for_WhatIf_makes_nothing_and_says_what_it_has()
        {
            using (JournalUse readOnly = JournalUse.ReadOnly(_path, new ListLog()))
            {
                JournalDecision decision = readOnly.Decide(VideoKind.Kind, Body("one"), null, "one", false);
                Assert.Equal(JournalDecision.Actions.Send, decision.Action);
                decision.Claim!.Release();
            }
            Assert.False(File.Exists(_path));
            Assert.False(File.Exists(_path + ".lock"));
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                Create(use, "one", "4-AigcVideo-0001");
                using (JournalUse readOnly = JournalUse.ReadOnly(_path, new ListLog()))
                {
                    Assert.Equal("4-AigcVideo-0001", readOnly.Decide(VideoKind.Kind, Body("one"), null, "one", false).Task!.TaskId);
                }
            }
        }

        [Fact]
        public void A_journal_another_process_holds_is_JournalInUse_at_once()
        {
            File.WriteAllText(_path, string.Empty);
            // Another process's hold, as the operating system sees it: an exclusive open of the lock file.
            using (new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var error = Assert.Throws<MpsException>(() => OpenJournals.Open(_path, new ListLog()));
                Assert.Equal(ErrorIds.JournalInUse, error.ErrorId);
                Assert.Contains(_path, error.Message);
            }
            using (OpenJournals.Open(_path, new ListLog()))
            {
            }
        }

        [Fact]
        public async System.Threading.Tasks.Task A_command_that_ends_gives_up_the_claims_it_never_sent_and_one_waiting_for_them_is_told()
        {
            using (JournalUse other = OpenJournals.Open(_path, new ListLog()))
            {
                JournalUse use = OpenJournals.Open(_path, new ListLog());
                JournalDecision mine = use.Decide(VideoKind.Kind, Body("a cat"), "k", "a cat", false);
                JournalDecision theirs = other.Decide(VideoKind.Kind, Body("a cat"), "k", "a cat", false);
                Assert.Equal(JournalDecision.Actions.Await, theirs.Action);
                use.Dispose();
                Assert.Equal(ErrorIds.OperationStopped, (await theirs.Claim!.OutcomeAsync("a cat", default)).Error!.ErrorId);
                Assert.Throws<MpsException>(() => mine.Claim!.RecordSending());
                Assert.Equal(JournalDecision.Actions.Send, other.Decide(VideoKind.Kind, Body("a cat"), "k", "a cat", false).Action);
            }
        }

        [Fact]
        public void No_line_holds_a_signed_link_or_a_request_body()
        {
            var request = new CreateVideoTaskRequest { ModelName = "Kling", ImageUrl = "https://bucket.cos.ap-guangzhou.myqcloud.com/a.png?q-signature=SECRETSIGNATURE" };
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision decision = use.Decide(VideoKind.Kind, request.ToJson(), null, JournalLabel.Of(request), false);
                decision.Claim!.RecordSending();
                decision.Claim.RecordCreated(Task("4-AigcVideo-0001", VideoKind.Kind, null));
            }
            string text = File.ReadAllText(_path);
            Assert.DoesNotContain("SECRETSIGNATURE", text);
            Assert.DoesNotContain("q-signature", text);
            Assert.DoesNotContain("ModelName", text);
            Assert.Contains("image https://bucket.cos.ap-guangzhou.myqcloud.com/a.png", text);
        }

        [Fact]
        public void A_create_stopped_before_it_went_on_the_wire_is_sent_again_on_a_rerun_not_OutcomeUnknown()
        {
            // The create waits for its keys (as it would for the budget or an outage) and is stopped there: it was never sent.
            using var stop = new CancellationTokenSource();
            var handler = new StubHandler(_ => StubHandler.Json("{\"Response\":{\"TaskId\":\"4-AigcVideo-never\",\"RequestId\":\"r\"}}"));
            var keys = new KeysThatNeverCome();
            var client = new MpsClient(new MpsClientOptions { Endpoint = Endpoint, CredentialSource = keys, Handler = handler, MaxRequestsPerSecond = 0 });
            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision decision = use.Decide(VideoKind.Kind, Body("a held fox"), null, "a held fox", false);
                var engine = new BatchEngine<AigcTask>(1, inputOrder: true, SystemClock.Instance, stop.Token);
                new JournaledCreates(VideoKind.Kind, client, new ListLog()).Add(engine, new CreateInput("a held fox", Body("a held fox"), decision));
                engine.TryTake(out _);
                // Stopped only once the create is waiting for its keys: a stop before the engine's loop ran would end
                // the batch with no outcome at all, which is not what this test is about.
                Assert.True(keys.Asked.Wait(TimeSpan.FromSeconds(30)));
                stop.Cancel();
                Outcome<AigcTask>? stopped = null;
                Assert.True(SpinWait.SpinUntil(() => engine.TryTake(out stopped), TimeSpan.FromSeconds(30)));
                Assert.Equal(ErrorIds.OperationStopped, stopped!.Error?.ErrorId);
            }
            Assert.Empty(handler.Requests);

            using (JournalUse rerun = OpenJournals.Open(_path, new ListLog()))
            {
                JournalDecision again = rerun.Decide(VideoKind.Kind, Body("a held fox"), null, "a held fox", false);
                Assert.Equal(JournalDecision.Actions.Send, again.Action);
                again.Claim!.Release();
            }
        }

        [Theory]
        [InlineData("InternalError", false)]
        [InlineData("ServiceUnavailable", false)]
        [InlineData("InvalidParameter.ViolationContent", true)]
        [InlineData("RequestLimitExceeded", true)]
        public void Only_an_answer_that_is_no_failure_of_the_service_proves_a_create_made_nothing(string code, bool nothingMade)
        {
            // An InternalError may come after the task was made: the journal must not send it again (Refused), even when
            // the command was stopped as the answer came and the client did not turn it into OutcomeUnknown.
            Assert.Equal(nothingMade, RetryRules.ProvesNothingCreated(new MpsServiceException(code, "x", "r", "CreateAigcVideoTask"), answered: true));
        }

        private sealed class KeysThatNeverCome : CredentialSource
        {
            public override string Name => "Held";

            public override string AccountKey => "AKIDheld";

            public override TencentCredential? Current => null;

            internal override string CacheKey => "held";

            public ManualResetEventSlim Asked { get; } = new ManualResetEventSlim();

            public override async System.Threading.Tasks.Task<TencentCredential> GetAsync(IMpsLog log, CancellationToken cancellationToken)
            {
                Asked.Set();
                await System.Threading.Tasks.Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException("never");
            }
        }

        internal static byte[] Body(string prompt) => new CreateVideoTaskRequest { ModelName = "Kling", Prompt = prompt }.ToJson();

        internal static AigcTask Task(string taskId, TaskKind kind, string? region)
        {
            return kind == ImageKind.Kind
                ? new ImageTask(taskId, AigcTaskStatus.WAIT, null, null, "req-1", DateTimeOffset.UtcNow, Endpoint, region)
                : (AigcTask)new VideoTask(taskId, AigcTaskStatus.WAIT, null, null, null, "req-1", DateTimeOffset.UtcNow, Endpoint, region);
        }

        private static JournalClaim Claim(JournalUse use, string prompt, TaskKind? kind = null)
        {
            JournalDecision decision = use.Decide(kind ?? VideoKind.Kind, Body(prompt), null, prompt, false);
            Assert.Equal(JournalDecision.Actions.Send, decision.Action);
            return decision.Claim!;
        }

        private static void Create(JournalUse use, string prompt, string taskId, TaskKind? kind = null, string? region = null)
        {
            JournalClaim claim = Claim(use, prompt, kind);
            claim.RecordSending();
            claim.RecordCreated(Task(taskId, kind ?? VideoKind.Kind, region));
        }
    }
}
