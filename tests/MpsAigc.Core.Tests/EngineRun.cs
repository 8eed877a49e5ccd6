using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using MpsAigc.Engine;

namespace MpsAigc.Core.Tests
{
    /// <summary>Feeds inputs into an engine and takes every outcome, as the pump does; bounded, so a defect fails instead of hanging.</summary>
    internal static class EngineRun
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

        public static Outcome[] Drain(BatchEngine engine, Action<BatchEngine, object> feed, params object[] inputs)
        {
            foreach (object input in inputs)
            {
                feed(engine, input);
            }
            return Drain(engine);
        }

        public static Outcome[] Drain(BatchEngine engine, Action<Outcome>? onEach = null)
        {
            engine.CompleteAdding();
            var outcomes = new List<Outcome>();
            Stopwatch elapsed = Stopwatch.StartNew();
            while (!engine.IsFinished)
            {
                if (elapsed.Elapsed > Limit)
                {
                    throw new TimeoutException("The engine did not finish: " + outcomes.Count + " outcomes so far.");
                }
                if (TakeWithin(engine, TimeSpan.FromMilliseconds(100), out Outcome? outcome))
                {
                    outcomes.Add(outcome);
                    onEach?.Invoke(outcome);
                }
            }
            return outcomes.ToArray();
        }

        /// <summary>The next outcome, waited for at most <paramref name="wait"/>, woken as the pump is.</summary>
        public static bool TakeWithin(BatchEngine engine, TimeSpan wait, [NotNullWhen(true)] out Outcome? outcome)
        {
            using (var ready = new ManualResetEventSlim(false))
            {
                engine.OnOutcome(ready.Set);
                Stopwatch waited = Stopwatch.StartNew();
                while (true)
                {
                    ready.Reset();
                    if (engine.TryTake(out outcome))
                    {
                        return true;
                    }
                    TimeSpan left = wait - waited.Elapsed;
                    if (left <= TimeSpan.Zero || !ready.Wait(left))
                    {
                        return engine.TryTake(out outcome);
                    }
                }
            }
        }
    }
}
