using System;
using System.Threading;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// A test hook (POST /_emulator/credential-outage?seconds=N): for N seconds the STS answers InternalError and
    /// the metadata service 503, so a client's failure to renew its keys can be tested end to end.
    /// </summary>
    internal sealed class CredentialOutage
    {
        private readonly EmulatorOptions _options;
        private long _endsAtTicks;

        public CredentialOutage(EmulatorOptions options)
        {
            _options = options;
        }

        /// <summary>Starts an outage of that length from now, replacing any under way; zero ends it.</summary>
        public void Begin(TimeSpan duration)
        {
            Interlocked.Exchange(ref _endsAtTicks, (_options.Now + duration).UtcTicks);
        }

        public void End()
        {
            Interlocked.Exchange(ref _endsAtTicks, 0);
        }

        public bool IsUnderWay => _options.Now.UtcTicks < Interlocked.Read(ref _endsAtTicks);
    }
}
