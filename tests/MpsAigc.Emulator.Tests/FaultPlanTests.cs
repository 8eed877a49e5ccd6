using System.Linq;
using MpsAigc.Emulator;
using Xunit;

namespace MpsAigc.Emulator.Tests
{
    public class FaultPlanTests
    {
        [Fact]
        public void AShareOfAQuarterFaultsEveryFourthAnswerStartingWithTheFirst()
        {
            var plan = new FaultPlan(0.25, new[] { "502" }, 1);

            string[] answers = Enumerable.Range(0, 8).Select(_ => plan.Next() ?? "ok").ToArray();

            Assert.Equal(new[] { "502", "ok", "ok", "ok", "502", "ok", "ok", "ok" }, answers);
        }

        [Fact]
        public void BurstsFaultRunsOfAnswersAndKindsTakeTurns()
        {
            var plan = new FaultPlan(0.5, new[] { "drop", "slow" }, 2);

            string[] answers = Enumerable.Range(0, 8).Select(_ => plan.Next() ?? "ok").ToArray();

            Assert.Equal(new[] { "drop", "slow", "ok", "ok", "drop", "slow", "ok", "ok" }, answers);
            Assert.Equal(4, plan.Faults);
        }

        [Fact]
        public void CutsComeLastInEachPeriodAsCutShareHasAlwaysPicked()
        {
            var plan = EmulatorOptions.Parse(new[] { "--cut-share", "0.34" }).Cuts;

            string[] answers = Enumerable.Range(0, 9).Select(_ => plan.Next() ?? "ok").ToArray();

            Assert.Equal(new[] { "ok", "ok", "cut", "ok", "ok", "cut", "ok", "ok", "cut" }, answers);
        }

        [Fact]
        public void NoShareNoFaults()
        {
            Assert.All(Enumerable.Range(0, 20), _ => Assert.Null(FaultPlan.None.Next()));
        }

        [Fact]
        public void UnknownKindsAreRefusedByName()
        {
            var error = Assert.Throws<System.ArgumentException>(() => EmulatorOptions.Parse(new[] { "--api-faults", "502,teapot" }));

            Assert.Contains("teapot", error.Message);
        }
    }
}
