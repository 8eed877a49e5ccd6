using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Configuration;
using MpsAigc.Downloads;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What a part holds (the map) and how its missing bytes are handed to connections (the plan).</summary>
    public sealed class RangePlanTests
    {
        [Fact]
        public void HeldRangesMergeWhenTheyTouchAndTheRestIsMissing()
        {
            var map = new RangeMap(100, "\"v\"");
            map.Add(10, 20);
            map.Add(30, 40);
            map.Add(20, 30);
            map.Add(90, 100);

            Assert.Equal(new[] { "[10, 40)", "[90, 100)" }, map.Done.Select(r => r.ToString()));
            Assert.Equal(new[] { "[0, 10)", "[40, 90)" }, map.Missing().Select(r => r.ToString()));
            Assert.Equal(0, map.FirstMissing);
            map.Add(0, 95);
            Assert.True(map.IsComplete);
            Assert.Equal(100, map.FirstMissing);
        }

        [Fact]
        public void AStoredMapReadsBackAndAnyDamageToItIsRefused()
        {
            var map = new RangeMap(1_000_000, "\"0a1b\"");
            map.Add(0, 4096);
            map.Add(500_000, 600_000);
            byte[] bytes = map.ToBytes();

            RangeMap? read = RangeMap.Parse(bytes);
            Assert.NotNull(read);
            Assert.Equal(map.Done.Select(r => r.ToString()), read!.Done.Select(r => r.ToString()));
            Assert.Equal("\"0a1b\"", read.Validator);
            Assert.Equal(1_000_000, read.Length);

            for (int i = 0; i < bytes.Length; i++)
            {
                byte[] flipped = (byte[])bytes.Clone();
                flipped[i] ^= 0x10;
                Assert.Null(RangeMap.Parse(flipped));
                Assert.Null(RangeMap.Parse(bytes.Take(i).ToArray()));
            }
            Assert.Null(RangeMap.Parse(bytes.Concat(new byte[] { 0 }).ToArray()));
        }

        [Fact]
        public void ConnectionsTakeEqualSharesThenSplitTheLargestRemainder()
        {
            var plan = new RangePlan(new RangeMap(100, "\"v\""), minSplit: 10);

            RangePiece first = plan.Join(25)!;
            RangePiece second = plan.Join(25)!;
            Assert.Equal("[0, 25)", plan.Bounds(first).ToString());
            Assert.Equal("[25, 50)", plan.Bounds(second).ToString());
            RangePiece rest = plan.Join(long.MaxValue)!;
            Assert.Equal("[50, 100)", plan.Bounds(rest).ToString());

            plan.Wrote(rest, 10);
            RangePiece split = plan.Join(long.MaxValue)!;
            Assert.Equal("[80, 100)", plan.Bounds(split).ToString());
            Assert.Equal("[60, 80)", plan.Bounds(rest).ToString());
            Assert.Equal(5, plan.Allowed(rest, 5));
        }

        [Fact]
        public void TheLastConnectionCannotLeaveAndARangeGivenUpGoesToAnother()
        {
            var plan = new RangePlan(new RangeMap(100, "\"v\""), minSplit: 10);
            RangePiece first = plan.Join(50)!;
            RangePiece second = plan.Join(50)!;

            Assert.True(plan.TryLeave(second));
            Assert.False(plan.TryLeave(first));
            plan.Wrote(first, 50);
            RangePiece next = plan.Next(first)!;
            Assert.Equal("[50, 100)", plan.Bounds(next).ToString());
        }

        [Fact]
        public async Task ConnectionsRacingClaimsWritesSplitsAndLeavesWriteEveryMissingByteExactlyOnce()
        {
            var random = new Random(24);
            for (int round = 0; round < 400; round++)
            {
                int length = random.Next(1, 200_000);
                var map = new RangeMap(length, "\"v\"");
                for (int holes = random.Next(0, 5); holes > 0; holes--)
                {
                    int from = random.Next(0, length);
                    map.Add(from, Math.Min(length, from + random.Next(0, 20_000)));
                }
                int[] writes = new int[length];
                foreach (ByteRange done in map.Done)
                {
                    for (long i = done.From; i < done.To; i++)
                    {
                        writes[i] = 1;
                    }
                }
                const int minSplit = 1024;
                var plan = new RangePlan(map, minSplit);
                int connections = random.Next(1, 9);
                long share = Math.Max(1, plan.UnclaimedBytes / connections);
                List<RangePiece> firsts = Enumerable.Range(0, connections).Select(_ => plan.Join(share)).Where(p => p != null).Select(p => p!).ToList();
                int seed = random.Next();
                await Task.WhenAll(firsts.Select((piece, n) => Task.Run(() => Connection(plan, piece, writes, new Random(seed + n), minSplit))));

                // A connection may leave while others still run; whatever it gave back, one that stayed fetched.
                for (RangePiece? piece = plan.Join(long.MaxValue); piece != null; piece = plan.Next(piece))
                {
                    Write(plan, piece, writes, (int)plan.Bounds(piece).Count);
                }
                Assert.True(plan.IsComplete, "round " + round);
                Assert.All(writes, count => Assert.Equal(1, count));
            }
        }

        private static void Connection(RangePlan plan, RangePiece first, int[] writes, Random random, int minSplit)
        {
            for (RangePiece? piece = first; piece != null;)
            {
                if (random.Next(50) == 0 && plan.TryLeave(piece))
                {
                    return;
                }
                if (random.Next(10) == 0)
                {
                    // Another connection joins now and then, splitting what is left.
                    RangePiece? joined = plan.Join(long.MaxValue);
                    if (joined != null)
                    {
                        Connection(plan, joined, writes, random, minSplit);
                    }
                }
                int allowed = plan.Allowed(piece, random.Next(1, minSplit + 1));
                Write(plan, piece, writes, allowed);
                if (plan.Bounds(piece).Count == 0)
                {
                    piece = plan.Next(piece);
                }
            }
        }

        private static void Write(RangePlan plan, RangePiece piece, int[] writes, int count)
        {
            long from = plan.Bounds(piece).From;
            for (long i = from; i < from + count; i++)
            {
                Interlocked.Increment(ref writes[i]);
            }
            plan.Wrote(piece, count);
        }
    }
}
