using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Engine;
using MpsAigc.Journal;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// What creating a task of either kind shares: each pipeline input is one billed task, its body shown
    /// to -WhatIf exactly as it would be sent, sent once, a few at a time, output in input order.
    /// </summary>
    public abstract class NewTaskCommand : MpsBatchCmdlet<CreateInput, AigcTask>
    {
        /// <summary>Creates run a few at a time: each is one billed task, and order of output follows input.</summary>
        private const int CreatesInFlight = 4;

        /// <summary>By value (text), or by property name (a CSV column Prompt); see PromptTransformationAttribute.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [PromptTransformation]
        public string? Prompt { get; set; }

        /// <summary>Completed from the kind's list of models; a name not on it is sent as given.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? ModelName { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? ModelVersion { get; set; }

        [Parameter]
        public string? SceneType { get; set; }

        [Parameter]
        public string? NegativePrompt { get; set; }

        [Parameter]
        public SwitchParameter EnhancePrompt { get; set; }

        [Parameter]
        public Hashtable[]? ImageInfo { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? Resolution { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(TaskParameterCompleter))]
        public string? AspectRatio { get; set; }

        [Parameter]
        public string? StoreCosBucketName { get; set; }

        [Parameter]
        public string? StoreCosBucketRegion { get; set; }

        [Parameter]
        public string? StoreCosBucketPath { get; set; }

        [Parameter]
        public Hashtable? AdditionalParameters { get; set; }

        /// <summary>The journal of creates; the session's default when not given, none when empty.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? JournalPath { get; set; }

        /// <summary>Names the input in the journal (a CSV column too); without one, its request and occurrence do.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValidateLength(0, 1000)]
        public string? IdempotencyKey { get; set; }

        /// <summary>Sends again the creates the journal has no answer for (they may then exist twice).</summary>
        [Parameter]
        public SwitchParameter RetryUnknown { get; set; }

        private JournalUse? _journal;

        /// <summary>The kind's request with the parameters of its own; <see cref="Inputs"/> adds those both kinds share.</summary>
        protected abstract CreateTaskRequest Request();

        /// <summary>Opens the journal (a read of it for -WhatIf): a journal that cannot be used stops the command.</summary>
        protected override void Prepare()
        {
            string? warning = Kind.UnknownModelWarning(ModelName);
            if (warning != null)
            {
                WriteWarning(warning);
            }
            // The command's own -JournalPath, even an empty one (no journal), or else the session's.
            string? path = MyInvocation.BoundParameters.ContainsKey(nameof(JournalPath)) ? JournalPath : Connection.Settings.JournalPath;
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    if (RetryUnknown)
                    {
                        throw NoJournal("-RetryUnknown sends again what a journal says was sent without an answer");
                    }
                    return;
                }
                QueuedLog log = CreateLog();
                string fullPath = JournalPaths.Resolve(this, path!);
                _journal = WhatIf ? JournalUse.ReadOnly(fullPath, log) : OpenJournals.Open(fullPath, log);
                log.Drain(WriteVerbose, WriteDebug, WriteWarning);
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, path));
            }
        }

        protected override IEnumerable<CreateInput> Inputs()
        {
            CreateTaskRequest request = Request();
            request.ModelName = ModelName;
            request.ModelVersion = ModelVersion;
            request.SceneType = SceneType;
            request.Prompt = Prompt;
            request.NegativePrompt = NegativePrompt;
            request.EnhancePrompt = EnhancePrompt.IsPresent ? true : (bool?)null;
            request.ImageInfos = ImageInfo?.Cast<IDictionary>().ToList();
            request.Resolution = Resolution;
            request.AspectRatio = AspectRatio;
            request.CosBucketName = StoreCosBucketName;
            request.CosBucketRegion = StoreCosBucketRegion;
            request.CosBucketPath = StoreCosBucketPath;
            request.AdditionalParameters = AdditionalParameters;
            if (!request.HasSource)
            {
                WriteError(ErrorRecords.From(Kind.MissingSource(), Prompt));
                yield break;
            }
            byte[] body;
            try
            {
                body = request.ToJson();
            }
            catch (MpsException e)
            {
                WriteError(ErrorRecords.From(e, request.Target));
                yield break;
            }
            string action = "Create an AIGC " + Kind.Noun + " task (billed)";
            if (_journal == null)
            {
                if (!string.IsNullOrEmpty(IdempotencyKey))
                {
                    ThrowTerminatingError(ErrorRecords.From(NoJournal("-IdempotencyKey names an input in a journal"), IdempotencyKey));
                }
                // -WhatIf shows exactly what would be sent, and nothing is billed.
                if (ShouldProcess(Encoding.UTF8.GetString(body), action))
                {
                    yield return new CreateInput(request.Target, body, null);
                }
                yield break;
            }
            JournalDecision decision = _journal.Decide(Kind, body, IdempotencyKey, JournalLabel.Of(request), RetryUnknown);
            if (decision.Action == JournalDecision.Actions.Send)
            {
                JournalClaim claim = decision.Claim!;
                if (claim.SendsAgain)
                {
                    WriteWarning("'" + claim.Label + "' (" + claim.Identity + ") was sent before, and the journal has no answer for it; -RetryUnknown sends it again: if the first one was created, this task exists twice, and both are billed.");
                }
                if (!ShouldProcess(Encoding.UTF8.GetString(body), action + ", kept in the journal " + _journal.Path))
                {
                    claim.Release();
                    yield break;
                }
            }
            else if (decision.Action == JournalDecision.Actions.Emit && WhatIf)
            {
                // The journal has its task: nothing would be sent, and the task would be emitted.
                ShouldProcess(JournalLabel.Of(request), "Emit task " + decision.Task!.TaskId + " from the journal " + _journal.Path + " (nothing is sent)");
                yield break;
            }
            yield return new CreateInput(request.Target, body, decision);
        }

        /// <summary>-WhatIf, given or by $WhatIfPreference: the journal is read, never locked, made or written.</summary>
        private bool WhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        private static MpsException NoJournal(string what)
        {
            return new MpsException(
                ErrorIds.JournalRequired,
                MpsErrorKind.InvalidArgument,
                what + ", and this command has none: give -JournalPath (or Set-MpsAigcDefault -JournalPath for the session).");
        }

        /// <summary>
        /// Creating has its own, lower documented limit and its own budget at the service; a session default
        /// rate is for queries, so only this command's own -MaxRequestsPerSecond changes it.
        /// </summary>
        protected override bool TakesDefaultRate => false;

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            var creates = new JournaledCreates(Kind, Connection.Client(log), log);
            // The pump's run owns the journal's use: it lets go when the run ends, in a job or not.
            JournalUse? journal = _journal;
            return (sink, cancellationToken) => new Pump<CreateInput, AigcTask>(
                new BatchEngine<AigcTask>(CreatesInFlight, inputOrder: true, SystemClock.Instance, cancellationToken),
                log,
                sink,
                creates.Add,
                owned: journal);
        }

        protected override string JobCommand(int? inputCount) => Kind.NewCommand + " -ModelName " + ModelName + " " + Counted(inputCount, "tasks");
    }
}
