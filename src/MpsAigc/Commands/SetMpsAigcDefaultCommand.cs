using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Credentials;
using MpsAigc.Http;
using MpsAigc.Pipeline;

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

        /// <summary>
        /// Machine: processes of this user on this machine share each budget of requests. Process: this
        /// process keeps its own (clients that cannot share, such as separate machines).
        /// </summary>
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

        /// <summary>Forgets every default first; the parameters given with it are then set.</summary>
        [Parameter]
        public SwitchParameter Clear { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            SessionDefaults next = Clear ? new SessionDefaults() : SessionDefaults.OfThisRunspace().Copy();
            try
            {
                if (Bound(nameof(Endpoint)))
                {
                    next.Endpoint = Endpoint == null ? null : MpsEndpoint.Validate(Endpoint);
                }
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, Endpoint));
            }
            try
            {
                if (Bound(nameof(StsEndpoint)))
                {
                    next.StsEndpoint = StsEndpoint == null ? null : MpsEndpoint.Validate(StsEndpoint);
                }
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, StsEndpoint));
            }
            if (Bound(nameof(RoleArn)))
            {
                next.RoleArn = string.IsNullOrEmpty(RoleArn) ? null : RoleArn;
            }
            if (Bound(nameof(RoleSessionName)))
            {
                next.RoleSessionName = string.IsNullOrEmpty(RoleSessionName) ? null : RoleSessionName;
            }
            if (Bound(nameof(RoleDurationSeconds)))
            {
                next.RoleDurationSeconds = RoleDurationSeconds;
            }
            if (Bound(nameof(Region)))
            {
                next.Region = string.IsNullOrEmpty(Region) ? null : Region;
            }
            if (Bound(nameof(Credential)))
            {
                next.Credential = Credential;
                next.SessionToken = string.IsNullOrEmpty(SessionToken) ? null : SessionToken;
            }
            else if (Bound(nameof(SessionToken)))
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new MpsException(ErrorIds.SessionTokenWithoutCredential, MpsErrorKind.InvalidArgument, "-SessionToken belongs to the temporary keys given with -Credential; give -Credential too."),
                    null));
            }
            if (Bound(nameof(ProfileName)))
            {
                next.ProfileName = string.IsNullOrEmpty(ProfileName) ? null : ProfileName;
            }
            if (Bound(nameof(MaxRequestsPerSecond)))
            {
                next.MaxRequestsPerSecond = MaxRequestsPerSecond;
            }
            if (Bound(nameof(RateLimitScope)))
            {
                next.RateLimitScope = RateLimitScope;
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

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
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
            SessionDefaults shown = SessionDefaults.OfThisRunspace().Copy();
            try
            {
                shown.RateLimitScope = shown.RateLimitScope ?? RateLimitScopes.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (MpsException e)
            {
                // Shown, not hidden: every command would stop with this error.
                WriteError(ErrorRecords.From(e, Environment.GetEnvironmentVariable(RateLimitScopes.Variable)));
            }
            try
            {
                CredentialSource source = Blocking.Wait(new CredentialResolver().ResolveAsync(shown.CredentialRequest(), _stopping.Token), _stopping.Token);
                // Temporary keys are fetched (or renewed) here, once for the process, so their expiry can be shown.
                TencentCredential current = Blocking.Wait(source.GetAsync(NullLog.Instance, _stopping.Token), _stopping.Token);
                shown.CredentialSource = source.Name;
                shown.CredentialExpiration = current.Expiration;
                WriteDebug("Credentials: " + current + " [" + source.Name + "].");
            }
            catch (MpsException e)
            {
                shown.CredentialSource = "None (" + e.ErrorId + ")";
                WriteVerbose("No usable credentials: " + e.Message);
            }
            WriteObject(shown);
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }
    }
}
