using System.Management.Automation;
using System.Threading;
using MpsAigc.Commands;
using MpsAigc.Jobs;

namespace MpsAigc.Tests
{
    /// <summary>
    /// A cmdlet that starts its job through SessionJobs.Start, as every MpsAigc cmdlet's -AsJob does,
    /// with a work that needs no service: it writes -Output, then, with -UntilStopped, waits to be stopped.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "TestMpsJob")]
    public sealed class StartTestMpsJobCommand : MpsCmdletBase
    {
        [Parameter]
        public string[] Output { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter UntilStopped { get; set; }

        protected override void BeginProcessing()
        {
            // No connection: the work below calls nothing.
        }

        protected override void EndProcessing()
        {
            string[] output = Output;
            bool untilStopped = UntilStopped;
            WriteObject(SessionJobs.Start(this, "Start-TestMpsJob", (sink, token) =>
            {
                foreach (string value in output)
                {
                    sink.WriteObject(value);
                }
                if (untilStopped)
                {
                    token.WaitHandle.WaitOne(Bounded.Timeout);
                    token.ThrowIfCancellationRequested();
                }
            }));
        }
    }
}
