using System;

namespace MpsAigc
{
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
