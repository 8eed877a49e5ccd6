using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Journal;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// Commands of one process (jobs, ForEach-Object -Parallel) share one journal: its opens and closes, and
    /// their claims on one identity, raced many times. Bounded: each test stops by itself.
    /// </summary>
    public sealed class JournalConcurrencyTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-journal-race-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;

        public JournalConcurrencyTests()
        {
            Directory.CreateDirectory(_folder);
            _path = Path.Combine(_folder, "creates.jsonl");
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void Opens_and_closes_of_one_journal_raced_from_many_threads_share_one_open_and_never_lock_each_other_out()
        {
            const int Threads = 4;
            const int Rounds = 3000;
            var failures = new ConcurrentQueue<string>();
            using (var start = new Barrier(Threads))
            {
                Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
                {
                    var random = new Random(t);
                    start.SignalAndWait();
                    for (int i = 0; i < Rounds && failures.IsEmpty; i++)
                    {
                        try
                        {
                            using (JournalUse use = OpenJournals.Open(_path, new ListLog()))
                            {
                                // A use of a journal another thread closed under it would be told it stopped.
                                JournalDecision decision = use.Decide(VideoKind.Kind, JournalTests.Body("t" + t + "-" + i), null, "x", false);
                                if (decision.Action != JournalDecision.Actions.Send)
                                {
                                    failures.Enqueue(decision.Action + ": " + decision.Error?.Message);
                                }
                                decision.Claim?.Release();
                            }
                            // Between uses, so the last use of one moment often closes it as another opens it.
                            Thread.SpinWait(random.Next(1, 2000));
                        }
                        catch (Exception e)
                        {
                            failures.Enqueue(e.GetType().Name + ": " + e.Message);
                        }
                    }
                })).ToArray();
                foreach (Thread thread in threads)
                {
                    thread.Start();
                }
                foreach (Thread thread in threads)
                {
                    Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "A thread did not finish.");
                }
            }
            Assert.Empty(failures);
            // The last use closed it: another process could take it now.
            using (new FileStream(_path + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }
            Assert.Single(File.ReadAllLines(_path));
        }

        [Fact]
        public async Task Commands_that_meet_one_identity_at_once_create_it_once_and_all_take_its_task()
        {
            const int Commands = 6;
            using (JournalUse keeper = OpenJournals.Open(_path, new ListLog()))
            {
                for (int round = 0; round < 500; round++)
                {
                    JournalUse[] uses = Enumerable.Range(0, Commands).Select(_ => OpenJournals.Open(_path, new ListLog())).ToArray();
                    string key = round % 2 == 0 ? "key-" + round : null!;
                    string prompt = "prompt-" + round;
                    JournalDecision[] decisions = await Task.WhenAll(uses.Select(use => Task.Run(() => use.Decide(VideoKind.Kind, JournalTests.Body(prompt), key, prompt, false))));
                    JournalDecision[] senders = decisions.Where(d => d.Action == JournalDecision.Actions.Send).ToArray();
                    Assert.Single(senders);
                    Assert.All(decisions.Except(senders), d => Assert.Equal(JournalDecision.Actions.Await, d.Action));
                    Task<Engine.Outcome<AigcTask>>[] waiting = decisions.Except(senders).Select(d => d.Claim!.OutcomeAsync(prompt, default)).ToArray();
                    senders[0].Claim!.RecordSending();
                    senders[0].Claim!.RecordCreated(JournalTests.Task("4-AigcVideo-" + round, VideoKind.Kind, null));
                    foreach (Engine.Outcome<AigcTask> outcome in await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30)))
                    {
                        Assert.Equal("4-AigcVideo-" + round, ((AigcTask)outcome.Value!).TaskId);
                    }
                    foreach (JournalUse use in uses)
                    {
                        use.Dispose();
                    }
                }
                Assert.Equal(500, keeper.Journal.Count);
            }
            Assert.Equal(1 + (500 * 2), File.ReadAllLines(_path).Length);
        }

        [Fact]
        public async Task A_command_that_ends_as_its_claim_is_being_sent_leaves_it_sent_or_released_never_both()
        {
            using (JournalUse keeper = OpenJournals.Open(_path, new ListLog()))
            {
                for (int round = 0; round < 2000; round++)
                {
                    JournalUse use = OpenJournals.Open(_path, new ListLog());
                    JournalClaim claim = use.Decide(VideoKind.Kind, JournalTests.Body("p" + round), null, "p", false).Claim!;
                    Task<bool> sending = Task.Run(() =>
                    {
                        try
                        {
                            claim.RecordSending();
                            return true;
                        }
                        catch (MpsException e) when (e.ErrorId == ErrorIds.OperationStopped)
                        {
                            return false;
                        }
                    });
                    use.Dispose();
                    bool sent = await sending.WaitAsync(TimeSpan.FromSeconds(30));
                    if (sent)
                    {
                        claim.RecordUnanswered();
                    }
                    // Sent: the journal says so (unknown); released: it does not know it.
                    JournalDecision after = keeper.Decide(VideoKind.Kind, JournalTests.Body("p" + round), null, "p", false);
                    Assert.Equal(sent ? JournalDecision.Actions.Fail : JournalDecision.Actions.Send, after.Action);
                    after.Claim?.Release();
                }
            }
        }
    }
}
