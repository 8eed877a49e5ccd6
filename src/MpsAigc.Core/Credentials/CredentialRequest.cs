using System;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>What an invocation asked for: its parameters and session defaults, before the chain runs.</summary>
    public sealed class CredentialRequest
    {
        /// <summary>-Credential (with -SessionToken): wins over everything.</summary>
        public TencentCredential? Explicit { get; set; }

        /// <summary>-ProfileName: must exist; never falls through to another account.</summary>
        public string? ProfileName { get; set; }

        /// <summary>-RoleArn: assumed with whatever base keys the chain finds.</summary>
        public string? RoleArn { get; set; }

        public string? RoleSessionName { get; set; }

        public int? RoleDurationSeconds { get; set; }

        /// <summary>-StsEndpoint / Set-MpsAigcDefault; else MPSAIGC_STS_ENDPOINT; else sts.tencentcloudapi.com.</summary>
        public Uri? StsEndpoint { get; set; }

        /// <summary>The invocation's -Region, sent to STS with AssumeRole.</summary>
        public string? Region { get; set; }
    }
}
