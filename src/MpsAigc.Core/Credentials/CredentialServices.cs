using System.Net.Http;
using MpsAigc.Common;

namespace MpsAigc.Credentials
{
    /// <summary>
    /// What the chain needs from outside: a clock, the HTTP handlers of STS and the metadata service, and
    /// the cache that makes one renewing source serve the whole process. Tests give their own.
    /// </summary>
    public sealed class CredentialServices
    {
        public static readonly CredentialServices Default = new CredentialServices();

        public IClock Clock { get; set; } = SystemClock.Instance;

        public HttpMessageHandler? StsHandler { get; set; }

        public HttpMessageHandler? MetadataHandler { get; set; }

        public CredentialSourceCache Cache { get; set; } = new CredentialSourceCache();
    }
}
