using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// The profile files, in the order Tencent's SDKs and CLI read them: the user's INI file
    /// (~/.tencentcloud/credentials, or TENCENTCLOUD_CREDENTIALS_FILE), the machine's
    /// (/etc/tencentcloud/credentials), then tccli's JSON file (~/.tccli/NAME.credential).
    /// </summary>
    internal sealed class ProfileFiles
    {
        public static readonly string? SystemFile = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? null : "/etc/tencentcloud/credentials";

        private readonly string? _systemFile;
        private readonly string _tccliDirectory;

        public ProfileFiles(string userFile, string? systemFile, string tccliDirectory)
        {
            UserFile = userFile;
            _systemFile = systemFile;
            _tccliDirectory = tccliDirectory;
        }

        public string UserFile { get; }

        /// <returns>The profile, or null when it is nowhere and not <paramref name="required"/>.</returns>
        public ProfileEntry? Find(string profile, bool required)
        {
            var seen = new List<string>();
            foreach (string? file in new[] { UserFile, _systemFile })
            {
                if (Strings.IsNullOrEmpty(file) || !File.Exists(file))
                {
                    continue;
                }
                string? text = Read(file, skipUnreadable: file == _systemFile, f => File.ReadAllText(f));
                if (text == null)
                {
                    continue;
                }
                IDictionary<string, IDictionary<string, string>> sections = ProfileFile.Parse(text, file);
                if (sections.TryGetValue(profile, out IDictionary<string, string>? section))
                {
                    return FromSection(profile, section, file);
                }
                seen.Add("'" + file + "' (profiles there: " + (sections.Count == 0 ? "none" : string.Join(", ", sections.Keys)) + ")");
            }
            string tccli = Path.Combine(_tccliDirectory, profile + ".credential");
            if (profile.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && File.Exists(tccli))
            {
                return FromTccli(profile, tccli);
            }
            if (!required)
            {
                return null;
            }
            throw new CredentialException(
                ErrorIds.ProfileNotFound,
                "The profile '" + profile + "' was asked for, but it is not in "
                + (seen.Count == 0 ? "the credentials file '" + UserFile + "' (it does not exist)" : string.Join(" or ", seen))
                + ", and there is no tccli profile '" + tccli + "'.");
        }

        /// <summary>
        /// A file that exists but cannot be read (a root-only /etc/tencentcloud/credentials, say): the machine's
        /// file is passed over, as if absent, so the chain goes on to the instance role; the user's own file,
        /// or tccli's, is an error that says which file and why.
        /// </summary>
        /// <returns>What was read, or null for a machine file that could not be.</returns>
        private static T? Read<T>(string file, bool skipUnreadable, Func<string, T> read)
            where T : class
        {
            try
            {
                return read(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                if (skipUnreadable)
                {
                    return null;
                }
                throw new CredentialException(ErrorIds.InvalidCredentialsFile, "The credentials file '" + file + "' cannot be read: " + e.Message);
            }
        }

        private static ProfileEntry FromSection(string profile, IDictionary<string, string> section, string file)
        {
            section.TryGetValue("secret_id", out string? id);
            section.TryGetValue("secret_key", out string? key);
            section.TryGetValue("token", out string? token);
            section.TryGetValue("role_arn", out string? roleArn);
            section.TryGetValue("role_session_name", out string? sessionName);
            if (Strings.IsNullOrEmpty(id) || Strings.IsNullOrEmpty(key))
            {
                throw new CredentialException(
                    ErrorIds.IncompleteCredentials,
                    "The profile [" + profile + "] of '" + file + "' needs both secret_id and secret_key.");
            }
            return new ProfileEntry(
                "Profile '" + profile + "'",
                new TencentCredential(id, key, token, "the profile [" + profile + "] of " + file),
                roleArn,
                sessionName);
        }

        /// <summary>
        /// {"secretId","secretKey","token"}, with "role-arn" and "role-session-name" when tccli was set to
        /// assume a role, or "type":"cvm-role" when it was set to use the instance's role.
        /// </summary>
        private static ProfileEntry FromTccli(string profile, string file)
        {
            JsonElement root;
            try
            {
                using (JsonDocument document = JsonDocument.Parse(Read(file, skipUnreadable: false, f => File.ReadAllBytes(f))))
                {
                    root = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // The content is left out on purpose: it may hold a key.
                throw new CredentialException(ErrorIds.InvalidCredentialsFile, "The tccli credentials file '" + file + "' is not JSON.");
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialException(ErrorIds.InvalidCredentialsFile, "The tccli credentials file '" + file + "' is not a JSON object.");
            }
            string name = "Profile '" + profile + "' (tccli)";
            if (StsClient.StringOf(root, "type") == "cvm-role")
            {
                return new ProfileEntry(name, keys: null);
            }
            string? id = StsClient.StringOf(root, "secretId");
            string? key = StsClient.StringOf(root, "secretKey");
            if (Strings.IsNullOrEmpty(id) || Strings.IsNullOrEmpty(key))
            {
                throw new CredentialException(ErrorIds.IncompleteCredentials, "The tccli profile '" + file + "' needs both secretId and secretKey.");
            }
            return new ProfileEntry(
                name,
                new TencentCredential(id, key, StsClient.StringOf(root, "token"), "the tccli profile " + file),
                StsClient.StringOf(root, "role-arn"),
                StsClient.StringOf(root, "role-session-name"));
        }
    }
}
