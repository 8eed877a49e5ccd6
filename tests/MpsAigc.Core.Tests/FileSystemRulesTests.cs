using System;
using System.IO;
using System.Runtime.InteropServices;
using MpsAigc.Saving;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>The Windows rules of saved names, checked here on any platform: the platform is a parameter.</summary>
    public class FileSystemRulesTests
    {
        [Theory]
        [InlineData("CON.mp4")]
        [InlineData("con")]
        [InlineData("CON .mp4")]
        [InlineData("Nul  .tar.gz")]
        [InlineData("COM0.mp4")]
        [InlineData("lpt9.png")]
        [InlineData("COM\u00b9.mp4")]
        [InlineData("LPT\u00b3")]
        [InlineData("CONIN$.mp4")]
        [InlineData("conout$")]
        public void WindowsTakesTheseForDevices(string name)
        {
            Assert.True(FileSystemRules.IsReserved(name));
        }

        [Theory]
        [InlineData("CONSOLE.mp4")]
        [InlineData("COM10.mp4")]
        [InlineData("xCON.mp4")]
        [InlineData("CON_.mp4")]
        [InlineData("done-1.mp4")]
        public void TheseAreOrdinaryNames(string name)
        {
            Assert.False(FileSystemRules.IsReserved(name));
        }

        [Theory]
        [InlineData("CON .mp4", "_CON .mp4")]
        [InlineData("COM0.mp4", "_COM0.mp4")]
        [InlineData("LPT\u00b2.mp4", "_LPT\u00b2.mp4")]
        [InlineData("CONOUT$.mp4", "_CONOUT$.mp4")]
        public void AReservedNameIsSavedWithAnUnderscoreBeforeIt(string name, string saved)
        {
            string folder = Path.GetTempPath();
            Assert.Equal(Path.Combine(Path.GetFullPath(folder), saved), SafeFileNames.PathIn(Path.GetFullPath(folder), name, "{TaskId}.mp4", "t"));
        }

        [Theory]
        [InlineData("a\"b<c>d|e.mp4", ".mp4", "a\"b<c>d|e")]
        [InlineData("x|y", "", "x|y")]
        [InlineData("name.", "", "name.")]
        [InlineData("dir.v2/clip", "", "clip")]
        [InlineData("dir\\cl\"ip.webm", ".webm", "cl\"ip")]
        public void NamesAreTakenApartWhateverCharactersTheyHold(string name, string extension, string withoutExtension)
        {
            // System.IO.Path throws on " < > | on .NET Framework before the name is cleaned.
            Assert.Equal(extension, FileSystemRules.Extension(name));
            Assert.Equal(withoutExtension, FileSystemRules.WithoutExtension(name));
        }

        [Fact]
        public void ATemplateAndALinkWithCharactersWindowsRefusesGiveCleanedNames()
        {
            string folder = Path.GetFullPath(Path.GetTempPath());
            var files = new TemplateFiles(new TemplateFileNamer(folder, "a\"b|c_{TaskId}.mp4", "{TaskId}.mp4"), new[] { "{Resolution}" });

            Assert.Equal(Path.Combine(folder, "a_b_c_t-1_2.mp4"), files.PathFor(new VideoTask("t-1", AigcTaskStatus.DONE, null, null, null, null, DateTimeOffset.UtcNow, new Uri("https://mps.tencentcloudapi.com"), null), 2, 2));
            Assert.Equal(Path.Combine(folder, "a_b_c_clip_1_.mp4"), files.PathForUrl(new Uri("https://cos.example/v/clip%7C1%22.mp4?sign=x")));
        }

        [Fact]
        public void ADriveRootIsAFolderLikeAnyOther()
        {
            string root = Path.GetPathRoot(Path.GetFullPath(Path.GetTempPath()))!;

            Assert.Equal(Path.Combine(root, "done-1.mp4"), new TemplateFileNamer(root, null, "{TaskId}.mp4").PathFor("done-1", 1, 1, new (string, string?)[0]));
            Assert.Equal(Path.Combine(root, "done-1"), new ImageFileNamer(root, null).StemPathFor("done-1", 1, 1));
        }

        [Fact]
        public void NamesDifferingOnlyInCaseAreOneFileOnWindowsAndMacOSButTwoOnLinux()
        {
            Assert.True(FileSystemRules.For(OSPlatform.Windows, netFramework: false).Paths.Equals(@"C:\v\Done-1.mp4", @"C:\v\done-1.MP4"));
            Assert.True(FileSystemRules.For(OSPlatform.OSX, netFramework: false).Paths.Equals("/v/Done-1.mp4", "/v/done-1.MP4"));
            Assert.False(FileSystemRules.For(OSPlatform.Linux, netFramework: false).Paths.Equals("/v/Done-1.mp4", "/v/done-1.MP4"));
        }

        [Fact]
        public void WindowsPowerShellRefusesAPathThatItsWorkingSuffixTakesPastMaxPath()
        {
            var netFramework = FileSystemRules.For(OSPlatform.Windows, netFramework: true);
            string fits = @"C:\" + new string('v', FileSystemRules.NetFrameworkMaxPath - 3 - FileSystemRules.WorkingSuffixLength);
            string over = fits + "v";

            Assert.Null(netFramework.TooLong(fits));
            Assert.Contains("too long for Windows PowerShell", netFramework.TooLong(over));
            Assert.Contains("PowerShell 7.4", netFramework.TooLong(over));
            Assert.Null(FileSystemRules.For(OSPlatform.Windows, netFramework: false).TooLong(over + new string('v', 500)));
            Assert.Null(FileSystemRules.For(OSPlatform.Linux, netFramework: false).TooLong(over));
        }
    }
}
