namespace MpsAigc.Emulator
{
    /// <summary>What AssumeRoleWithWebIdentity proves itself with. The token is a secret: never put it in a message or a log.</summary>
    internal sealed record WebIdentityProof(string ProviderId, string Token);
}
