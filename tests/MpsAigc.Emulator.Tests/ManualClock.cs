using System;
using System.Threading;

namespace MpsAigc.Emulator.Tests
{
    /// <summary>A clock that moves only when told: expiry and rotation are tested without waiting, and every call of a test falls in one second.</summary>
    internal sealed class ManualClock
    {
        private long _ticks;

        public ManualClock(DateTimeOffset start)
        {
            _ticks = start.UtcTicks;
        }

        /// <summary>A whole second, so that ExpiredTime is exactly now + lifetime.</summary>
        public static ManualClock StartingAtAWholeSecond()
        {
            return new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        }

        public DateTimeOffset Now => new DateTimeOffset(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by)
        {
            Interlocked.Add(ref _ticks, by.Ticks);
        }
    }
}
