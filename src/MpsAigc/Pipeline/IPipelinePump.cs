using System.Threading;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// What a batch cmdlet drives, on the pipeline thread or in its job: inputs go in, and records come out
    /// into a sink as the background work produces them.
    /// </summary>
    internal interface IPipelinePump
    {
        void Add(object input);

        /// <summary>Writes what is ready now, without waiting: called between pipeline inputs.</summary>
        void WriteReady();

        /// <summary>Writes everything still to come; returns early, without writing more, once cancelled.</summary>
        void WriteAll(CancellationToken cancellationToken);
    }
}
