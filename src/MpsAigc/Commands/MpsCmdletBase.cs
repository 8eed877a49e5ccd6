using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Credentials;
using MpsAigc.Pipeline;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection parameters every MpsAigc cmdlet shares, and the setup they need once per
    /// invocation: endpoint check, credential chain, a client with the process-wide rate limiter.
    /// </summary>
    public abstract class MpsCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private Connection? _connection;

        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleArn { get; set; }

        [Parameter]
        [ValidatePattern(@"^[\w+=,.@-]{2,128}$")]
        public string? RoleSessionName { get; set; }

        /// <summary>
        /// The account's request rate for each API this command calls; when not given, each API's documented
        /// limit (DescribeAigcVideoTask 50/s, CreateAigcVideoTask 10/s, the image actions 20/s each). 0 turns
        /// the client-side limiter off.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 100000)]
        public int MaxRequestsPerSecond { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; }

        /// <summary>Cancelled by Ctrl+C; every request and wait of the invocation observes it.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>A log for the core that keeps only the lines this invocation will show.</summary>
        internal QueuedLog CreateLog()
        {
            return new QueuedLog(Wanted("Verbose", "VerbosePreference"), Wanted("Debug", "DebugPreference"));
        }

        protected override void BeginProcessing()
        {
            try
            {
                // Set-MpsAigcDefault's values fill what neither the command nor $PSDefaultParameterValues gave,
                // here on the pipeline thread: a job works from this snapshot, so a later Set does not change it.
                ConnectionSettings settings = SettingParameters.Of(MyInvocation.BoundParameters)
                    .Over(RunspaceDefaults.OfThisRunspace(), TakesDefaultRate, Environment.GetEnvironmentVariable);
                QueuedLog log = CreateLog();
                _connection = Blocking.Wait(
                    Connection.OpenAsync(settings, Bound(nameof(Endpoint)), CredentialsRequired, new CredentialResolver(), log, StopToken),
                    StopToken);
                log.Drain(WriteVerbose, WriteDebug, WriteWarning);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
            }
            foreach (string line in Connection.Describe())
            {
                WriteDebug(line);
            }
        }

        /// <summary>This invocation's connection, made in BeginProcessing: all that background work may use.</summary>
        internal Connection Connection => _connection ?? throw new InvalidOperationException("BeginProcessing makes the connection.");

        /// <summary>
        /// False for a command whose API has its own documented rate that a session's default (meant for
        /// queries) must not change: only the command's own -MaxRequestsPerSecond does.
        /// </summary>
        protected virtual bool TakesDefaultRate => true;

        /// <summary>False for a command that can do its work without calling the API (see Connection.OpenAsync).</summary>
        protected virtual bool CredentialsRequired => true;

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        /// <summary>Cancels this invocation's work: Ctrl+C, or a pipeline that ended before this command did.</summary>
        protected void CancelWork()
        {
            _stopping.Cancel();
        }

        /// <summary>Whether the switch (-Verbose, -Debug) or, when not given, its preference variable asks for the lines.</summary>
        private bool Wanted(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out object? value))
            {
                return ((SwitchParameter)value).IsPresent;
            }
            object preference = SessionState.PSVariable.GetValue(preferenceVariable);
            return preference is ActionPreference action && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }
    }
}
