using System.Threading.Tasks;

namespace MpsAigc.Tasks
{
    internal static class TaskExtensions
    {
        /// <summary>Runs a task whose outcome its own code handles in full.</summary>
        public static void Forget(this Task task)
        {
            task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
    }
}
