using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MpsAigc.Emulator
{
    /// <summary>The emulator as an object: tests start it in-process, Program starts it from the command line.</summary>
    public sealed class EmulatorServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TaskBook _tasks;

        private EmulatorServer(WebApplication app, EmulatorOptions options, RequestLog log, TaskBook tasks)
        {
            _app = app;
            Options = options;
            Log = log;
            _tasks = tasks;
        }

        public EmulatorOptions Options { get; }

        public RequestLog Log { get; }

        public int Port { get; private set; }

        public string BaseUrl => (Options.SelfSignedHttps ? "https" : "http") + "://127.0.0.1:" + Port;

        public static async Task<EmulatorServer> StartAsync(EmulatorOptions options)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            X509Certificate2? certificate = options.SelfSignedHttps ? SelfSignedCertificate.Create() : null;
            if (certificate != null && options.CertificatePemFile != null)
            {
                await File.WriteAllTextAsync(options.CertificatePemFile, certificate.ExportCertificatePem());
            }
            // Loopback only: the emulator accepts a demo key and must never be reachable from elsewhere.
            builder.WebHost.UseKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, options.Port, listen =>
                {
                    if (certificate != null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
                k.Limits.MaxRequestBodySize = 2 * 1024 * 1024;
            });
            WebApplication app = builder.Build();

            var log = new RequestLog();
            var tasks = new TaskBook(options);
            var results = new ResultStore(options, log, tasks);
            var server = new EmulatorServer(app, options, log, tasks);
            var temporaryKeys = new TemporaryCredentialStore(options, log);
            var outage = new CredentialOutage(options);
            var api = new ApiHandler(options, log, tasks, results, temporaryKeys, () => server.BaseUrl);
            var sts = new StsHandler(options, log, temporaryKeys, outage);
            var metadata = new CvmMetadataService(options, log, temporaryKeys, outage);

            // MPS and STS share the port: the action says which service is asked, as the host does in the cloud.
            app.MapPost("/", (RequestDelegate)(context => StsHandler.Handles(context.Request.Headers["X-TC-Action"]) ? sts.HandleAsync(context) : api.HandleAsync(context)));
            app.MapGet(CvmMetadataService.CredentialsPath, metadata.ListRoles);
            app.MapGet(CvmMetadataService.CredentialsPath + "{name}", metadata.GetCredential);
            app.MapMethods("/videos/{**path}", new[] { "GET", "HEAD" }, results.ServeAsync);
            app.MapMethods("/images/{**path}", new[] { "GET", "HEAD" }, results.ServeAsync);
            // A storage redirect, to wherever the link says: lets tests see a redirect to another scheme refused.
            app.MapGet("/_emulator/redirect/{**name}", (HttpContext context) => Results.Redirect(context.Request.Query["to"].ToString()));
            app.MapGet("/_emulator/stats", () => Results.Json(server.Stats()));
            app.MapGet("/_emulator/sha256/{**path}", (string path) => Results.Text(results.Sha256Of("/" + path)));
            // A task's output regenerated while it is being downloaded: tests see a file change under a client.
            app.MapPost("/_emulator/replace/{**path}", (string path) =>
            {
                results.Replace("/" + path);
                return Results.NoContent();
            });
            app.MapPost("/_emulator/reset", () =>
            {
                log.Reset();
                tasks.Clear();
                outage.End();
                return Results.NoContent();
            });
            app.MapPost("/_emulator/credential-outage", (HttpContext context) =>
            {
                if (!double.TryParse(context.Request.Query["seconds"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
                    || !double.IsFinite(seconds) || seconds < 0 || seconds > 86400)
                {
                    return Results.Text("credential-outage takes ?seconds=N, from 0 (end the outage) to 86400.", "text/plain", statusCode: 400);
                }
                outage.Begin(TimeSpan.FromSeconds(seconds));
                return Results.NoContent();
            });
            // --url-lifetime-seconds from now on: links already given keep their end, so a test can let a first link
            // expire on time and have the one that renews it outlive any pause of a loaded machine.
            app.MapPost("/_emulator/url-lifetime", (HttpContext context) =>
            {
                if (!double.TryParse(context.Request.Query["seconds"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
                    || !double.IsFinite(seconds) || seconds < 0 || seconds > 86400)
                {
                    return Results.Text("url-lifetime takes ?seconds=N, from 0 to 86400: how long the links given from now on are valid.", "text/plain", statusCode: 400);
                }
                options.UrlLifetime = TimeSpan.FromSeconds(seconds);
                return Results.NoContent();
            });

            await app.StartAsync();
            // Kestrel always offers the feature; a host without it could not say which port it bound.
            IServerAddressesFeature addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
                ?? throw new InvalidOperationException("The web server does not report the address it listens on.");
            string address = addresses.Addresses.First();
            server.Port = new Uri(address).Port;
            return server;
        }

        /// <summary>The request log's counts, and how many tasks the emulator knows.</summary>
        public EmulatorStats Stats()
        {
            EmulatorStats stats = Log.Snapshot();
            stats.TasksKnown = _tasks.Known;
            return stats;
        }

        /// <summary>Completes when the host is told to stop (Ctrl+C, SIGTERM).</summary>
        public Task WaitForShutdownAsync()
        {
            return _app.WaitForShutdownAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
