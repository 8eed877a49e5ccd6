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

        public string Arn { get; private init; }

        public string AccountId { get; private init; }

        public string UserId { get; private init; }

        public string PrincipalId { get; private init; }

        public string Type { get; private init; }

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
            if (caller.Kind != CredentialKind.CvmRole)
            {
                RoleArnSyntax.TryParse(caller.Temporary.AccountKey, out uin, out role);
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
