using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using MpsAigc.Pipeline;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The shape every MpsAigc cmdlet shares: inputs stream into a pump as they arrive and records stream
    /// out; with -AsJob the inputs are gathered and the very same pump runs in one job for the batch.
    /// </summary>
    public abstract class MpsBatchCmdlet : MpsCmdletBase
    {
        private readonly List<object> _jobInputs = new List<object>();
        private IPipelinePump _pump;

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected sealed override void BeginProcessing()
        {
            base.BeginProcessing();
            Prepare();
            if (!AsJob)
            {
                _pump = CreatePump(new CmdletRecordSink(this), CreateLog(), inJob: false, StopToken);
            }
        }

        protected sealed override void ProcessRecord()
        {
            foreach (object input in Inputs())
            {
                if (AsJob)
                {
                    _jobInputs.Add(input);
                }
                else
                {
                    _pump.Add(input);
                }
            }
            _pump?.WriteReady();
        }

        protected sealed override void EndProcessing()
        {
            if (!AsJob)
            {
                _pump.WriteAll(StopToken);
                return;
            }
            object[] inputs = _jobInputs.ToArray();
            if (!ConfirmJob(inputs.Length))
            {
                return;
            }
            QueuedLog log = CreateLog();
            StartJob(
                JobCommand(inputs.Length),
                (sink, cancellationToken) =>
                {
                    IPipelinePump pump = CreatePump(sink, log, inJob: true, cancellationToken);
                    using (pump as IDisposable)
                    {
                        foreach (object input in inputs)
                        {
                            pump.Add(input);
                        }
                        pump.WriteAll(cancellationToken);
                    }
                });
        }

        /// <summary>Checks and setup of the cmdlet's own, after the connection is resolved; may terminate.</summary>
        protected virtual void Prepare()
        {
        }

        /// <summary>The inputs of the current pipeline record.</summary>
        protected abstract IEnumerable<object> Inputs();

        /// <param name="inJob">True off the pipeline thread: nothing may touch the session or ask the user.</param>
        internal abstract IPipelinePump CreatePump(IRecordSink sink, QueuedLog log, bool inJob, CancellationToken cancellationToken);

        /// <summary>The job's Command text; never a secret.</summary>
        protected abstract string JobCommand(int inputCount);

        protected virtual bool ConfirmJob(int inputCount)
        {
            return true;
        }
    }
}
