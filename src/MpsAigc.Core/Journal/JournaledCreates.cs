using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Resilience;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// How a create joins the engine: sent once. With a journal: a task the journal has is emitted without a
    /// request, in its input's place; a create is on disk (its Sending line) before it is sent, and its TaskId
    /// on disk before the task goes down the pipeline; a refusal that proves nothing was created is recorded so
    /// a rerun may send it again, and anything else leaves it unknown.
    /// </summary>
    public sealed class JournaledCreates
    {
        private readonly TaskKind _kind;
        private readonly MpsClient _client;
        private readonly IMpsLog _log;

        public JournaledCreates(TaskKind kind, MpsClient client, IMpsLog log)
        {
            _kind = kind;
            _client = client;
            _log = log;
        }

        /// <summary>The pump's feed: one create, as the cmdlet made it.</summary>
        public void Add(BatchEngine<AigcTask> engine, CreateInput create)
        {
            object? target = create.Target;
            JournalDecision? decision = create.Journal;
            switch (decision?.Action)
            {
                case null:
                    engine.Add(target, async token => Step<AigcTask>.Done(Outcome<AigcTask>.Of(await _kind.CreateAsync(_client, create.Body, token).ConfigureAwait(false), target)));
                    break;
                case JournalDecision.Actions.Emit:
                    engine.Add(Outcome<AigcTask>.Of(decision.Task!, target));
                    break;
                case JournalDecision.Actions.Fail:
                    engine.Add(Outcome<AigcTask>.Failed(decision.Error!, target));
                    break;
                case JournalDecision.Actions.Await:
                    engine.Add(target, async token => Step<AigcTask>.Done(await decision.Claim!.OutcomeAsync(target, token).ConfigureAwait(false)));
                    break;
                default:
                    engine.Add(target, token => SendAsync(decision.Claim!, create, token));
                    break;
            }
        }

        private async Task<Step<AigcTask>> SendAsync(JournalClaim claim, CreateInput create, CancellationToken cancellationToken)
        {
            // The Sending line goes on disk just before the create goes on the wire (after its keys, the endpoint and
            // the budget let it), once: a stop or an outage that holds it back before then leaves it never sent.
            bool recorded = false;
            Action sending = () =>
            {
                if (!recorded)
                {
                    claim.RecordSending();
                    recorded = true;
                }
            };
            AigcTask task;
            try
            {
                task = await _kind.CreateAsync(_client, create.Body, cancellationToken, sending).ConfigureAwait(false);
            }
            catch when (!recorded)
            {
                // Not on disk, so not sent: as if it was never claimed, for any command that meets it next.
                claim.Release();
                throw;
            }
            catch (MpsException e) when (RetryRules.ProvesNothingCreated(e, answered: e is MpsServiceException))
            {
                Record(() => claim.RecordRefused(e));
                throw;
            }
            catch
            {
                claim.RecordUnanswered();
                throw;
            }
            Record(() => claim.RecordCreated(task));
            return Step<AigcTask>.Done(Outcome<AigcTask>.Of(task, create.Target));
        }

        /// <summary>A line that could not be written does not undo what happened: the outcome stands, and the user is told.</summary>
        private void Record(Action record)
        {
            try
            {
                record();
            }
            catch (MpsException e) when (e.ErrorId == ErrorIds.JournalWriteFailed)
            {
                _log.Warning(e.Message);
            }
        }
    }
}
