using System;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Credentials;
using MpsAigc.Http;
using MpsAigc.Jobs;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The connection parameters every MpsAigc cmdlet shares, and the setup they need once per
    /// invocation: endpoint check, credential chain, a client with the process-wide rate limiter.
    /// </summary>
    public abstract class MpsCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private CredentialSource? _credential;
        private MpsException? _credentialError;
        private Uri? _endpoint;
        private SessionDefaults? _defaults;
        private Connection? _connection;
        private bool _rateFromDefaults;
        private RateLimitScope _rateLimitScope;

        /// <summary>The API endpoint; plain http is accepted only for this machine (an emulator).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; } = MpsEndpoint.Default;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>User name = SecretId, password = SecretKey.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>The token of temporary credentials given with -Credential.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>A section of ~/.tencentcloud/credentials; it must exist.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>A CAM role to assume (STS AssumeRole) with whichever keys the chain finds; renewed before it expires.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleArn { get; set; }

        /// <summary>The session name of -RoleArn's temporary keys (2 to 128 of letters, digits and +=,.@_-).</summary>
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
        public int MaxRequestsPerSecond { get; set; } = 50;

        /// <summary>
        /// How long to wait for an answer to one request (for a download: for the next bytes) before it
        /// counts as failed and is retried.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = 30;

        /// <summary>Cancelled by Ctrl+C; every request and wait of the invocation observes it.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Whether -Debug or $DebugPreference asks for debug lines.</summary>
        protected bool DebugWanted => Wanted("Debug", "DebugPreference");

        /// <summary>Whether -Verbose or $VerbosePreference asks for verbose lines.</summary>
        protected bool VerboseWanted => Wanted("Verbose", "VerbosePreference");

        /// <summary>A log for the core that keeps only the lines this invocation will show.</summary>
        internal QueuedLog CreateLog()
        {
            return new QueuedLog(VerboseWanted, DebugWanted);
        }

        protected override void BeginProcessing()
        {
            ApplySessionDefaults();
            try
            {
                _endpoint = MpsEndpoint.Validate(Endpoint);
                _rateLimitScope = _defaults?.RateLimitScope ?? RateLimitScopes.FromEnvironment(Environment.GetEnvironmentVariable);
                if (SessionToken != null && Credential == null)
                {
                    throw new CredentialException(ErrorIds.SessionTokenWithoutCredential, "-SessionToken belongs to the temporary SecretId and SecretKey given with -Credential; give -Credential too.");
                }
                TencentCredential? explicitCredential = Credential == null
                    ? null
                    : new TencentCredential(Credential.UserName, Credential.GetNetworkCredential().Password, SessionToken, "the -Credential parameter");
                _credential = ResolveCredential(explicitCredential);
                if (_credential != null && _credential.Renews && CredentialsRequired)
                {
                    // Fetched now (once for the process) so that a wrong role or an unreachable STS is one
                    // setup error, not the same error for every item.
                    QueuedLog log = CreateLog();
                    Blocking.Wait(_credential.GetAsync(log, StopToken), StopToken);
                    log.FlushTo(new CmdletRecordSink(this));
                }
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
            }
            WriteDebug(_credential == null
                ? "Credentials: none (" + _credentialError?.ErrorId + "); links are downloaded as they are, and one that has expired cannot be renewed."
                : _credential.Renews
                    ? "Credentials: " + _credential.Name + ": temporary keys, renewed before they expire" + (_credential.Current == null ? string.Empty : "; now " + _credential.Current) + "."
                    : "Credentials: " + _credential.Current + " [" + _credential.Name + "].");
            int? rate = GivenRate;
            WriteDebug("Endpoint: " + _endpoint + (Region == null ? string.Empty : ", region " + Region)
                + ", client-side limit " + (rate == 0 ? "off" : (rate == null ? "the API's documented rate" : rate + " requests/s")
                + (_rateLimitScope == RateLimitScope.Machine ? ", shared with this machine's other processes" : ", this process's own")) + ".");
        }

        /// <summary>
        /// This invocation's connection: all that background work may use. Made at its first use, on the
        /// pipeline thread, once the cmdlet's own setup (Prepare) has settled its parameters.
        /// </summary>
        internal Connection Connection => _connection ?? (_connection = new Connection(
            Endpoint, Bound(nameof(Endpoint)), Region, _credential, _credentialError, GivenRate, _rateLimitScope, TimeSpan.FromSeconds(RequestTimeoutSec), RetryPolicy.Default));

        /// <summary>
        /// False for a command whose API has its own documented rate that a session's default (meant for
        /// queries) must not change: only the command's own -MaxRequestsPerSecond does.
        /// </summary>
        protected virtual bool TakesDefaultRate => true;

        /// <summary>The rate the user gave (parameter or session default); null for each API's documented limit.</summary>
        private int? GivenRate => Bound(nameof(MaxRequestsPerSecond)) || _rateFromDefaults ? MaxRequestsPerSecond : (int?)null;

        /// <summary>
        /// False for a command that can do its work without calling the API (Save-MpsAigcVideo with links):
        /// then missing credentials are an error only when a call is needed.
        /// </summary>
        protected virtual bool CredentialsRequired => true;

        private CredentialSource? ResolveCredential(TencentCredential? explicitCredential)
        {
            var request = new CredentialRequest
            {
                Explicit = explicitCredential,
                ProfileName = ProfileName,
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                RoleDurationSeconds = _defaults?.RoleDurationSeconds,
                StsEndpoint = _defaults?.StsEndpoint,
                Region = Region,
            };
            try
            {
                return Blocking.Wait(new CredentialResolver().ResolveAsync(request, StopToken), StopToken);
            }
            catch (CredentialException e) when (!CredentialsRequired && explicitCredential == null && ProfileName == null && RoleArn == null)
            {
                _credentialError = e;
                return null;
            }
        }

        /// <summary>
        /// Set-MpsAigcDefault's values fill what neither the command nor $PSDefaultParameterValues gave. Runs on
        /// the pipeline thread, before any -AsJob job starts: the job works from these parameters, so a later
        /// Set-MpsAigcDefault does not change it.
        /// </summary>
        private void ApplySessionDefaults()
        {
            SessionDefaults defaults = SessionDefaults.OfThisRunspace();
            _defaults = defaults;
            if (!Bound(nameof(Endpoint)) && defaults.Endpoint != null)
            {
                Endpoint = defaults.Endpoint;
            }
            if (!Bound(nameof(Region)) && defaults.Region != null)
            {
                Region = defaults.Region;
            }
            if (!Bound(nameof(MaxRequestsPerSecond)) && defaults.MaxRequestsPerSecond != null && TakesDefaultRate)
            {
                MaxRequestsPerSecond = defaults.MaxRequestsPerSecond.Value;
                _rateFromDefaults = true;
            }
            if (!Bound(nameof(RoleArn)) && defaults.RoleArn != null)
            {
                RoleArn = defaults.RoleArn;
                if (!Bound(nameof(RoleSessionName)))
                {
                    RoleSessionName = defaults.RoleSessionName;
                }
            }
            if (!Bound(nameof(Credential)) && !Bound(nameof(ProfileName)))
            {
                if (defaults.Credential != null)
                {
                    Credential = defaults.Credential;
                    SessionToken = defaults.SessionToken;
                }
                else if (defaults.ProfileName != null)
                {
                    ProfileName = defaults.ProfileName;
                }
            }
        }

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

        private bool Wanted(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out object? value))
            {
                return ((SwitchParameter)value).IsPresent;
            }
            object preference = SessionState.PSVariable.GetValue(preferenceVariable);
            return preference is ActionPreference action && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }

        /// <summary>Adds a job to the session's jobs and starts it; writes it out now, or returns it to be written later.</summary>
        internal MpsAigcJob StartJob(string command, Action<IRecordSink, CancellationToken> work, bool writeNow = true)
        {
            var job = new MpsAigcJob(command, null, work);
            SessionJobs.Add(this, job);
            job.StartJob();
            if (writeNow)
            {
                WriteObject(job);
            }
            return job;
        }
    }
}
