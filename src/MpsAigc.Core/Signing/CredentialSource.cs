using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Signing
{
    /// <summary>
    /// Where an invocation's keys come from. A client asks for the current keys before every request, so a
    /// source of temporary keys can renew them underneath a long wait without the caller noticing.
    /// </summary>
    public abstract class CredentialSource
    {
        /// <summary>What a person sees: Environment, Profile 'x', AssumeRole arn, TkeOidc arn, CvmRole name.</summary>
        public abstract string Name { get; }

        /// <summary>
        /// Stays the same across renewals (temporary SecretIds change), so that a rate limiter keyed by it
        /// keeps one budget for the account.
        /// </summary>
        public abstract string AccountKey { get; }

        /// <summary>True when the keys are temporary and this source can fetch new ones.</summary>
        public virtual bool Renews => false;

        /// <summary>The keys in use now, or null before the first fetch.</summary>
        public abstract TencentCredential? Current { get; }

        /// <summary>Identifies the source in the process-wide cache; never shown, may derive from secrets.</summary>
        internal abstract string CacheKey { get; }

        /// <summary>Keys valid now: the current ones, or new ones when they have run out.</summary>
        public abstract Task<TencentCredential> GetAsync(IMpsLog log, CancellationToken cancellationToken);

        /// <summary>The service refused <paramref name="rejected"/>'s token: the next GetAsync fetches new keys.</summary>
        public virtual void Reject(TencentCredential? rejected)
        {
        }

        public override string ToString()
        {
            return Name;
        }

        /// <summary>Keys that are given once and never renewed (parameters, environment, profile files).</summary>
        public static CredentialSource Fixed(TencentCredential credential, string name)
        {
            return new FixedCredentialSource(credential, name);
        }
    }
}
