using System;
using System.Management.Automation;

namespace MpsAigc.Pipeline
{
    /// <summary>
    /// Every ErrorRecord the module writes is built here: ErrorId = the service's code or one of ErrorIds,
    /// a category from the error's kind, and the item it is about as TargetObject.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(MpsException error, object? targetObject)
        {
            return new ErrorRecord(error, error.ErrorId, CategoryOf(error.Kind), targetObject);
        }

        /// <summary>A defect of ours, not the user's (an exception that is not an MpsException): still one error with a stable id.</summary>
        public static ErrorRecord Unexpected(Exception error, string errorId, object? targetObject)
        {
            return new ErrorRecord(error, errorId, ErrorCategory.NotSpecified, targetObject);
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
                case MpsErrorKind.Failed: return ErrorCategory.InvalidResult;
                case MpsErrorKind.Exists: return ErrorCategory.ResourceExists;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
