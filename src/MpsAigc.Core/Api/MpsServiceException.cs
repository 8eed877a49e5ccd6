using System;

namespace MpsAigc.Api
{
    /// <summary>An error the service answered with: {"Response":{"Error":{"Code","Message"},"RequestId"}}.</summary>
    public sealed class MpsServiceException : MpsException
    {
        public MpsServiceException(string code, string serviceMessage, string? requestId, string action)
            : base(code, KindOf(code), code + ": " + serviceMessage + " (" + action + ", RequestId " + (requestId ?? "none") + ")")
        {
            Code = code;
            ServiceMessage = serviceMessage;
            RequestId = requestId;
        }

        public string Code { get; }

        public string ServiceMessage { get; }

        public string? RequestId { get; }

        /// <summary>The service's clock (its Date header) when it refused a timestamp; null otherwise.</summary>
        public DateTimeOffset? ServerTime { get; internal set; }

        public const string SignatureExpired = ErrorIds.SignatureExpired;

        /// <summary>The session token is missing, wrong or expired: temporary keys are renewed and the call tried once more.</summary>
        public const string TokenFailure = ErrorIds.TokenFailure;


        private static MpsErrorKind KindOf(string code)
        {
            string head = code.Split('.')[0];
            switch (head)
            {
                case "AuthFailure": return MpsErrorKind.Authentication;
                case "UnauthorizedOperation": return MpsErrorKind.PermissionDenied;
                case "ResourceNotFound": return MpsErrorKind.NotFound;
                case "InvalidParameter":
                case "InvalidParameterValue":
                case "MissingParameter":
                case "UnknownParameter": return MpsErrorKind.InvalidArgument;
                case "RequestLimitExceeded": return MpsErrorKind.Throttled;
                case "InternalError":
                case "ServiceUnavailable": return MpsErrorKind.ServiceError;
                default: return MpsErrorKind.InvalidOperation;
            }
        }
    }
}
