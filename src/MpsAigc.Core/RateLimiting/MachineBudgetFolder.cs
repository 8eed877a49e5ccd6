using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// Where the machine's shared budgets live: the user's own cache folder (so no other user shares or
    /// spoils them), one small file per endpoint, account, action and limit, named by a hash of those.
    /// </summary>
    internal static class MachineBudgetFolder
    {
        public const string Extension = ".budget";

        /// <summary>A budget file nobody has touched for this long is left from an old run; any use rewrites it.</summary>
        private static readonly TimeSpan Stale = TimeSpan.FromDays(1);

        /// <summary>
        /// %LOCALAPPDATA%\MpsAigc\RateLimits on Windows, ~/Library/Caches/MpsAigc/RateLimits on macOS,
        /// $XDG_CACHE_HOME (or ~/.cache)/mpsaigc/rate-limits elsewhere; the temporary folder when there is no home.
        /// </summary>
        public static string Default()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                return string.IsNullOrEmpty(local) ? InTemp() : Path.Combine(local, "MpsAigc", "RateLimits");
            }
            string? home = Environment.GetEnvironmentVariable("HOME");
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && !Strings.IsNullOrEmpty(home))
            {
                return Path.Combine(home, "Library", "Caches", "MpsAigc", "RateLimits");
            }
            string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (Strings.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
            {
                cache = Strings.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
            }
            return cache == null ? InTemp() : Path.Combine(cache, "mpsaigc", "rate-limits");
        }

        /// <summary>The file of one budget: the key may hold an account's SecretId, so only its hash is shown.</summary>
        public static string FileFor(string folder, string key)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
                var name = new StringBuilder(32 + Extension.Length);
                for (int i = 0; i < 16; i++)
                {
                    name.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
                return Path.Combine(folder, name.Append(Extension).ToString());
            }
        }

        /// <summary>Removes budget files unused for a day (each emulator port in tests leaves one); never fails.</summary>
        public static void RemoveStale(string folder)
        {
            try
            {
                if (!Directory.Exists(folder))
                {
                    return;
                }
                DateTime before = DateTime.UtcNow - Stale;
                foreach (string file in Directory.GetFiles(folder, "*" + Extension))
                {
                    if (File.GetLastWriteTimeUtc(file) < before)
                    {
                        File.Delete(file);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Tidying is a courtesy: a file in use or a folder we cannot list stays as it is.
            }
        }

        private static string InTemp()
        {
            return Path.Combine(Path.GetTempPath(), "mpsaigc-" + Environment.UserName, "rate-limits");
        }
    }
}
