using System;

namespace MpsAigc.RateLimiting
{
    public static class RateLimitScopes
    {
        /// <summary>Chooses the scope when neither the command nor the session gives one.</summary>
        public const string Variable = "MPSAIGC_RATE_LIMIT_SCOPE";

        public const RateLimitScope Default = RateLimitScope.Machine;

        /// <summary>The scope <see cref="Variable"/> names, or <see cref="Default"/> when it is unset.</summary>
        /// <exception cref="MpsException">InvalidRateLimitScope when it names neither scope.</exception>
        public static RateLimitScope FromEnvironment(Func<string, string?> getEnvironment)
        {
            string? value = getEnvironment(Variable);
            if (Strings.IsNullOrWhiteSpace(value))
            {
                return Default;
            }
            if (Enum.TryParse(value.Trim(), ignoreCase: true, out RateLimitScope scope) && Enum.IsDefined(typeof(RateLimitScope), scope) && !char.IsDigit(value.Trim()[0]))
            {
                return scope;
            }
            throw new MpsException(
                ErrorIds.InvalidRateLimitScope,
                MpsErrorKind.InvalidArgument,
                Variable + " is '" + value + "', which is neither Machine nor Process. Set it to Machine (processes on this machine share the account's budget) or Process (each process keeps its own), or remove it.");
        }
    }
}
