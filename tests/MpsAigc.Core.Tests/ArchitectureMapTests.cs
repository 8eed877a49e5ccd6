using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>ARCHITECTURE.md is the map a newcomer follows: every file it names exists, and it names every room.</summary>
    public class ArchitectureMapTests
    {
        private static readonly string Map = File.ReadAllText(Path.Combine(CodeLayoutTests.RepositoryRoot(), "ARCHITECTURE.md"));

        [Fact]
        public void EveryPathTheMapNamesExists()
        {
            string root = CodeLayoutTests.RepositoryRoot();
            string[] missing = Paths(Map).Where(path => !File.Exists(Path.Combine(root, path)) && !Directory.Exists(Path.Combine(root, path))).ToArray();

            Assert.NotEmpty(Paths(Map));
            Assert.True(missing.Length == 0, "ARCHITECTURE.md names what is not there:\n" + string.Join("\n", missing));
        }

        [Fact]
        public void TheMapNamesEveryRoomOfTheCore()
        {
            string[] unnamed = CodeLayoutTests.CoreRooms.Where(room => room.Length > 0 && !Map.Contains("`src/MpsAigc.Core/" + room + "`")).ToArray();

            Assert.True(unnamed.Length == 0, "ARCHITECTURE.md does not name the rooms " + string.Join(", ", unnamed));
        }

        [Fact]
        public void TheCheckSeesAPathThatIsNotThere()
        {
            // A test that cannot fail is a defect: a named file that does not exist must be found.
            Assert.Equal(new[] { "src/MpsAigc.Core/Gone.cs", "docs/x.md" }, Paths("see `src/MpsAigc.Core/Gone.cs` and `docs/x.md`, not `bin/$PSEdition/MpsAigc` nor `Name`"));
        }

        /// <summary>What the map writes as a path of the repository: in backquotes, with a folder, no placeholder.</summary>
        private static string[] Paths(string text)
        {
            return Regex.Matches(text, "`([^`\\s]+)`")
                .Cast<Match>()
                .Select(match => match.Groups[1].Value)
                .Where(token => token.Contains('/') && Regex.IsMatch(token, @"^[\w./-]+$") && !token.StartsWith("bin/", StringComparison.Ordinal) && !token.StartsWith("out/", StringComparison.Ordinal))
                .Distinct()
                .ToArray();
        }
    }
}
