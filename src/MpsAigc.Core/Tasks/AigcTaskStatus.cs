namespace MpsAigc
{
    /// <summary>The service's task states, spelt as the service spells them.</summary>
    public enum AigcTaskStatus
    {
        WAIT,
        RUN,
        FAIL,
        DONE,
    }
}
