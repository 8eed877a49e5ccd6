using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Engine;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using Xunit;

namespace MpsAigc.Tests
{
    public class PumpTests
    {
        [Fact]
        public void AThrowingStepBecomesOneErrorRecordPerItemWithItsTargetAndTheOthersGoOn()
        {
            var sink = new RecordingSink();
            var pump = new Pump(
                new BatchEngine(2, inputOrder: true, SystemClock.Instance, CancellationToken.None),
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
                    return Task.FromResult(Step.Done(Outcome.Of(text.ToUpperInvariant(), input)));
                }));

            foreach (string input in new[] { "a", "bug-1", "b", "exists", "bug-2", "c" })
            {
                pump.Add(input);
                pump.WriteReady();
            }
            pump.WriteAll(CancellationToken.None);

            Assert.Equal(new object[] { "A", "B", "C" }, sink.Objects);
            Assert.Equal(new[] { "bug-1", "exists", "bug-2" }, sink.Errors.Select(e => e.TargetObject));
            Assert.Equal(new[] { ErrorIds.UnexpectedError, ErrorIds.FileExists, ErrorIds.UnexpectedError }, sink.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Equal(new[] { ErrorCategory.InvalidOperation, ErrorCategory.ResourceExists, ErrorCategory.InvalidOperation }, sink.Errors.Select(e => e.CategoryInfo.Category));
            Assert.Contains("bug-1", sink.Errors[0].Exception.Message);
        }

        [Fact]
        public void APresenterCanTurnAnOutcomeIntoMoreWorkAndEveryItemStillComesOut()
        {
            var sink = new RecordingSink();
            BatchEngine engine = new BatchEngine(2, inputOrder: false, SystemClock.Instance, CancellationToken.None);
            var pump = new Pump(
                engine,
                new QueuedLog(false, false),
                sink,
                (e, input) => e.Add(input, token => Task.FromResult(Step.Done(Outcome.Of(new[] { "x", "y" }, input)))),
                outcome =>
                {
                    if (outcome.Value is string[] parts)
                    {
                        foreach (string part in parts)
                        {
                            engine.Add(outcome.Target, token => Task.FromResult(Step.Done(Outcome.Of(outcome.Target + "-" + part, outcome.Target))));
                        }
                        return null;
                    }
                    return outcome.Value;
                });

            pump.Add("t1");
            pump.Add("t2");
            pump.WriteAll(CancellationToken.None);

            Assert.Equal(new object[] { "t1-x", "t1-y", "t2-x", "t2-y" }, sink.Objects.OrderBy(o => (string)o));
        }

        [Fact]
        public void AStoppedPumpWritesNothingMoreAndReturns()
        {
            var sink = new RecordingSink();
            using var stop = new CancellationTokenSource();
            var pump = new Pump(
                new BatchEngine(1, inputOrder: true, SystemClock.Instance, stop.Token),
                new QueuedLog(false, false),
                sink,
                (engine, input) => engine.Add(input, async token =>
                {
                    await Task.Delay(Timeout.Infinite, token);
                    return Step.Done(Outcome.Of("never", input));
                }));
            pump.Add("slow");

            stop.CancelAfter(200);
            Task all = Task.Run(() => pump.WriteAll(stop.Token));

            Assert.True(Bounded.Ended(all));
            Assert.Empty(sink.Objects);
            Assert.Empty(sink.Errors);
        }

        private sealed class RecordingSink : IRecordSink
        {
            public List<object> Objects { get; } = new List<object>();

            public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();

            public void WriteObject(object value) => Objects.Add(value);

            public void WriteError(ErrorRecord error) => Errors.Add(error);

            public void WriteVerbose(string message)
            {
            }

            public void WriteDebug(string message)
            {
            }

            public void WriteWarning(string message)
            {
            }

            public void WriteProgress(ProgressRecord progress)
            {
            }
        }
    }
}
