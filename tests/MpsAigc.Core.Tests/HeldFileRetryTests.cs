using System;
using System.Collections.Generic;
using System.IO;
using MpsAigc.Downloads;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>A finished download's rename, while an antivirus or OneDrive holds the file for a moment.</summary>
    public class HeldFileRetryTests
    {
        private static readonly IOException SharingViolation = new IOException("The process cannot access the file because it is being used by another process.", unchecked((int)0x80070020));

        [Fact]
        public void ARenameRefusedWhileTheFileIsHeldIsTriedAgainAndSucceeds()
        {
            var pauses = new List<TimeSpan>();
            int attempts = 0;

            string result = HeldFileRetry.Run(() => ++attempts < 3 ? throw SharingViolation : "renamed", windows: true, pauses.Add);

            Assert.Equal("renamed", result);
            Assert.Equal(3, attempts);
            Assert.Equal(2, pauses.Count);
        }

        [Fact]
        public void AFileHeldForGoodIsReportedAfterAboutTwoSeconds()
        {
            var pauses = new List<TimeSpan>();

            Assert.Same(SharingViolation, Assert.Throws<IOException>(() => HeldFileRetry.Run<int>(() => throw SharingViolation, windows: true, pauses.Add)));
            Assert.InRange(TotalOf(pauses), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        }

        [Fact]
        public void ARefusedAccessIsAHoldOnWindowsOnlyAndOtherFailuresAreNotRetried()
        {
            int attempts = 0;
            Assert.Throws<UnauthorizedAccessException>(() => HeldFileRetry.Run<int>(() => { attempts++; throw new UnauthorizedAccessException(); }, windows: false, _ => { }));
            Assert.Equal(1, attempts);

            attempts = 0;
            Assert.Throws<IOException>(() => HeldFileRetry.Run<int>(() => { attempts++; throw new IOException("The disk is full."); }, windows: true, _ => { }));
            Assert.Equal(1, attempts);

            attempts = 0;
            Assert.Equal(1, HeldFileRetry.Run(() => ++attempts < 2 ? throw new UnauthorizedAccessException() : 1, windows: true, _ => { }));
        }

        private static TimeSpan TotalOf(List<TimeSpan> pauses)
        {
            TimeSpan total = TimeSpan.Zero;
            pauses.ForEach(pause => total += pause);
            return total;
        }
    }
}
