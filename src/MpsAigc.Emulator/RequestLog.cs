using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Counts API requests per wall-clock second, as received and as refused for rate, so tests can assert
    /// that no second ever carried more than the limit; and per client process (the module's
    /// X-MpsAigc-Client header), so they can see how the account's budget was shared.
    /// </summary>
    public sealed class RequestLog
    {
        private readonly object _lock = new object();
        private readonly Dictionary<long, int> _perSecond = new Dictionary<long, int>();
        private readonly Dictionary<(string, long), int> _perKeySecond = new Dictionary<(string, long), int>();
        private readonly Dictionary<string, ClientCounts> _perClient = new Dictionary<string, ClientCounts>(StringComparer.Ordinal);
        private long _requests;
        private long _refusedForRate;
        private long _videoRequests;
        private long _rangeRequests;
        private long _videoBytes;
        private long _imageRequests;
        private long _imageBytes;
        private long _cutResponses;
        private long _apiFaults;
        private long _downloadFaults;
        private int _downloadsNow;
        private int _maxDownloadsAtOnce;

        /// <summary>The counts about temporary keys, the STS and the metadata service.</summary>
        public CredentialCounters Credentials { get; } = new CredentialCounters();

        /// <summary>The MPS API calls by action, and those refused for rate.</summary>
        public ActionCounters Actions { get; } = new ActionCounters();

        /// <summary>The last calls answered, with what their settings put in them.</summary>
        public RecentCalls Recent { get; } = new RecentCalls();

        /// <summary>Beyond this many clients, the rest are counted together, so a flood of ids cannot grow the stats without end.</summary>
        public const int MaxClients = 1000;

        /// <summary>The client of a request that names none (another SDK, curl).</summary>
        public const string UnnamedClient = "(none)";

        private const string OtherClients = "(others)";

        /// <summary>Records an API request; false when it is over <paramref name="limit"/> for its key this second.</summary>
        /// <param name="client">The client process the request names; null or empty for none.</param>
        public bool RecordApiRequest(string key, DateTimeOffset now, int limit, string? client = null)
        {
            long second = now.ToUnixTimeSeconds();
            lock (_lock)
            {
                _requests++;
                ClientCounts counts = CountsOf(string.IsNullOrEmpty(client) ? UnnamedClient : client);
                counts.Requests++;
                _perSecond.TryGetValue(second, out int total);
                _perSecond[second] = total + 1;
                _perKeySecond.TryGetValue((key, second), out int count);
                _perKeySecond[(key, second)] = count + 1;
                if (_perKeySecond.Count > 4096)
                {
                    foreach (var old in _perKeySecond.Keys.Where(k => k.Item2 < second - 5).ToList())
                    {
                        _perKeySecond.Remove(old);
                    }
                }
                if (limit > 0 && count + 1 > limit)
                {
                    _refusedForRate++;
                    counts.RequestLimitExceeded++;
                    return false;
                }
                return true;
            }
        }

        private ClientCounts CountsOf(string client)
        {
            if (_perClient.TryGetValue(client, out ClientCounts? counts))
            {
                return counts;
            }
            if (_perClient.Count >= MaxClients && _perClient.TryGetValue(OtherClients, out ClientCounts? others))
            {
                return others;
            }
            var added = new ClientCounts();
            _perClient[_perClient.Count >= MaxClients ? OtherClients : client] = added;
            return added;
        }

        public void RecordVideoRequest(bool range)
        {
            Interlocked.Increment(ref _videoRequests);
            if (range)
            {
                Interlocked.Increment(ref _rangeRequests);
            }
        }

        public void RecordImageRequest(bool range)
        {
            Interlocked.Increment(ref _imageRequests);
            if (range)
            {
                Interlocked.Increment(ref _rangeRequests);
            }
        }

        public void RecordImageBytes(long bytes)
        {
            Interlocked.Add(ref _imageBytes, bytes);
        }

        public void RecordCutResponse()
        {
            Interlocked.Increment(ref _cutResponses);
        }

        public void RecordApiFault()
        {
            Interlocked.Increment(ref _apiFaults);
        }

        public void RecordDownloadFault()
        {
            Interlocked.Increment(ref _downloadFaults);
        }

        /// <summary>A video or image body begins: counted until <see cref="RecordDownloadEnded"/>, for the most at once.</summary>
        public void RecordDownloadStarted()
        {
            int now = Interlocked.Increment(ref _downloadsNow);
            int most = Volatile.Read(ref _maxDownloadsAtOnce);
            while (now > most)
            {
                int seen = Interlocked.CompareExchange(ref _maxDownloadsAtOnce, now, most);
                if (seen == most)
                {
                    break;
                }
                most = seen;
            }
        }

        public void RecordDownloadEnded()
        {
            Interlocked.Decrement(ref _downloadsNow);
        }

        public void RecordVideoBytes(long bytes)
        {
            Interlocked.Add(ref _videoBytes, bytes);
        }

        public EmulatorStats Snapshot()
        {
            lock (_lock)
            {
                var stats = new EmulatorStats
                {
                    Requests = _requests,
                    RequestLimitExceeded = _refusedForRate,
                    MaxRequestsInOneSecond = _perSecond.Count == 0 ? 0 : _perSecond.Values.Max(),
                    SecondsWithRequests = _perSecond.Count,
                    VideoRequests = Interlocked.Read(ref _videoRequests),
                    RangeRequests = Interlocked.Read(ref _rangeRequests),
                    VideoBytesServed = Interlocked.Read(ref _videoBytes),
                    ImageRequests = Interlocked.Read(ref _imageRequests),
                    ImageBytesServed = Interlocked.Read(ref _imageBytes),
                    CutResponses = Interlocked.Read(ref _cutResponses),
                    ApiFaults = Interlocked.Read(ref _apiFaults),
                    DownloadFaults = Interlocked.Read(ref _downloadFaults),
                    MaxDownloadsAtOnce = Volatile.Read(ref _maxDownloadsAtOnce),
                    Clients = _perClient.ToDictionary(c => c.Key, c => new ClientCounts { Requests = c.Value.Requests, RequestLimitExceeded = c.Value.RequestLimitExceeded }, StringComparer.Ordinal),
                };
                Credentials.CopyTo(stats);
                Actions.CopyTo(stats);
                stats.RecentCalls = Recent.Snapshot();
                return stats;
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _perSecond.Clear();
                _perKeySecond.Clear();
                _perClient.Clear();
                _requests = 0;
                _refusedForRate = 0;
                Interlocked.Exchange(ref _videoRequests, 0);
                Interlocked.Exchange(ref _rangeRequests, 0);
                Interlocked.Exchange(ref _videoBytes, 0);
                Interlocked.Exchange(ref _imageRequests, 0);
                Interlocked.Exchange(ref _imageBytes, 0);
                Interlocked.Exchange(ref _cutResponses, 0);
                Interlocked.Exchange(ref _apiFaults, 0);
                Interlocked.Exchange(ref _downloadFaults, 0);
                // Bodies still being sent stay counted in the current number; the most starts again from it.
                Interlocked.Exchange(ref _maxDownloadsAtOnce, Volatile.Read(ref _downloadsNow));
                Credentials.Reset();
                Actions.Reset();
                Recent.Reset();
            }
        }
    }

    public sealed class EmulatorStats
    {
        public long Requests { get; set; }

        /// <summary>
        /// The tasks asked about or created since the emulator started or was reset: after a restart, how many of
        /// a wait's tasks its polls have reached again.
        /// </summary>
        public int TasksKnown { get; set; }

        public long RequestLimitExceeded { get; set; }

        public int MaxRequestsInOneSecond { get; set; }

        public int SecondsWithRequests { get; set; }

        public long VideoRequests { get; set; }

        public long RangeRequests { get; set; }

        public long VideoBytesServed { get; set; }

        /// <summary>Image responses (GET and HEAD); their Range requests count in RangeRequests, their cuts in CutResponses.</summary>
        public long ImageRequests { get; set; }

        public long ImageBytesServed { get; set; }

        /// <summary>MPS API calls that passed authentication, by action (actions the emulator does not serve under "(unknown)").</summary>
        public Dictionary<string, long> CallsByAction { get; set; } = new Dictionary<string, long>();

        /// <summary>Those of <see cref="CallsByAction"/> refused with RequestLimitExceeded by the action's own limit.</summary>
        public Dictionary<string, long> RefusedByAction { get; set; } = new Dictionary<string, long>();

        /// <summary>Tasks made, by create action: what the account would be billed for, answered or not.</summary>
        public Dictionary<string, long> CreatedByAction { get; set; } = new Dictionary<string, long>();

        public long CutResponses { get; set; }

        /// <summary>API answers turned into faults by --api-fault-share.</summary>
        public long ApiFaults { get; set; }

        /// <summary>Video responses turned into faults by --download-fault-share (not counting --cut-share).</summary>
        public long DownloadFaults { get; set; }

        /// <summary>The most video and image bodies sent at once: the connections a client downloads on.</summary>
        public int MaxDownloadsAtOnce { get; set; }

        /// <summary>
        /// API requests and refusals for rate by client process (the X-MpsAigc-Client header; "(none)" for
        /// requests without it), to see how clients shared the account's budget.
        /// </summary>
        public Dictionary<string, ClientCounts> Clients { get; set; } = new Dictionary<string, ClientCounts>();

        /// <summary>MPS API calls that passed authentication, by the kind of key that signed them: Permanent, AssumeRole, WebIdentity, CvmRole.</summary>
        public Dictionary<string, long> CallsByCredentialKind { get; set; } = new Dictionary<string, long>();

        /// <summary>STS calls by action, answered successfully or not.</summary>
        public Dictionary<string, long> StsCalls { get; set; } = new Dictionary<string, long>();

        /// <summary>GETs of the metadata service's security-credentials/ROLE.</summary>
        public long MetadataCredentialRequests { get; set; }

        public long TemporaryCredentialsIssued { get; set; }

        /// <summary>Requests refused because their temporary key had expired.</summary>
        public long ExpiredTokenRefusals { get; set; }

        /// <summary>STS and metadata answers refused by POST /_emulator/credential-outage.</summary>
        public long CredentialOutageRefusals { get; set; }

        /// <summary>The last <see cref="Emulator.RecentCalls.Kept"/> calls answered, oldest first.</summary>
        public List<CallRecord> RecentCalls { get; set; } = new List<CallRecord>();
    }

    public sealed class ClientCounts
    {
        public long Requests { get; set; }

        public long RequestLimitExceeded { get; set; }
    }
}
