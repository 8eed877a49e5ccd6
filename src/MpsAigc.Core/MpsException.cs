using System;

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

    /// <summary>
    /// Every failure the core reports carries a stable ErrorId (the service's code, or one of ours) so that
    /// scripts can branch on it. Messages never carry secrets.
    /// </summary>
    public class MpsException : Exception
    {
        public MpsException(string errorId, MpsErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public MpsErrorKind Kind { get; }
    }
}
