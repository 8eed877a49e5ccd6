using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// The layout ARCHITECTURE.md promises a newcomer, checked on the sources: each room (a folder of a
    /// project) uses only the rooms below it, and each type lives in a file named for it.
    /// </summary>
    public class CodeLayoutTests
    {
        /// <summary>The core's rooms, lowest first: a room may use the ones before it, never one after it.</summary>
        public static readonly string[] CoreRooms =
        {
            string.Empty, "Common", "Signing", "Engine", "RateLimiting", "Resilience", "Api", "Credentials", "Downloads", "Tasks", "Saving", "Journal", "Startup", "Configuration",
        };

        /// <summary>The cmdlet assembly's rooms, lowest first.</summary>
        public static readonly string[] CmdletRooms = { string.Empty, "Pipeline", "Jobs", "Commands" };

        /// <summary>Files that hold several types on purpose: polyfills of framework attributes, declared as the framework declares them.</summary>
        private static readonly string[] SeveralTypesAllowed = { "NullableAttributes.cs" };

        [Theory]
        [InlineData("src/MpsAigc.Core")]
        [InlineData("src/MpsAigc")]
        public void EachRoomUsesOnlyTheRoomsBelowIt(string project)
        {
            string[] rooms = project.EndsWith("Core", StringComparison.Ordinal) ? CoreRooms : CmdletRooms;
            List<SourceFile> files = SourceFile.In(project).ToList();
            Assert.All(files, file => Assert.Contains(file.Room, rooms));
            Dictionary<string, string> roomOfType = files
                .SelectMany(file => file.DeclaredTypes.Select(type => (type, file.Room)))
                .GroupBy(pair => pair.type)
                .ToDictionary(group => group.Key, group => group.First().Room, StringComparer.Ordinal);

            var upward = new List<string>();
            foreach (SourceFile file in files)
            {
                foreach (string name in file.MentionedNames())
                {
                    if (roomOfType.TryGetValue(name, out string? room) && Array.IndexOf(rooms, room) > Array.IndexOf(rooms, file.Room))
                    {
                        upward.Add(file.RelativePath + " (" + Named(file.Room) + ") uses " + name + " (" + Named(room) + ")");
                    }
                }
                foreach (string room in file.ImportedRooms())
                {
                    if (Array.IndexOf(rooms, room) > Array.IndexOf(rooms, file.Room))
                    {
                        upward.Add(file.RelativePath + " (" + Named(file.Room) + ") imports the namespace of " + Named(room));
                    }
                }
            }
            Assert.True(upward.Count == 0, "Rooms must use only the rooms below them (" + string.Join(" < ", rooms.Select(Named)) + "):\n" + string.Join("\n", upward));
        }

        [Theory]
        [InlineData("src/MpsAigc.Core")]
        [InlineData("src/MpsAigc")]
        public void EachTypeLivesInAFileNamedForIt(string project)
        {
            var misplaced = new List<string>();
            foreach (SourceFile file in SourceFile.In(project).Where(file => !SeveralTypesAllowed.Contains(file.Name)))
            {
                string expected = Path.GetFileNameWithoutExtension(file.Name);
                List<string> types = file.DeclaredTypes.ToList();
                if (types.Count != 1 || types[0] != expected)
                {
                    misplaced.Add(file.RelativePath + " declares " + (types.Count == 0 ? "no type" : string.Join(", ", types)));
                }
            }
            Assert.True(misplaced.Count == 0, "One type per file, named as the file:\n" + string.Join("\n", misplaced));
        }

        [Fact]
        public void TheLayoutCheckSeesAnUpwardUse()
        {
            // A test that cannot fail is a defect: the scanner must find a use of a higher room's type.
            var file = new SourceFile("Engine/Example.cs", "Engine", "namespace MpsAigc.Engine { class Example { Connection c; string s = \"Outcome\"; int k = kind.Step; } } // Pump");
            Assert.Equal(new[] { "Connection", "Example" }, file.MentionedNames().OrderBy(name => name, StringComparer.Ordinal));
        }

        private static string Named(string room) => room.Length == 0 ? "(root)" : room;

        private sealed class SourceFile
        {
            private static readonly Regex TypeDeclaration = new Regex(
                @"^    (?:\[[^\]]*\]\s*)*(?:(?:public|internal|static|sealed|abstract|readonly|partial)\s+)*(?:(?:class|struct|enum|interface|record)\s+(?<name>\w+)|delegate\s+[^(]*?\s(?<name>\w+)\s*[<(])",
                RegexOptions.Multiline);

            private readonly string _code;

            public SourceFile(string relativePath, string room, string text)
            {
                RelativePath = relativePath;
                Room = room;
                _code = WithoutCommentsAndStrings(text);
            }

            public string RelativePath { get; }

            public string Name => Path.GetFileName(RelativePath);

            /// <summary>The top folder under the project ("" for a file at its root).</summary>
            public string Room { get; }

            public IEnumerable<string> DeclaredTypes => TypeDeclaration.Matches(_code).Cast<Match>().Select(match => match.Groups["name"].Value);

            /// <summary>
            /// Capitalised names the code mentions as a type would be: not after a dot (a member, as in
            /// MpsErrorKind.Connection), not an enum's members, not a constant's own name, not a namespace.
            /// </summary>
            public IEnumerable<string> MentionedNames()
            {
                string code = Regex.Replace(_code, @"(enum\s+\w+[^{]*)\{[^}]*\}", "$1{}");
                code = Regex.Replace(code, @"const\s+\w+\s+\w+", "const");
                code = Regex.Replace(code, @"\b(?:namespace|using)\s+[\w.]+", string.Empty);
                return Regex.Matches(code, @"(?<![.\w])[A-Z]\w*\b").Cast<Match>().Select(match => match.Value).Distinct(StringComparer.Ordinal);
            }

            /// <summary>The rooms whose namespaces the file imports (using MpsAigc.Room;), even if it uses nothing of them.</summary>
            public IEnumerable<string> ImportedRooms()
            {
                return Regex.Matches(_code, @"^\s*using\s+MpsAigc\.(\w+)\s*;", RegexOptions.Multiline).Cast<Match>().Select(match => match.Groups[1].Value);
            }

            public static IEnumerable<SourceFile> In(string project)
            {
                string root = Path.Combine(RepositoryRoot(), project);
                return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                    .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
                    .Where(relative => !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal))
                    .Select(relative => new SourceFile(relative, relative.Contains('/') ? relative.Substring(0, relative.IndexOf('/')) : string.Empty, File.ReadAllText(Path.Combine(root, relative))));
            }

            /// <summary>One pass, so that "//" inside a string is not taken for a comment.</summary>
            private static string WithoutCommentsAndStrings(string text)
            {
                return Regex.Replace(
                    text,
                    @"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])'",
                    match => match.Value.StartsWith("/", StringComparison.Ordinal) ? string.Empty : "\"\"",
                    RegexOptions.Singleline);
            }
        }

        public static string RepositoryRoot()
        {
            string? folder = AppContext.BaseDirectory;
            while (folder != null && !File.Exists(Path.Combine(folder, "Mps.PowerShell.sln")))
            {
                folder = Path.GetDirectoryName(folder);
            }
            return folder ?? throw new InvalidOperationException("The tests run outside the repository: no Mps.PowerShell.sln above " + AppContext.BaseDirectory + ".");
        }
    }
}
