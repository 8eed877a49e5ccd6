using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Credentials;
using MpsAigc.Pipeline;
using MpsAigc.RateLimiting;

namespace MpsAigc.Commands
{
    /// <summary>
    /// Shows the defaults Set-MpsAigcDefault gave this runspace, and the credential source the chain picks
    /// with them now, with the expiry of its current keys.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MpsAigcDefault")]
    [OutputType(typeof(SessionDefaults))]
    public sealed class GetMpsAigcDefaultCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        protected override void EndProcessing()
        {
            ConnectionSettings defaults = RunspaceDefaults.OfThisRunspace();
            RateLimitScope? scope = defaults.RateLimitScope;
            try
            {
                scope = scope ?? RateLimitScopes.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (MpsException e)
            {
                // Shown, not hidden: every command would stop with this error.
                WriteError(ErrorRecords.From(e, Environment.GetEnvironmentVariable(RateLimitScopes.Variable)));
            }
            // Every line is kept: this cmdlet's own WriteVerbose and WriteDebug heed -Verbose and -Debug.
            var log = new QueuedLog(keepVerbose: true, keepDebug: true);
            CredentialState credentials = Blocking.Wait(Connection.CredentialStateAsync(defaults, new CredentialResolver(), log, _stopping.Token), _stopping.Token);
            log.Drain(WriteVerbose, WriteDebug, WriteWarning);
            WriteObject(new SessionDefaults(defaults, scope, credentials.Source, credentials.Expiration));
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }
    }
}
