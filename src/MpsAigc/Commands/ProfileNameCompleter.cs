using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MpsAigc.Credentials;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>The sections of the credentials file, read when asked.</summary>
    public sealed class ProfileNameCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(TaskKind kind, string? model) => new CredentialResolver().ProfileNames();
    }
}
