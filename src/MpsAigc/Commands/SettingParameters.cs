using System.Collections.Generic;
using System.Management.Automation;
using MpsAigc.Configuration;

namespace MpsAigc.Commands
{
    /// <summary>
    /// The settings a command was given, from its bound parameters: every parameter named as a setting is one, so a
    /// new setting needs no line here. A credential is taken as the SecretId and key it holds.
    /// </summary>
    internal static class SettingParameters
    {
        public static IEnumerable<KeyValuePair<string, object?>> Given(IDictionary<string, object> boundParameters)
        {
            foreach (KeyValuePair<string, object> bound in boundParameters)
            {
                if (ConnectionSettings.IsSetting(bound.Key))
                {
                    object? value = bound.Value is PSObject wrapped ? wrapped.BaseObject : bound.Value;
                    yield return new KeyValuePair<string, object?>(bound.Key, value is PSCredential credential ? credential.GetNetworkCredential() : value);
                }
            }
        }

        /// <summary>A command's own settings, nothing of the defaults yet.</summary>
        public static ConnectionSettings Of(IDictionary<string, object> boundParameters)
        {
            ConnectionSettings settings = ConnectionSettings.None;
            foreach (KeyValuePair<string, object?> given in Given(boundParameters))
            {
                settings = settings.With(given.Key, given.Value);
            }
            return settings;
        }
    }
}
