namespace MpsAigc.Credentials
{
    /// <summary>Credentials could not be found or are unusable; a setup problem, never a per-item one.</summary>
    public sealed class CredentialException : MpsException
    {
        public CredentialException(string errorId, string message)
            : base(errorId, MpsErrorKind.Authentication, message)
        {
        }
    }
}
