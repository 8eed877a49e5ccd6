using System;
using System.Collections.Generic;
using System.IO;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// The credential chain, first hit wins: an explicit credential; an explicit profile name (which must
    /// exist: a missing named profile never falls back to another account); the TENCENTCLOUD_* environment;
    /// the [default] profile of the credentials file.
    /// </summary>
    public sealed class CredentialResolver
    {
        public const string SecretIdVariable = "TENCENTCLOUD_SECRET_ID";
        public const string SecretKeyVariable = "TENCENTCLOUD_SECRET_KEY";
        public const string SessionTokenVariable = "TENCENTCLOUD_SESSION_TOKEN";
        public const string CredentialsFileVariable = "TENCENTCLOUD_CREDENTIALS_FILE";
        public const string DefaultProfile = "default";

        private readonly Func<string, string> _getEnvironment;
        private readonly string _homeDirectory;

        public CredentialResolver()
            : this(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
        {
        }

        public CredentialResolver(Func<string, string> getEnvironment, string homeDirectory)
        {
            _getEnvironment = getEnvironment;
            _homeDirectory = homeDirectory;
        }

        /// <summary>The file the SDKs read; TENCENTCLOUD_CREDENTIALS_FILE moves it, as in the Go SDK.</summary>
        public string CredentialsFilePath
        {
            get
            {
                string moved = _getEnvironment(CredentialsFileVariable);
                if (!string.IsNullOrEmpty(moved))
                {
                    return moved;
                }
                return Path.Combine(_homeDirectory ?? string.Empty, ".tencentcloud", "credentials");
            }
        }

        public TencentCredential Resolve(TencentCredential explicitCredential, string profileName)
        {
            if (explicitCredential != null)
            {
                return explicitCredential;
            }
            if (!string.IsNullOrEmpty(profileName))
            {
                return FromProfile(profileName, required: true);
            }
            TencentCredential fromEnvironment = FromEnvironment();
            if (fromEnvironment != null)
            {
                return fromEnvironment;
            }
            TencentCredential fromFile = FromProfile(DefaultProfile, required: false);
            if (fromFile != null)
            {
                return fromFile;
            }
            throw new CredentialException(
                "NoCredentials",
                "No Tencent Cloud credentials were found. Supply them in one of three ways: "
                + "1) -Credential (user name = SecretId, password = SecretKey; -SessionToken for temporary keys); "
                + "2) the environment variables " + SecretIdVariable + " and " + SecretKeyVariable
                + " (and " + SessionTokenVariable + "); "
                + "3) the profile file " + CredentialsFilePath + " with secret_id and secret_key under [default], or -ProfileName for another section.");
        }

        private TencentCredential FromEnvironment()
        {
            string id = _getEnvironment(SecretIdVariable);
            string key = _getEnvironment(SecretKeyVariable);
            if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(key))
            {
                return null;
            }
            string source = "the environment (" + SecretIdVariable + ")";
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(key))
            {
                throw new CredentialException(
                    "IncompleteCredentials",
                    "Only one of " + SecretIdVariable + " and " + SecretKeyVariable + " is set; set both, or clear both to use another source.");
            }
            return new TencentCredential(id, key, _getEnvironment(SessionTokenVariable), source);
        }

        private TencentCredential FromProfile(string profileName, bool required)
        {
            string path = CredentialsFilePath;
            if (!File.Exists(path))
            {
                if (!required)
                {
                    return null;
                }
                throw new CredentialException(
                    "ProfileNotFound",
                    "The profile '" + profileName + "' was asked for, but the credentials file '" + path + "' does not exist.");
            }
            IDictionary<string, IDictionary<string, string>> sections = ProfileFile.Parse(File.ReadAllText(path), path);
            if (!sections.TryGetValue(profileName, out IDictionary<string, string> section))
            {
                if (!required)
                {
                    return null;
                }
                throw new CredentialException(
                    "ProfileNotFound",
                    "The profile '" + profileName + "' is not in the credentials file '" + path + "'. Profiles there: "
                    + (sections.Count == 0 ? "none" : string.Join(", ", sections.Keys)) + ".");
            }
            section.TryGetValue("secret_id", out string id);
            section.TryGetValue("secret_key", out string key);
            section.TryGetValue("token", out string token);
            string source = "the profile [" + profileName + "] of " + path;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(key))
            {
                throw new CredentialException(
                    "IncompleteCredentials",
                    "The profile [" + profileName + "] of '" + path + "' needs both secret_id and secret_key.");
            }
            return new TencentCredential(id, key, token, source);
        }
    }
}
