using System;
using System.Collections.Generic;
using System.Globalization;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// Reads the INI file Tencent's SDKs share (~/.tencentcloud/credentials): [section] headers, key = value
    /// lines, ; or # comments. Only what those SDKs accept; anything else is an error that names the line.
    /// </summary>
    public static class ProfileFile
    {
        public static IDictionary<string, IDictionary<string, string>> Parse(string text, string path)
        {
            var sections = new Dictionary<string, IDictionary<string, string>>(StringComparer.Ordinal);
            IDictionary<string, string>? current = null;
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == ';' || line[0] == '#')
                {
                    continue;
                }
                if (line[0] == '[')
                {
                    if (line[line.Length - 1] != ']' || line.Length < 3)
                    {
                        throw Malformed(path, i, "a section header must look like [name]");
                    }
                    string name = line.Substring(1, line.Length - 2).Trim();
                    if (!sections.TryGetValue(name, out IDictionary<string, string>? found))
                    {
                        found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        sections.Add(name, found);
                    }
                    current = found;
                    continue;
                }
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    throw Malformed(path, i, "expected key = value");
                }
                if (current == null)
                {
                    throw Malformed(path, i, "a key appears before any [section]");
                }
                current[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }
            return sections;
        }

        private static CredentialException Malformed(string path, int index, string what)
        {
            // The line's content is left out on purpose: it may hold a key.
            return new CredentialException(
                ErrorIds.InvalidCredentialsFile,
                string.Format(CultureInfo.InvariantCulture, "The credentials file '{0}' cannot be read: line {1}: {2}.", path, index + 1, what));
        }
    }
}
