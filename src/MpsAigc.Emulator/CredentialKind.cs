namespace MpsAigc.Emulator
{
    /// <summary>Where the key that signed a request came from, as the stats report it.</summary>
    internal static class CredentialKind
    {
        /// <summary>A key from the command line (the demo key, or --credential), with or without a fixed token.</summary>
        public const string Permanent = "Permanent";

        public const string AssumeRole = "AssumeRole";

        public const string WebIdentity = "WebIdentity";

        public const string CvmRole = "CvmRole";

        public static readonly string[] All = { Permanent, AssumeRole, WebIdentity, CvmRole };
    }
}
