using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace MpsAigc.Saving
{
    /// <summary>
    /// What the file system a result is saved on does to its name, as a value, so that each platform's rules can be
    /// tested on any: whether two names that differ only in case are one file (Windows, macOS), and the longest path
    /// .NET Framework accepts (Windows PowerShell keeps MAX_PATH; PowerShell 7 lifts it). Names are taken apart here
    /// without System.IO.Path, which on .NET Framework throws on " &lt; &gt; | before they are cleaned.
    /// </summary>
    public sealed class FileSystemRules
    {
        /// <summary>MAX_PATH with its terminating null: the longest path .NET Framework takes without \\?\.</summary>
        public const int NetFrameworkMaxPath = 259;

        /// <summary>The longest suffix a download adds to a name while it works: ".TAG.part", TAG 8 hex digits (the part files of Downloads/ResultDownloader).</summary>
        public const int WorkingSuffixLength = 14;

        private static readonly string[] ReservedNames = new[] { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" }
            .Concat(new[] { "COM", "LPT" }.SelectMany(port => "0123456789\u00b9\u00b2\u00b3".Select(digit => port + digit)))
            .ToArray();

        public FileSystemRules(bool ignoresCase, int? maxPath)
        {
            IgnoresCase = ignoresCase;
            MaxPath = maxPath;
        }

        /// <summary>This process's.</summary>
        public static FileSystemRules Current { get; } = For(
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX : OSPlatform.Linux,
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal));

        /// <summary>Names differing only in case are one file (NTFS; macOS's APFS as it comes).</summary>
        public bool IgnoresCase { get; }

        /// <summary>The longest path that can be written, or null when there is no such limit.</summary>
        public int? MaxPath { get; }

        /// <summary>How two planned paths are compared: the same file when this says they are equal.</summary>
        public StringComparer Paths => IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public static FileSystemRules For(OSPlatform platform, bool netFramework)
        {
            bool windows = platform == OSPlatform.Windows;
            return new FileSystemRules(windows || platform == OSPlatform.OSX, windows && netFramework ? NetFrameworkMaxPath : (int?)null);
        }

        /// <summary>
        /// Why a download to <paramref name="path"/> cannot be written, or null: with its working suffix it must fit
        /// <see cref="MaxPath"/>, or the download would fail after its first bytes came.
        /// </summary>
        public string? TooLong(string path)
        {
            int longest = path.Length + WorkingSuffixLength;
            return MaxPath == null || longest <= MaxPath
                ? null
                : "The path " + path + " is too long for Windows PowerShell: with the working suffix its download adds it has " + longest + " characters, and .NET Framework takes at most " + MaxPath
                    + ". Give -Path a shorter folder or -FileName a shorter name, or use PowerShell 7.4 or later, which has no such limit.";
        }

        /// <summary>
        /// Whether Windows takes <paramref name="name"/> for a device: the part before its first dot, less trailing
        /// spaces ("CON .mp4" is CON), is CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9 or LPT0-9 (and ¹ ² ³), in any case.
        /// </summary>
        public static bool IsReserved(string name)
        {
            int dot = name.IndexOf('.');
            string stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
            return ReservedNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The extension of a name (".mp4", or empty), whatever characters it holds.</summary>
        public static string Extension(string name)
        {
            int dot = name.LastIndexOf('.');
            // As System.IO.Path: a name that ends in its dot has no extension.
            return dot < 0 || dot < LastSeparator(name) || dot == name.Length - 1 ? string.Empty : name.Substring(dot);
        }

        /// <summary>The last segment of a name (after any / or \), without its extension, whatever characters it holds.</summary>
        public static string WithoutExtension(string name)
        {
            string last = name.Substring(LastSeparator(name) + 1);
            return last.Substring(0, last.Length - Extension(last).Length);
        }

        private static int LastSeparator(string name)
        {
            return name.LastIndexOfAny(new[] { '/', '\\', Path.DirectorySeparatorChar });
        }
    }
}
