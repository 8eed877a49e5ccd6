using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Signing
{
    /// <summary>Keys given once: from a parameter, the environment or a profile file.</summary>
    internal sealed class FixedCredentialSource : CredentialSource
    {
        private readonly TencentCredential _credential;
        private readonly Task<TencentCredential> _ready;

        public FixedCredentialSource(TencentCredential credential, string name)
        {
            _credential = credential;
            _ready = Task.FromResult(credential);
            Name = name;
            // The key's hash, not the key: two profiles with one SecretId but different keys stay apart.
            CacheKey = "fixed|" + credential.SecretId + "|" + Tc3Signer.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(credential.SecretKey + "\n" + credential.SessionToken));
        }

        public override string Name { get; }

        public override string AccountKey => _credential.SecretId;

        public override TencentCredential Current => _credential;

        internal override string CacheKey { get; }

        public override Task<TencentCredential> GetAsync(IMpsLog log, CancellationToken cancellationToken)
        {
            return _ready;
        }
    }
}
