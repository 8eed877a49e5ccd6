using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Engine;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class EngineTests
    {
        private const int Rounds = 2000;

        /// <summary>
        /// Items end on many threads while the consumer takes, and some run again, throw our error or throw a
        /// defect: every round, every item ends as exactly one outcome, in input order when asked.
        /// </summary>
        [Fact]
        public void EveryItemEndsAsExactlyOneOutcomeWhateverOrderTheWorkEndsIn()
        {
            var random = new Random(12);
            for (int round = 0; round < Rounds; round++)
            {
                bool inputOrder = round % 2 == 0;
                int count = 1 + random.Next(24);
                int[] spins = Enumerable.Range(0, count).Select(_ => random.Next(2000)).ToArray();
                var engine = new BatchEngine<object>(1 + random.Next(6), inputOrder, SystemClock.Instance, CancellationToken.None);
                for (int i = 0; i < count; i++)
                {
                    int item = i;
                    bool ranOnce = false;
                    if (item % 7 == 3)
                    {
                        engine.Add(Outcome<object>.Failed(new MpsException("Known", MpsErrorKind.InvalidArgument, "known at once"), item));
                        continue;
                    }
                    engine.Add(item, async token =>
                    {
                        await Task.Yield();
                        Thread.SpinWait(spins[item]);
                        switch (item % 5)
                        {
                            case 1:
                                throw new InvalidOperationException("a defect");
                            case 2:
                                throw new MpsException("Refused", MpsErrorKind.InvalidArgument, "refused");
                            case 4 when !ranOnce:
                                ranOnce = true;
                                return Step<object>.After(TimeSpan.Zero);
                            default:
                                return Step<object>.Done(Outcome<object>.Of("value-" + item, item));
                        }
                    });
                }

                Outcome<object>[] outcomes = EngineRun.Drain(engine);

                int[] targets = outcomes.Select(o => Assert.IsType<int>(o.Target)).ToArray();
                Assert.Equal(Enumerable.Range(0, count), targets.OrderBy(t => t));
                if (inputOrder)
                {
                    Assert.Equal(Enumerable.Range(0, count), targets);
                }
                foreach (Outcome<object> outcome in outcomes)
                {
                    int item = Assert.IsType<int>(outcome.Target);
                    string? expected = item % 7 == 3 ? "Known" : item % 5 == 1 ? ErrorIds.UnexpectedError : item % 5 == 2 ? "Refused" : null;
                    Assert.Equal(expected, outcome.Error?.ErrorId);
                }
            }
        }

        [Fact]
        public void WorkAddedByAnItemsWorkAfterCompleteAddingStillRuns()
        {
            // Save: a queried id turns into downloads, after the inputs have ended; the id itself writes nothing.
            var engine = new BatchEngine<object>(2, inputOrder: false, SystemClock.Instance, CancellationToken.None);
            engine.Add("id", async token =>
            {
                await Task.Yield();
                for (int i = 1; i <= 3; i++)
                {
                    int file = i;
                    engine.Add("id", t => Task.FromResult(Step<object>.Done(Outcome<object>.Of("file-" + file, "id"))));
                }
                return Step<object>.Done(Outcome<object>.Nothing("id"));
            });

            Outcome<object>[] outcomes = EngineRun.Drain(engine);

            Assert.Equal(new[] { "file-1", "file-2", "file-3" }, outcomes.Select(o => o.Value as string).Where(v => v != null).OrderBy(v => v));
            Assert.Single(outcomes, o => o.Value == null && o.Error == null);
            Assert.Throws<InvalidOperationException>(() => engine.Add("late", token => Task.FromResult(Step<object>.Done(Outcome<object>.Of("x", "late")))));
        }

        [Fact]
        public void NoMoreThanTheLimitRunsAtOnce()
        {
            int running = 0;
            int most = 0;
            var engine = new BatchEngine<object>(3, inputOrder: false, SystemClock.Instance, CancellationToken.None);
            for (int i = 0; i < 40; i++)
            {
                int item = i;
                engine.Add(item, async token =>
                {
                    int now = Interlocked.Increment(ref running);
                    InterlockedMax(ref most, now);
                    await Task.Delay(1);
                    Interlocked.Decrement(ref running);
                    return Step<object>.Done(Outcome<object>.Of(item, item));
                });
            }

            Assert.Equal(40, EngineRun.Drain(engine).Length);
            Assert.InRange(most, 1, 3);
        }

        [Fact]
        public async Task StoppedWorkEndsAsOperationStopped()
        {
            using var cancel = new CancellationTokenSource();
            var engine = new BatchEngine<object>(2, inputOrder: true, SystemClock.Instance, cancel.Token);
            var started = new TaskCompletionSource<bool>();
            engine.Add("slow", async token =>
            {
                started.SetResult(true);
                await Task.Delay(Timeout.Infinite, token);
                return Step<object>.Done(Outcome<object>.Of("never", "slow"));
            });
            engine.TryTake(out _);
            Assert.Same(started.Task, await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(10))));

            cancel.Cancel();

            Assert.True(EngineRun.TakeWithin(engine, TimeSpan.FromSeconds(10), out Outcome<object>? outcome));
            Assert.Equal(ErrorIds.OperationStopped, outcome!.Error?.ErrorId);
            Assert.Equal("slow", outcome.Target);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
