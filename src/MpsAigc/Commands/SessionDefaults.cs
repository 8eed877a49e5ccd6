using System;
using System.Management.Automation;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection settings Set-MpsAigcDefault gives for the rest of the session (this process): each
    /// applies where a command's own parameter, or $PSDefaultParameterValues, gives none. Kept in memory
    /// only; the credential is never shown.
    /// </summary>
    public sealed class SessionDefaults
    {
        internal static SessionDefaults Current { get; set; } = new SessionDefaults();

        public Uri Endpoint { get; internal set; }

        public string Region { get; internal set; }

        public string ProfileName { get; internal set; }

        public int? MaxRequestsPerSecond { get; internal set; }

        /// <summary>The SecretId of the default credential; the key stays inside.</summary>
        public string SecretId => Credential?.UserName;

        public bool HasSessionToken => SessionToken != null;

        internal PSCredential Credential { get; set; }

        internal string SessionToken { get; set; }

        internal SessionDefaults Copy()
        {
            return (SessionDefaults)MemberwiseClone();
        }
    }
}
