using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// A CAM role's resource description, as the STS documents it: qcs::cam::uin/UIN:roleName/NAME, or
    /// qcs::cam::uin/UIN:role/ID (service roles add a segment: role/tencentcloudServiceRole/ID).
    /// </summary>
    internal static class RoleArnSyntax
    {
        private static readonly Regex Pattern = new Regex(
            @"^qcs::cam::uin/(?<uin>[0-9]+):(?:roleName/(?<role>[A-Za-z0-9_+=,.@-]+)|role/(?<role>[A-Za-z0-9_+=,.@-]+(?:/[A-Za-z0-9_+=,.@-]+)?))$",
            RegexOptions.CultureInvariant);

        public static bool TryParse([NotNullWhen(true)] string? arn, [NotNullWhen(true)] out string? uin, [NotNullWhen(true)] out string? role)
        {
            Match match = Pattern.Match(arn ?? string.Empty);
            uin = match.Success ? match.Groups["uin"].Value : null;
            role = match.Success ? match.Groups["role"].Value : null;
            return match.Success;
        }
    }
}
