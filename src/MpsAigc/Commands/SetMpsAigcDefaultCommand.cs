using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Credentials;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Sets the endpoint, region, credential or profile every MpsAigc command uses in this runspace.</summary>
    [Cmdlet(VerbsCommon.Set, "MpsAigcDefault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SessionDefaults))]
    public sealed class SetMpsAigcDefaultCommand : PSCmdlet
    {
        [Parameter]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public string? SessionToken { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [ValidateRange(0, 100000)]
        public int? MaxRequestsPerSecond { get; set; }

        [Parameter]
        public RateLimitScope? RateLimitScope { get; set; }

        [Parameter]
        public string? RoleArn { get; set; }

        [Parameter]
        [ValidatePattern(@"^([\w+=,.@-]{2,128})?$")]
        public string? RoleSessionName { get; set; }

        [Parameter]
        [ValidateRange(1, 43200)]
        public int? RoleDurationSeconds { get; set; }

        [Parameter]
        public Uri? StsEndpoint { get; set; }

        /// <summary>Resolved now, as any PowerShell path: a later Set-Location does not move the journal.</summary>
        [Parameter]
        public string? JournalPath { get; set; }

        [Parameter]
        public SwitchParameter Clear { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var values = new ConnectionParameters
            {
                Endpoint = Checked(Endpoint),
                StsEndpoint = Checked(StsEndpoint),
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                RoleDurationSeconds = RoleDurationSeconds,
                Region = Region,
                Credential = Credential?.GetNetworkCredential(),
                SessionToken = SessionToken,
                ProfileName = ProfileName,
                MaxRequestsPerSecond = MaxRequestsPerSecond,
                RateLimitScope = RateLimitScope,
                JournalPath = string.IsNullOrEmpty(JournalPath) ? null : Resolved(JournalPath!),
            };
            ConnectionDefaults next;
            try
            {
                next = (Clear ? SessionDefaults.None : SessionDefaults.OfThisRunspace()).With(values, MyInvocation.BoundParameters.ContainsKey);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
                return;
            }
            if (ShouldProcess("the MpsAigc defaults of this runspace", Clear ? "Clear and set" : "Set"))
            {
                SessionDefaults.Publish(next);
                if (PassThru)
                {
                    WriteObject(next);
                }
            }
        }

        /// <summary>A journal given here is resolved now, with itself as the error's target.</summary>
        private string Resolved(string path)
        {
            try
            {
                return JournalPaths.Resolve(this, path);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, path));
                throw;
            }
        }

        /// <summary>An endpoint given here is checked now, with itself as the error's target.</summary>
        private Uri? Checked(Uri? endpoint)
        {
            try
            {
                return endpoint == null ? null : MpsEndpoint.Validate(endpoint);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, endpoint));
                throw;
            }
        }
    }

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
            ConnectionDefaults defaults = SessionDefaults.OfThisRunspace();
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
            ConnectionDefaults shown = Blocking.Wait(defaults.ShownNowAsync(scope, new CredentialResolver(), log, _stopping.Token), _stopping.Token);
            log.Drain(WriteVerbose, WriteDebug, WriteWarning);
            WriteObject(shown);
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }
    }
}
