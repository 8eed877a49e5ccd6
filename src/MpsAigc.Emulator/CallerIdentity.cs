namespace MpsAigc.Emulator
{
    /// <summary>
    /// What GetCallerIdentity says of a caller, in the shapes of the STS's examples (tccli's
    /// examples/sts/v20180813/GetCallerIdentity.md): a CAMUser for a permanent key, a CAMRole for a role's keys.
    /// </summary>
    internal sealed class CallerIdentity
    {
        /// <summary>The emulator's one account: the owner of the permanent keys and of the CVM instance's role.</summary>
        public const string EmulatorUin = "100000000001";

        public required string Arn { get; init; }

        public required string AccountId { get; init; }

        public required string UserId { get; init; }

        public required string PrincipalId { get; init; }

        public required string Type { get; init; }

        public static CallerIdentity Of(Caller caller)
        {
            if (caller.Temporary == null)
            {
                return new CallerIdentity
                {
                    Arn = "qcs::cam::uin/" + EmulatorUin + ":uin/" + EmulatorUin,
                    AccountId = EmulatorUin,
                    UserId = EmulatorUin,
                    PrincipalId = EmulatorUin,
                    Type = "CAMUser",
                };
            }
            string uin = EmulatorUin;
            string role = caller.Temporary.AccountKey.Substring(CvmMetadataService.AccountKeyPrefix.Length);
            // An STS key's account is the RoleArn AssumeRole checked, so it parses.
            if (caller.Kind != CredentialKind.CvmRole && RoleArnSyntax.TryParse(caller.Temporary.AccountKey, out string? arnUin, out string? arnRole))
            {
                uin = arnUin;
                role = arnRole;
            }
            return new CallerIdentity
            {
                Arn = "qcs::sts:" + uin + ":assumed-role/" + role,
                AccountId = uin,
                UserId = role + ":" + caller.Temporary.SessionName,
                PrincipalId = uin,
                Type = "CAMRole",
            };
        }
    }
}
