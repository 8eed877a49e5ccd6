using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The identity provider behind AssumeRoleWithWebIdentity: the one valid token is the content of
    /// --oidc-token-file, read again at every call, as a TKE cluster rewrites the projected token file.
    /// </summary>
    internal sealed class OidcProvider
    {
        private readonly EmulatorOptions _options;

        public OidcProvider(EmulatorOptions options)
        {
            _options = options;
        }

        /// <returns>null when the token is the current one; else the error code and message, which never quote a token.</returns>
        public (string Code, string Message)? Check(string providerId, string webIdentityToken)
        {
            // No code of the STS's says "no provider"; a ProviderId that names nothing is a bad parameter.
            if (_options.OidcTokenFile == null)
            {
                return ("InvalidParameter.ParamError", "No OIDC identity provider is configured; start the emulator with --oidc-token-file PATH.");
            }
            if (_options.OidcProviderId != null && providerId != _options.OidcProviderId)
            {
                return ("InvalidParameter.ParamError", "The identity provider `" + providerId + "` does not exist.");
            }
            string current;
            try
            {
                current = File.ReadAllText(_options.OidcTokenFile).Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return ("InvalidParameter.WebIdentityTokenError", "The WebIdentityToken cannot be checked: the emulator cannot read its --oidc-token-file.");
            }
            if (current.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(webIdentityToken), Encoding.UTF8.GetBytes(current)))
            {
                return ("InvalidParameter.WebIdentityTokenError", "The WebIdentityToken is invalid or has expired.");
            }
            return null;
        }
    }
}
