using System;
using System.Collections.Generic;
using System.Globalization;

namespace MpsAigc.Emulator
{
    /// <summary>What the emulator is told on its command line.</summary>
    public sealed class EmulatorOptions
    {
        public const string DemoSecretId = "AKIDEMULATOR0000000000000000000000DEMO";
        public const string DemoSecretKey = "EmulatorDemoSecretKey0000000000000";

        public int Port { get; set; }

        /// <summary>
        /// Requests accepted per second and account, for each action on its own, as the service documents
        /// them; 0 = no limit. An action not listed has DescribeAigcVideoTask's.
        /// </summary>
        public Dictionary<string, int> RateLimits { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [TaskKind.Video.DescribeAction] = 50,
            [TaskKind.Video.CreateAction] = 10,
            [TaskKind.Image.DescribeAction] = 20,
            [TaskKind.Image.CreateAction] = 20,
        };

        /// <summary>DescribeAigcVideoTask's limit (and that of actions not in <see cref="RateLimits"/>).</summary>
        public int RateLimit
        {
            get => RateLimits[TaskKind.Video.DescribeAction];
            set => RateLimits[TaskKind.Video.DescribeAction] = value;
        }

        /// <summary>CreateAigcVideoTask's limit.</summary>
        public int CreateRateLimit
        {
            get => RateLimits[TaskKind.Video.CreateAction];
            set => RateLimits[TaskKind.Video.CreateAction] = value;
        }

        /// <summary>SecretId → (SecretKey, session token or null).</summary>
        public Dictionary<string, (string Key, string? Token)> Credentials { get; } = new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
        {
            [DemoSecretId] = (DemoSecretKey, null),
        };

        /// <summary>Size of every served video.</summary>
        public long VideoBytes { get; set; } = 1024 * 1024;

        /// <summary>
        /// How long a result URL's signature stays valid after the query that gave it; POST
        /// /_emulator/url-lifetime changes it for the links given from then on.
        /// </summary>
        public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(12);

        /// <summary>How long videos are kept after their task finished; no URL outlives this.</summary>
        public TimeSpan VideoRetention { get; set; } = TimeSpan.FromHours(12);

        /// <summary>
        /// The video responses cut short after <see cref="CutAfterBytes"/> bytes (--cut-share), picked evenly:
        /// with a share of 1/3, every third one.
        /// </summary>
        public FaultPlan Cuts { get; set; } = FaultPlan.None;

        public long CutAfterBytes { get; set; } = 256 * 1024;

        /// <summary>Bytes per second per video connection; 0 = as fast as it goes.</summary>
        public long BandwidthBytesPerSecond { get; set; }

        /// <summary>A pause before each video response's headers.</summary>
        public TimeSpan VideoDelay { get; set; }

        /// <summary>
        /// How long CreateAigcVideoTask and CreateAigcImageTask take to answer (--create-delay-ms). The task is made
        /// first, as the service has made it by the time its answer is on its way: a client that dies meanwhile
        /// leaves a task it never heard of, which is what a journal of creates must be ready for.
        /// </summary>
        public TimeSpan CreateDelay { get; set; }

        /// <summary>The schedule of tasks made by CreateAigcVideoTask and CreateAigcImageTask.</summary>
        public int CreatedTaskPolls { get; set; } = 3;

        /// <summary>A word whose presence in a prompt fails the content check (InvalidParameter.ViolationContent).</summary>
        public string BannedWord { get; set; } = "forbidden";

        /// <summary>The kinds of API fault: HTTP 502 or 503 from the gateway, a dropped connection, InternalError, RequestLimitExceeded, an answer slower than a client waits.</summary>
        public static readonly string[] ApiFaultKinds = { "502", "503", "drop", "internal", "limit", "slow" };

        /// <summary>The kinds of download fault: a body cut short, a connection that stalls, a Content-Length larger than the body.</summary>
        public static readonly string[] DownloadFaultKinds = { "cut", "stall", "length" };

        /// <summary>Faulty API answers (after authentication and the rate limit, so every request is still counted).</summary>
        public FaultPlan ApiFaults { get; set; } = FaultPlan.None;

        /// <summary>Faulty video responses; bytes are sent up to <see cref="CutAfterBytes"/> before the fault.</summary>
        public FaultPlan DownloadFaults { get; set; } = FaultPlan.None;

        /// <summary>How long a "slow" API answer takes.</summary>
        public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>How long a stalled video connection stays silent before the emulator gives up on it.</summary>
        public TimeSpan StallFor { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>A server that serves no ranges: Accept-Ranges: none, and every Range answered with the whole file (200).</summary>
        public bool NoRanges { get; set; }

        /// <summary>A video whose response went wrong is replaced by a new version (new bytes, new ETag), as when a task's output is regenerated.</summary>
        public bool ChangeOnFault { get; set; }

        /// <summary>The emulator's clock runs this far from the real one (its Date header too): a client clock that is off.</summary>
        public TimeSpan ClockOffset { get; set; }

        /// <summary>Serve HTTPS with a self-signed certificate that no client trusts.</summary>
        public bool SelfSignedHttps { get; set; }

        /// <summary>
        /// With <see cref="SelfSignedHttps"/>: where the certificate (public part only) is written as PEM, so a
        /// client can trust it for this run alone (curl --cacert, SSL_CERT_FILE) while every other client still refuses it.
        /// </summary>
        public string? CertificatePemFile { get; set; }

        /// <summary>The real time; tests replace it with a clock they move by hand, so expiry and rotation need no waiting.</summary>
        public Func<DateTimeOffset> UtcClock { get; set; } = () => DateTimeOffset.UtcNow;

        public DateTimeOffset Now => UtcClock() + ClockOffset;

        /// <summary>
        /// When set, the lifetime of every temporary key the STS or the metadata service issues, whatever the request
        /// asked: short enough for a test to cross many renewals in a minute.
        /// </summary>
        public TimeSpan? TempCredentialLifetime { get; set; }

        /// <summary>The file whose content is the one valid web identity token (read at every call, as a TKE cluster rotates it); null = no OIDC provider.</summary>
        public string? OidcTokenFile { get; set; }

        /// <summary>When set, the ProviderId AssumeRoleWithWebIdentity must name.</summary>
        public string? OidcProviderId { get; set; }

        /// <summary>The role the CVM metadata service hands out keys for; null = an instance without a role.</summary>
        public string? CvmRole { get; set; }

        /// <summary>Signature timestamps further off than this are refused, as by the service.</summary>
        public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

        public int RateLimitOf(string action)
        {
            return RateLimits.TryGetValue(action ?? string.Empty, out int limit) ? limit : RateLimit;
        }

        public static EmulatorOptions Parse(string[] args)
        {
            var options = new EmulatorOptions();
            double apiShare = 0, downloadShare = 0, cutShare = 0;
            string[] apiKinds = ApiFaultKinds, downloadKinds = DownloadFaultKinds;
            int burst = 1;
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string Value()
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new ArgumentException("The option " + name + " needs a value.");
                    }
                    return args[++i];
                }
                switch (name)
                {
                    case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--rate-limit": options.RateLimit = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--create-rate-limit": options.CreateRateLimit = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--action-rate-limit": SetActionRateLimit(options, name, Value()); break;
                    case "--video-bytes": options.VideoBytes = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--url-lifetime-seconds": options.UrlLifetime = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--create-delay-ms": options.CreateDelay = TimeSpan.FromMilliseconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--created-task-polls": options.CreatedTaskPolls = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--video-retention-seconds": options.VideoRetention = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--banned-word": options.BannedWord = Value(); break;
                    case "--cut-share": cutShare = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--cut-after-bytes": options.CutAfterBytes = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--bandwidth": options.BandwidthBytesPerSecond = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--video-delay-ms": options.VideoDelay = TimeSpan.FromMilliseconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--api-fault-share": apiShare = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--api-faults": apiKinds = FaultPlan.ParseKinds(Value(), ApiFaultKinds, name); break;
                    case "--download-fault-share": downloadShare = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--download-faults": downloadKinds = FaultPlan.ParseKinds(Value(), DownloadFaultKinds, name); break;
                    case "--fault-burst": burst = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--slow-ms": options.SlowAnswer = TimeSpan.FromMilliseconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--stall-seconds": options.StallFor = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--change-on-fault": options.ChangeOnFault = true; break;
                    case "--no-ranges": options.NoRanges = true; break;
                    case "--clock-offset-seconds": options.ClockOffset = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--https": options.SelfSignedHttps = true; break;
                    case "--certificate-out": options.CertificatePemFile = NonEmpty(name, Value(), "a file path"); break;
                    case "--temp-credential-lifetime-seconds": options.TempCredentialLifetime = TimeSpan.FromSeconds(PositiveSeconds(name, Value())); break;
                    case "--oidc-token-file": options.OidcTokenFile = NonEmpty(name, Value(), "a file path"); break;
                    case "--oidc-provider-id": options.OidcProviderId = NonEmpty(name, Value(), "a provider id"); break;
                    case "--cvm-role": options.CvmRole = RoleName(name, Value()); break;
                    case "--credential":
                        // ID:KEY or ID:KEY:TOKEN; a token makes X-TC-Token required for that SecretId.
                        string[] parts = Value().Split(':');
                        if (parts.Length < 2 || parts.Length > 3)
                        {
                            throw new ArgumentException("--credential takes SECRETID:SECRETKEY[:TOKEN].");
                        }
                        options.Credentials[parts[0]] = (parts[1], parts.Length == 3 ? parts[2] : null);
                        break;
                    default:
                        throw new ArgumentException("Unknown option " + name + ". Options: --port N, --rate-limit N (0 = off), --create-rate-limit N, --action-rate-limit ACTION=N, --video-bytes N, --url-lifetime-seconds N, --video-retention-seconds N, --created-task-polls N, --create-delay-ms N, --credential ID:KEY[:TOKEN], --cut-share F, --cut-after-bytes N, --bandwidth BYTES_PER_S, --video-delay-ms N, --banned-word WORD, --api-fault-share F, --api-faults "
                            + string.Join(",", ApiFaultKinds) + ", --download-fault-share F, --download-faults " + string.Join(",", DownloadFaultKinds)
                            + ", --fault-burst N, --slow-ms N, --stall-seconds N, --change-on-fault, --no-ranges, --clock-offset-seconds N, --https, --certificate-out PATH, --temp-credential-lifetime-seconds N, --oidc-token-file PATH, --oidc-provider-id ID, --cvm-role NAME.");
                }
            }
            options.ApiFaults = new FaultPlan(apiShare, apiKinds, burst);
            options.DownloadFaults = new FaultPlan(downloadShare, downloadKinds, burst);
            options.Cuts = new FaultPlan(cutShare, new[] { "cut" }, 1, faultsFirst: false);
            if (options.CertificatePemFile != null && !options.SelfSignedHttps)
            {
                throw new ArgumentException("--certificate-out writes the certificate of --https; add --https.");
            }
            return options;
        }

        private static void SetActionRateLimit(EmulatorOptions options, string name, string value)
        {
            string[] parts = value.Split('=');
            if (parts.Length != 2 || !options.RateLimits.ContainsKey(parts[0])
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int limit))
            {
                throw new ArgumentException(name + " takes ACTION=N, N requests per second (0 = off), ACTION one of "
                    + string.Join(", ", options.RateLimits.Keys) + "; got `" + value + "`.");
            }
            options.RateLimits[parts[0]] = limit;
        }

        private static int PositiveSeconds(string name, string value)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 1)
            {
                throw new ArgumentException(name + " takes a whole number of seconds, 1 or more; got `" + value + "`.");
            }
            return seconds;
        }

        private static string NonEmpty(string name, string value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException(name + " takes " + what + "; got an empty value.");
            }
            return value;
        }

        private static string RoleName(string name, string value)
        {
            // The role is the last segment of the metadata path, so it cannot hold a slash.
            if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(new[] { '/', '?', '#', ' ' }) >= 0)
            {
                throw new ArgumentException(name + " takes a CAM role name without '/', '?', '#' or spaces; got `" + value + "`.");
            }
            return value;
        }
    }
}
