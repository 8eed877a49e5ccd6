namespace MpsAigc
{
    /// <summary>
    /// The ErrorIds the module itself gives (beside the service's own codes, such as
    /// ResourceNotFound.TaskNotFound, which pass through as they are). Scripts match on these, so they are
    /// named once, here, and documented in about_MpsAigc; code compares against these constants, never literals.
    /// </summary>
    public static class ErrorIds
    {
        // Setup: the command stops.
        public const string NoCredentials = "NoCredentials";
        public const string ProfileNotFound = "ProfileNotFound";
        public const string IncompleteCredentials = "IncompleteCredentials";
        public const string InvalidCredentialsFile = "InvalidCredentialsFile";
        public const string SessionTokenWithoutCredential = "SessionTokenWithoutCredential";
        public const string InvalidRoleDuration = "InvalidRoleDuration";
        public const string InvalidEndpoint = "InvalidEndpoint";
        public const string InvalidPath = "InvalidPath";
        public const string InvalidFileName = "InvalidFileName";
        public const string InvalidPollInterval = "InvalidPollInterval";
        public const string MissingPrompt = "MissingPrompt";
        public const string InvalidTaskParameter = "InvalidTaskParameter";
        public const string ConflictingParameters = "ConflictingParameters";
        public const string InvalidRateLimitScope = "InvalidRateLimitScope";

        // Credentials that could not be had for an item (temporary keys expired and not renewed).
        public const string CredentialUnavailable = "CredentialUnavailable";
        public const string MetadataUnreachable = "MetadataUnreachable";
        public const string MetadataUnavailable = "MetadataUnavailable";
        public const string MetadataRoleNotFound = "MetadataRoleNotFound";
        public const string WebIdentityTokenUnreadable = "WebIdentityTokenUnreadable";

        // Calls to the service.
        public const string InvalidTaskId = "InvalidTaskId";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string ConnectionRefused = "ConnectionRefused";
        public const string RequestTimeout = "RequestTimeout";
        public const string TlsFailure = "TlsFailure";
        public const string HttpServerError = "HttpServerError";
        public const string InvalidResponse = "InvalidResponse";
        public const string UnknownTaskStatus = "UnknownTaskStatus";
        public const string OutcomeUnknown = "OutcomeUnknown";

        /// <summary>Not sent: the endpoint has not answered for a while (see Resilience/EndpointHealth).</summary>
        public const string EndpointUnreachable = "EndpointUnreachable";
        public const string OperationStopped = "OperationStopped";
        public const string UnexpectedError = "UnexpectedError";

        /// <summary>A video task given to an image cmdlet, or the other way round.</summary>
        public const string WrongTaskKind = "WrongTaskKind";

        // Waiting.
        public const string TaskFailed = "TaskFailed";
        public const string WaitTimeout = "WaitTimeout";

        // Downloads.
        public const string TaskNotDone = "TaskNotDone";
        public const string NoVideoUrls = "NoVideoUrls";
        public const string NoImageUrls = "NoImageUrls";

        /// <summary>A DONE task without result links, of a kind that has no id of its own for it (videos and images have theirs).</summary>
        public const string NoResultUrls = "NoResultUrls";
        public const string InvalidUrl = "InvalidUrl";
        /// <summary>A result's link has expired and cannot be renewed; videos report <see cref="VideoUrlExpired"/>, the id they always had.</summary>
        public const string ResultUrlExpired = "ResultUrlExpired";
        public const string VideoUrlExpired = "VideoUrlExpired";
        public const string RedirectRefused = "RedirectRefused";
        public const string DownloadFailed = "DownloadFailed";
        public const string DownloadStalled = "DownloadStalled";
        public const string IncompleteDownload = "IncompleteDownload";
        public const string VersionChanged = "VersionChanged";
        public const string FileExists = "FileExists";
        public const string TargetIsFolder = "TargetIsFolder";
        public const string DuplicateTarget = "DuplicateTarget";
        public const string DiskFull = "DiskFull";
        public const string FileWriteFailed = "FileWriteFailed";

        // Jobs.
        public const string JobFailed = "JobFailed";

        // The journal of creates (-JournalPath).
        /// <summary>Setup: another process is creating tasks with the journal now.</summary>
        public const string JournalInUse = "JournalInUse";

        /// <summary>Setup: the file is not a journal (or was changed by something else); nothing was written to it.</summary>
        public const string NotAJournal = "NotAJournal";

        /// <summary>Setup: the journal was written by a newer MpsAigc, in a format this one cannot read.</summary>
        public const string JournalTooNew = "JournalTooNew";

        /// <summary>Setup: -IdempotencyKey or -RetryUnknown without a journal to keep them in.</summary>
        public const string JournalRequired = "JournalRequired";

        /// <summary>An item: the journal could not be written, so its create was not sent.</summary>
        public const string JournalWriteFailed = "JournalWriteFailed";

        /// <summary>An item: its -IdempotencyKey is in the journal for another request.</summary>
        public const string IdempotencyKeyMismatch = "IdempotencyKeyMismatch";

        // The service's codes the module acts on.
        public const string ServiceInternalError = "InternalError";
        public const string ServiceUnavailable = "ServiceUnavailable";
        public const string SignatureExpired = "AuthFailure.SignatureExpire";
        public const string TokenFailure = "AuthFailure.TokenFailure";
        public const string RequestLimitExceeded = "RequestLimitExceeded";
        public const string TaskNotFound = "ResourceNotFound.TaskNotFound";
    }
}
