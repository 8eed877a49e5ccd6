namespace MpsAigc
{
    /// <summary>The service's task states, spelt as the service spells them.</summary>
    public enum VideoTaskStatus
    {
        WAIT,
        RUN,
        FAIL,
        DONE,
    }
}
