using System.Collections.Generic;
using MpsAigc.Credentials;

namespace MpsAigc.Commands
{
    /// <summary>The sections of the credentials file, read when asked.</summary>
    public sealed class ProfileNameCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(string commandName, string parameterName, string? model) => new CredentialResolver().ProfileNames();
    }
}
