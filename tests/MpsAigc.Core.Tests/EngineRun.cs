using System;
using System.Collections.Generic;
using System.Diagnostics;
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
                if (engine.TryTake(out Outcome? outcome, TimeSpan.FromMilliseconds(100)))
                {
                    outcomes.Add(outcome);
                    onEach?.Invoke(outcome);
                }
            }
            return outcomes.ToArray();
        }
    }
}
