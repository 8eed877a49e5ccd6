using System.Collections.Generic;
using MpsAigc.Api;

namespace MpsAigc.Commands
{
    public sealed class RegionCompleter : WordCompleter
    {
        protected override IEnumerable<string> Words(string commandName, string parameterName, string? model) => MpsEndpoint.Regions;
    }
}
