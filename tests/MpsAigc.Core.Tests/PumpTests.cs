using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Engine;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>The one pump, as the cmdlet and a job drive it (the records it makes: MpsAigc.Tests' RecordSinkTests).</summary>
    public class PumpTests
    {
        [Fact]
        public void AThrowingStepBecomesOneErrorPerItemWithItsTargetAndTheOthersGoOn()
        {
            var sink = new RecordingSink();
            var pump = new Pump<object, object>(
                new BatchEngine<object>(2, inputOrder: true, SystemClock.Instance, CancellationToken.None),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, token =>
                {
                    string text = Assert.IsType<string>(input);
                    if (text.StartsWith("bug", StringComparison.Ordinal))
                    {
                        throw new NullReferenceException("a defect");
                    }
                    if (text == "exists")
                    {
                        throw new MpsException(ErrorIds.FileExists, MpsErrorKind.Exists, "it exists");
                    }
                    return Task.FromResult(Step<object>.Done(Outcome<object>.Of(text.ToUpperInvariant(), input)));
                }));

            foreach (string input in new[] { "a", "bug-1", "b", "exists", "bug-2", "c" })
            {
                pump.Add(input);
                pump.WriteReady();
            }
            pump.WriteAll(CancellationToken.None);

            Assert.Equal(new object[] { "A", "B", "C" }, sink.Objects);
            Assert.Equal(new[] { "bug-1", "exists", "bug-2" }, sink.Errors.Select(e => e.Target));
            Assert.Equal(new[] { ErrorIds.UnexpectedError, ErrorIds.FileExists, ErrorIds.UnexpectedError }, sink.Errors.Select(e => e.Error.ErrorId));
            Assert.Equal(new[] { MpsErrorKind.InvalidOperation, MpsErrorKind.Exists, MpsErrorKind.InvalidOperation }, sink.Errors.Select(e => e.Error.Kind));
            Assert.Contains("bug-1", sink.Errors[0].Error.Message);
        }

        [Fact]
        public void AnItemsWorkCanAddItemsBeforeItEndsAndEveryItemStillComesOut()
        {
            // Save's two-phase step: an id is queried, then its files join the batch; the id itself writes nothing.
            var sink = new RecordingSink();
            var pump = new Pump<object, object>(
                new BatchEngine<object>(2, inputOrder: false, SystemClock.Instance, CancellationToken.None),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    await Task.Yield();
                    foreach (string part in new[] { "x", "y" })
                    {
                        engine.Add(input, t => Task.FromResult(Step<object>.Done(Outcome<object>.Of(input + "-" + part, input))));
                    }
                    return Step<object>.Done(Outcome<object>.Nothing(input));
                }));

            pump.Add("t1");
            pump.Add("t2");
            pump.WriteAll(CancellationToken.None);

            Assert.Equal(new object[] { "t1-x", "t1-y", "t2-x", "t2-y" }, sink.Objects.OrderBy(o => (string)o));
        }

        [Fact]
        public void WorkAsksItsQuestionsOnThePumpsThread()
        {
            // -Confirm may only be asked on the pipeline thread: a question from work on the pool is run there.
            var sink = new RecordingSink();
            var thread = new PumpThread();
            int pumpThread = -1;
            var asked = new List<int>();
            var pump = new Pump<object, object>(
                new BatchEngine<object>(4, inputOrder: true, SystemClock.Instance, CancellationToken.None),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    await Task.Yield();
                    bool yes = await thread.RunAsync(() =>
                    {
                        lock (asked)
                        {
                            asked.Add(Environment.CurrentManagedThreadId);
                        }
                        return !Equals(input, "no");
                    }, token);
                    return Step<object>.Done(yes ? Outcome<object>.Of(input + "!", input) : Outcome<object>.Nothing(input));
                }),
                thread: thread);

            pumpThread = Environment.CurrentManagedThreadId;
            foreach (string input in new[] { "a", "no", "b", "c" })
            {
                pump.Add(input);
            }
            pump.WriteAll(CancellationToken.None);

            Assert.Equal(new object[] { "a!", "b!", "c!" }, sink.Objects);
            Assert.Equal(4, asked.Count);
            Assert.All(asked, id => Assert.Equal(pumpThread, id));
        }

        [Fact]
        public async Task AStoppedPumpWritesNothingMoreAndReturns()
        {
            var sink = new RecordingSink();
            using var started = new ManualResetEventSlim(false);
            using var stop = new CancellationTokenSource();
            var pump = new Pump<object, object>(
                new BatchEngine<object>(1, inputOrder: true, SystemClock.Instance, stop.Token),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    started.Set();
                    await Task.Delay(Timeout.Infinite, token);
                    return Step<object>.Done(Outcome<object>.Of("never", input));
                }));
            pump.Add("slow");

            Task all = Task.Run(() => pump.WriteAll(stop.Token));
            // Stopped while its work runs (not before the engine began it, which would prove less).
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
            stop.Cancel();

            Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.Empty(sink.Objects);
            Assert.Empty(sink.Errors);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void APumpWithoutABarSleepsWhileItsWorkWaitsInsteadOfSpinningACore(bool asJob)
        {
            // Get and New have no bar: their pump, on the pipeline thread of a 48-hour runbook, must sleep until an
            // outcome wakes it, not loop on a core (it once did, and slowed the cold start beside it).
            var sink = new RecordingSink();
            var held = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = new ManualResetEventSlim(false);
            var pump = new Pump<object, object>(
                new BatchEngine<object>(1, inputOrder: true, SystemClock.Instance, CancellationToken.None),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    started.Set();
                    await held.Task;
                    return Step<object>.Done(Outcome<object>.Of(input + "!", input));
                }));
            var inputs = new PumpInputs<object>();
            var thread = new Thread(() =>
            {
                if (asJob)
                {
                    pump.WriteAll(inputs, CancellationToken.None);
                }
                else
                {
                    pump.Add("held");
                    pump.WriteAll(CancellationToken.None);
                }
            });
            thread.Start();
            if (asJob)
            {
                inputs.Add("held");
                inputs.CompleteAdding();
            }
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

            // Once asleep it stays asleep: nothing wakes it until the work ends. A spinning pump is seen running. Its
            // event spins a little before it blocks (on a busy machine, yielding, for tens of milliseconds, seen
            // now asleep, now running), so it counts as asleep once seen so twenty looks in a row.
            int asleepInRow = 0;
            var settling = System.Diagnostics.Stopwatch.StartNew();
            while (asleepInRow < 20 && settling.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(1);
                asleepInRow = (thread.ThreadState & ThreadState.WaitSleepJoin) != 0 ? asleepInRow + 1 : 0;
            }
            Assert.True(asleepInRow == 20, "the pump never slept");
            for (int look = 0; look < 50; look++)
            {
                Thread.Sleep(1);
                Assert.True((thread.ThreadState & ThreadState.WaitSleepJoin) != 0, "the pump woke with nothing to write (look " + look + ")");
            }

            held.SetResult(true);
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
            Assert.Equal(new object[] { "held!" }, sink.Objects);
        }

        [Fact]
        public async Task AJobsPumpTakesItsInputsFromTheQueueAsTheyComeAndEndsWithACompletedBar()
        {
            var sink = new RecordingSink();
            var inputs = new PumpInputs<object>();
            int reports = 0;
            var pump = new Pump<object, object>(
                new BatchEngine<object>(2, inputOrder: true, SystemClock.Instance, CancellationToken.None),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, token => Task.FromResult(Step<object>.Done(Outcome<object>.Of(input + "!", input)))),
                progress: elapsed => new ProgressReport(7, "Testing", "report " + ++reports, 0));

            Task run = Task.Run(() => pump.WriteAll(inputs, CancellationToken.None));
            inputs.Add("a");
            Assert.True(SpinWait.SpinUntil(() => sink.Objects.Count == 1, TimeSpan.FromSeconds(30)));
            inputs.Add("b");
            inputs.CompleteAdding();

            Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
            await run;
            Assert.Equal(new object[] { "a!", "b!" }, sink.Objects);
            Assert.Single(sink.Progress, p => p.Final);
            Assert.True(sink.Progress.Last().Final);
        }

        private sealed class RecordingSink : IPumpSink
        {
            // Objects is read by the test's thread while the pump's adds to it.
            private readonly List<object> _objects = new List<object>();

            public List<object> Objects
            {
                get
                {
                    lock (_objects)
                    {
                        return _objects.ToList();
                    }
                }
            }

            public List<(MpsException Error, object? Target)> Errors { get; } = new List<(MpsException, object?)>();

            public List<(ProgressReport Report, bool Final)> Progress { get; } = new List<(ProgressReport, bool)>();

            public void WriteObject(object value)
            {
                lock (_objects)
                {
                    _objects.Add(value);
                }
            }

            public void WriteError(MpsException error, object? target) => Errors.Add((error, target));

            public void WriteVerbose(string message)
            {
            }

            public void WriteDebug(string message)
            {
            }

            public void WriteWarning(string message)
            {
            }

            public void WriteProgress(ProgressReport report, bool final) => Progress.Add((report, final));
        }
    }
}
