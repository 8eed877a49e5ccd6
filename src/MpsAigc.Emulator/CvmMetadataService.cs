using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The CVM instance metadata service's CAM part (metadata.tencentyun.com/latest/meta-data/cam/...), plain GETs
    /// without authentication as on an instance: the name of the instance's role (--cvm-role), and that role's
    /// temporary keys, renewed ahead of expiry as the real service does.
    /// </summary>
    internal sealed class CvmMetadataService
    {
        public const string CredentialsPath = "/latest/meta-data/cam/security-credentials/";
        public const string AccountKeyPrefix = "cvm-role:";

        private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(7200);

        private readonly object _lock = new object();
        private readonly EmulatorOptions _options;
        private readonly RequestLog _log;
        private readonly TemporaryCredentialStore _temporaryKeys;
        private readonly CredentialOutage _outage;
        private TemporaryCredential? _current;

        public CvmMetadataService(EmulatorOptions options, RequestLog log, TemporaryCredentialStore temporaryKeys, CredentialOutage outage)
        {
            _options = options;
            _log = log;
            _temporaryKeys = temporaryKeys;
            _outage = outage;
        }

        /// <summary>GET .../security-credentials/: the role's name, as text.</summary>
        public IResult ListRoles()
        {
            return _options.CvmRole == null ? NotFound() : Results.Text(_options.CvmRole, "text/plain");
        }

        /// <summary>GET .../security-credentials/NAME: the role's current keys.</summary>
        public IResult GetCredential(string name)
        {
            _log.Credentials.RecordMetadataCredentialRequest();
            if (_outage.IsUnderWay)
            {
                _log.Credentials.RecordOutageRefusal();
                return Results.Text("503 Service Unavailable", "text/plain", statusCode: 503);
            }
            if (_options.CvmRole == null || name != _options.CvmRole)
            {
                return NotFound();
            }
            TemporaryCredential credential = Current(_options.Now);
            return Results.Text(Json(credential), "application/json");
        }

        /// <summary>The same keys until less than half their lifetime remains, then new ones; the old stay valid until they expire.</summary>
        private TemporaryCredential Current(DateTimeOffset now)
        {
            TimeSpan lifetime = _options.TempCredentialLifetime ?? DefaultLifetime;
            lock (_lock)
            {
                double remainingSeconds = _current == null ? 0 : _current.ExpiresAt - now.ToUnixTimeMilliseconds() / 1000.0;
                if (_current == null || remainingSeconds < lifetime.TotalSeconds / 2)
                {
                    _current = _temporaryKeys.Issue(CredentialKind.CvmRole, AccountKeyPrefix + _options.CvmRole, "ins-emulator", DefaultLifetime, now);
                }
                return _current;
            }
        }

        /// <summary>The fields in the order the metadata service writes them.</summary>
        private static string Json(TemporaryCredential credential)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("TmpSecretId", credential.SecretId);
                    w.WriteString("TmpSecretKey", credential.SecretKey);
                    w.WriteNumber("ExpiredTime", credential.ExpiresAt);
                    w.WriteString("Expiration", credential.Expiration);
                    w.WriteString("Token", credential.Token);
                    w.WriteString("Code", "Success");
                    w.WriteEndObject();
                }
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        private static IResult NotFound()
        {
            return Results.Text("404 - Not Found", "text/plain", statusCode: 404);
        }
    }
}
