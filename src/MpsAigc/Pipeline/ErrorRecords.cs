using System.Management.Automation;

namespace MpsAigc.Pipeline
{
    /// <summary>Turns the core's errors into ErrorRecords: ErrorId = the service's code or our stable id.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(MpsException error, object targetObject)
        {
            return new ErrorRecord(error, error.ErrorId, CategoryOf(error.Kind), targetObject);
        }

        public static ErrorCategory CategoryOf(MpsErrorKind kind)
        {
            switch (kind)
            {
                case MpsErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case MpsErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case MpsErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case MpsErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case MpsErrorKind.Throttled: return ErrorCategory.LimitsExceeded;
                case MpsErrorKind.Connection: return ErrorCategory.ConnectionError;
                case MpsErrorKind.Security: return ErrorCategory.SecurityError;
                case MpsErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case MpsErrorKind.ServiceError: return ErrorCategory.ResourceUnavailable;
                case MpsErrorKind.InvalidResponse: return ErrorCategory.InvalidResult;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
