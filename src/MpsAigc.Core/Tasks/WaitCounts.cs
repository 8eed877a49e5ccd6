namespace MpsAigc.Tasks
{
    /// <summary>A moment's count of the tasks of a wait, for progress.</summary>
    public struct WaitCounts
    {
        public int Total;
        public int Waiting;
        public int Running;
        public int Done;
        public int Failed;

        public int Finished => Done + Failed;
    }
}
