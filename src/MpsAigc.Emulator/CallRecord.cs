namespace MpsAigc.Emulator
{
    /// <summary>One call as <see cref="RecentCalls"/> keeps it.</summary>
    public sealed class CallRecord
    {
        public string Action { get; set; } = string.Empty;

        /// <summary>X-TC-Region, or null when the request had none.</summary>
        public string? Region { get; set; }

        /// <summary>The SecretId that signed it; null for an unsigned call (AssumeRoleWithWebIdentity).</summary>
        public string? SecretId { get; set; }

        /// <summary>Whether it carried a session token (X-TC-Token).</summary>
        public bool HasToken { get; set; }

        /// <summary>AssumeRole and AssumeRoleWithWebIdentity only: what the role was asked with.</summary>
        public string? RoleArn { get; set; }

        public string? RoleSessionName { get; set; }

        public int? DurationSeconds { get; set; }
    }
}
