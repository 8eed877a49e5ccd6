using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Common;
using MpsAigc.Engine;
using MpsAigc.Jobs;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The shape every MpsAigc batch cmdlet shares: inputs stream into a pump as they arrive and records
    /// stream out. With -AsJob the very same pump runs in one job for the batch, and the inputs stream into
    /// it as they arrive too (unless the job must first be confirmed for the whole batch).
    /// </summary>
    /// <typeparam name="TInput">What each input is converted to once, at this edge: the core's own input type.</typeparam>
    /// <typeparam name="TResult">What the core's work gives for an input.</typeparam>
    public abstract class MpsBatchCmdlet<TInput, TResult> : MpsCmdletBase, IDisposable
        where TResult : class
    {
        private Pump<TInput, TResult>? _pump;
        private PumpInputs<TInput>? _jobInputs;
        private MpsAigcJob? _streamingJob;
        private bool _ended;

        /// <summary>Makes the pump in the sink and under the token it is given; built on the pipeline thread.</summary>
        internal delegate Pump<TInput, TResult> PumpFactory(IPumpSink sink, CancellationToken cancellationToken);

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected sealed override void BeginProcessing()
        {
            base.BeginProcessing();
            Prepare();
            if (!AsJob)
            {
                _pump = CreatePump(CreateLog(), inJob: false)(new CmdletRecordSink(this), StopToken);
                return;
            }
            _jobInputs = new PumpInputs<TInput>();
            if (!ConfirmsWholeBatch)
            {
                // Started now, and fed as inputs arrive: the first requests go while upstream still produces.
                // The job object itself is written at the end, so that a Receive-Job -Wait downstream cannot
                // block the very pipeline that feeds it.
                _streamingJob = StartJob(_jobInputs, null);
            }
        }

        protected sealed override void ProcessRecord()
        {
            foreach (TInput input in Inputs())
            {
                if (_pump != null)
                {
                    _pump.Add(input);
                }
                else
                {
                    // BeginProcessing set exactly one of the pump and the job's inputs.
                    _jobInputs?.Add(input);
                }
            }
            _pump?.WriteReady();
        }

        protected sealed override void EndProcessing()
        {
            Finish();
            // Only now: a write that threw (Select-Object -First downstream stops us there) leaves Dispose to cancel.
            _ended = true;
        }

        private void Finish()
        {
            if (_pump != null)
            {
                _pump.WriteAll(StopToken);
                return;
            }
            PumpInputs<TInput>? inputs = _jobInputs;
            if (inputs == null)
            {
                return;
            }
            inputs.CompleteAdding();
            if (_streamingJob != null)
            {
                WriteObject(_streamingJob);
            }
            else if (ConfirmJob(inputs.Count))
            {
                // Confirmed as a whole, now that every input is queued: the pipeline has no more to give it.
                WriteObject(StartJob(inputs, inputs.Count));
            }
        }

        /// <summary>Adds the job that runs the pump over <paramref name="inputs"/> to the session, and starts it.</summary>
        /// <param name="inputCount">Null while the inputs still stream in.</param>
        private MpsAigcJob StartJob(PumpInputs<TInput> inputs, int? inputCount)
        {
            PumpFactory factory = CreatePump(CreateLog(), inJob: true);
            return SessionJobs.Start(this, JobCommand(inputCount), (sink, cancellationToken) => factory(sink, cancellationToken).WriteAll(inputs, cancellationToken));
        }

        /// <summary>
        /// A pipeline that failed upstream, was stopped, or was cut short downstream (Select-Object -First)
        /// never reaches EndProcessing, and only Dispose is called: the work in flight is cancelled (no more
        /// polls, downloads or creates for nobody), and a job it was feeding is stopped rather than left
        /// waiting for inputs that will not come.
        /// </summary>
        public void Dispose()
        {
            if (_ended)
            {
                return;
            }
            CancelWork();
            _pump?.Dispose();
            _jobInputs?.CompleteAdding();
            _streamingJob?.StopJob();
        }

        /// <summary>Video or image: the actions, names and ids of the tasks this cmdlet works on.</summary>
        internal abstract TaskKind Kind { get; }

        /// <summary>Checks and setup of the cmdlet's own, after the connection is resolved; may terminate.</summary>
        protected virtual void Prepare()
        {
        }

        /// <summary>The inputs of the current pipeline record.</summary>
        protected abstract IEnumerable<TInput> Inputs();

        /// <summary>Task objects given as inputs; a $null among them is no input at all.</summary>
        protected static IEnumerable<AigcTask> TasksOf(AigcTask[]? tasks)
        {
            return (tasks ?? new AigcTask[0]).Where(task => task != null);
        }

        /// <summary>
        /// On the pipeline thread: takes what the pump needs (parameters, the connection) into the factory it
        /// returns, so that a job never touches the cmdlet.
        /// </summary>
        /// <param name="inJob">True when the pump will run in a job: nothing may touch the session or ask the user.</param>
        internal abstract PumpFactory CreatePump(QueuedLog log, bool inJob);

        /// <summary>The job's Command text (<paramref name="inputCount"/> is null while inputs still stream in); never a secret.</summary>
        protected abstract string JobCommand(int? inputCount);

        /// <summary>A job's count of its inputs, as its Command shows it: "&lt;3 ids&gt;", or "&lt;streamed ids&gt;" while they still stream in.</summary>
        protected static string Counted(int? inputCount, string noun)
        {
            return "<" + (inputCount?.ToString(CultureInfo.InvariantCulture) ?? "streamed") + " " + noun + ">";
        }

        /// <summary>True when -AsJob asks the user about the whole batch (with its count) before the job starts.</summary>
        protected virtual bool ConfirmsWholeBatch => false;

        protected virtual bool ConfirmJob(int inputCount)
        {
            return true;
        }
    }
}
