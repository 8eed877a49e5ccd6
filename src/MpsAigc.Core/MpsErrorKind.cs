namespace MpsAigc
{
    /// <summary>What kind of failure an error is; the module maps it to an ErrorCategory.</summary>
    public enum MpsErrorKind
    {
        InvalidArgument,
        NotFound,
        Authentication,
        PermissionDenied,
        Throttled,
        Connection,

        /// <summary>A secure connection that could not be trusted: never transient, never retried.</summary>
        Security,
        Timeout,
        ServiceError,
        InvalidResponse,
        InvalidOperation,

        /// <summary>The work ended in failure as the service reported it (a task that failed).</summary>
        Failed,

        /// <summary>What would be created exists already (a file).</summary>
        Exists,
    }
}
