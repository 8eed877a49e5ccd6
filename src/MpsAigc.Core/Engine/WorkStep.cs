using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Engine
{
    /// <summary>One go at an item's work: it either ends the item, or asks to be run again later (a poll).</summary>
    public delegate Task<Step<T>> WorkStep<T>(CancellationToken cancellationToken)
        where T : class;
}
