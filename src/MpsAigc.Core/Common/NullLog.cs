namespace MpsAigc.Common
{
    public sealed class NullLog : IMpsLog
    {
        public static readonly NullLog Instance = new NullLog();

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void Warning(string message)
        {
        }
    }
}
