using System;
using System.Linq;
using MpsAigc.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException || e is FormatException || e is OverflowException)
{
    Console.Error.WriteLine("MpsAigc.Emulator: " + e.Message);
    return 2;
}

await using EmulatorServer server = await EmulatorServer.StartAsync(options);
// The first line is read by scripts that started the emulator on port 0.
Console.WriteLine("Listening on " + server.BaseUrl);
Console.WriteLine("Rate limits per second and account: "
    + string.Join(", ", options.RateLimits.Select(l => l.Key + " " + (l.Value == 0 ? "off" : l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))))
    + "; demo SecretId " + EmulatorOptions.DemoSecretId);
if (options.CvmRole != null || options.OidcTokenFile != null || options.TempCredentialLifetime != null)
{
    // Names and lifetimes only: no key, token or web identity token is ever printed.
    Console.WriteLine("Credential services: CVM role " + (options.CvmRole ?? "none") + "; OIDC token file " + (options.OidcTokenFile ?? "none")
        + "; temporary keys live " + (options.TempCredentialLifetime == null ? "as asked (7200 s by default)" : options.TempCredentialLifetime.Value.TotalSeconds + " s"));
}
Console.Out.Flush();

// Ctrl+C and SIGTERM stop the host (its console lifetime handles both), which ends this wait.
await server.WaitForShutdownAsync();
return 0;
