using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using MpsAigc.Engine;

namespace MpsAigc.Core.Tests
{
    /// <summary>Feeds inputs into an engine and takes every outcome, as the pump does; bounded, so a defect fails instead of hanging.</summary>
    internal static class EngineRun
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

        public static Outcome<T>[] Drain<T, TInput>(BatchEngine<T> engine, Action<BatchEngine<T>, TInput> feed, params TInput[] inputs)
            where T : class
        {
            foreach (TInput input in inputs)
            {
                feed(engine, input);
            }
            return Drain(engine);
        }

        public static Outcome<T>[] Drain<T>(BatchEngine<T> engine, Action<Outcome<T>>? onEach = null)
            where T : class
        {
            engine.CompleteAdding();
            var outcomes = new List<Outcome<T>>();
            Stopwatch elapsed = Stopwatch.StartNew();
            while (!engine.IsFinished)
            {
                if (elapsed.Elapsed > Limit)
                {
                    throw new TimeoutException("The engine did not finish: " + outcomes.Count + " outcomes so far.");
                }
                if (TakeWithin(engine, TimeSpan.FromMilliseconds(100), out Outcome<T>? outcome) && outcome != null)
                {
                    outcomes.Add(outcome);
                    onEach?.Invoke(outcome);
                }
            }
            return outcomes.ToArray();
        }

        /// <summary>The next outcome, waited for at most <paramref name="wait"/>, woken as the pump is. No NotNullWhen here: the netstandard2.0 core's own copy clashes with the runtime's.</summary>
        public static bool TakeWithin<T>(BatchEngine<T> engine, TimeSpan wait, out Outcome<T>? outcome)
            where T : class
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
