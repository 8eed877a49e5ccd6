using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Api;
using MpsAigc.Configuration;
using MpsAigc.Pipeline;
using MpsAigc.RateLimiting;

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
            // An endpoint given here is checked now, with itself as the error's target.
            Checked(Endpoint);
            Checked(StsEndpoint);
            ConnectionSettings next;
            try
            {
                // A journal is resolved now, as any PowerShell path: a later Set-Location does not move it.
                IEnumerable<KeyValuePair<string, object?>> changes = SettingParameters.Given(MyInvocation.BoundParameters)
                    .Select(change => change.Key == nameof(JournalPath) && !string.IsNullOrEmpty(JournalPath) ? new KeyValuePair<string, object?>(change.Key, Resolved(JournalPath!)) : change);
                next = (Clear ? ConnectionSettings.None : RunspaceDefaults.OfThisRunspace()).Changed(changes);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
                return;
            }
            if (ShouldProcess("the MpsAigc defaults of this runspace", Clear ? "Clear and set" : "Set"))
            {
                RunspaceDefaults.Publish(next);
                if (PassThru)
                {
                    WriteObject(new SessionDefaults(next));
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
        private void Checked(Uri? endpoint)
        {
            try
            {
                if (endpoint != null)
                {
                    MpsEndpoint.Validate(endpoint);
                }
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, endpoint));
            }
        }
    }
}
