using System;

namespace MpsAigc.Signing
{
    /// <summary>Credentials could not be found or are unusable.</summary>
    public sealed class CredentialException : MpsException
    {
        public CredentialException(string errorId, string message, Exception? inner = null)
            : base(errorId, MpsErrorKind.Authentication, message, inner)
        {
        }
    }
}
