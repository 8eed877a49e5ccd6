using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using MpsAigc.Signing;

namespace MpsAigc.Credentials
{
    /// <summary>One profile as found on disk: keys, maybe a role to assume with them, or "use the CVM role".</summary>
    internal sealed class ProfileEntry
    {
        public ProfileEntry(string name, TencentCredential? keys, string? roleArn = null, string? roleSessionName = null)
        {
            Name = name;
            Keys = keys;
            RoleArn = roleArn;
            RoleSessionName = roleSessionName;
        }

        public string Name { get; }

        /// <summary>Null when the profile says to use the CVM instance role.</summary>
        public TencentCredential? Keys { get; }

        public string? RoleArn { get; }

        public string? RoleSessionName { get; }

        [MemberNotNullWhen(false, nameof(Keys))]
        public bool UsesCvmRole => Keys == null;
    }
}
