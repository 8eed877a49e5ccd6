using System;
using System.Globalization;

namespace MpsAigc.Resilience
{
    /// <summary>
    /// One spell of an endpoint not answering, as <see cref="EndpointHealth"/> judged it: immutable, so a
    /// reader on any thread sees one consistent moment of it. Names the endpoint by scheme, host and port only.
    /// </summary>
    public sealed class EndpointOutage
    {
        public EndpointOutage(int number, string endpoint, DateTimeOffset since, TimeSpan sinceElapsed, string lastErrorId, DateTimeOffset? endedAt = null)
        {
            Number = number;
            Endpoint = endpoint;
            Since = since;
            SinceElapsed = sinceElapsed;
            LastErrorId = lastErrorId;
            EndedAt = endedAt;
        }

        /// <summary>Counts the endpoint's outages in this process: tells one outage from the next.</summary>
        public int Number { get; }

        public string Endpoint { get; }

        /// <summary>When the run of failures began (wall clock): the last answer, or the first failed attempt after it.</summary>
        public DateTimeOffset Since { get; }

        /// <summary><see cref="Since"/> on the clock's monotonic reading.</summary>
        public TimeSpan SinceElapsed { get; }

        /// <summary>When it began, as the user's clock shows it.</summary>
        public string SinceText => Clock(Since);

        /// <summary>What the latest failed attempt got: ConnectionRefused, RequestTimeout, HttpServerError...</summary>
        public string LastErrorId { get; }

        /// <summary>When an attempt got an answer again; null while it lasts.</summary>
        public DateTimeOffset? EndedAt { get; }

        public EndpointOutage WithLastError(string errorId)
        {
            return errorId == LastErrorId ? this : new EndpointOutage(Number, Endpoint, Since, SinceElapsed, errorId, EndedAt);
        }

        public EndpointOutage EndingAt(DateTimeOffset endedAt)
        {
            return new EndpointOutage(Number, Endpoint, Since, SinceElapsed, LastErrorId, endedAt);
        }

        /// <summary>The warning when it is found: where, since when, what the attempts get, and what the module does meanwhile.</summary>
        public string DownWarning()
        {
            return Endpoint + " is unreachable since " + SinceText + " (" + LastErrorId + "): one request a second checks whether it is back, and other requests to it are not sent meanwhile.";
        }

        /// <summary>The warning when it has ended: how long it lasted.</summary>
        public string BackWarning()
        {
            DateTimeOffset ended = EndedAt ?? Since;
            return Endpoint + " answers again, after " + Length(ended - Since) + " unreachable (since " + SinceText + ").";
        }

        /// <summary>For a progress line while it lasts.</summary>
        public override string ToString()
        {
            return "service unreachable since " + SinceText + "; retrying";
        }

        /// <summary>Local time, as the user's clock shows it; with the date when it is not today's.</summary>
        private static string Clock(DateTimeOffset time)
        {
            DateTimeOffset local = time.ToLocalTime();
            string format = local.Date == DateTimeOffset.Now.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
            return local.ToString(format, CultureInfo.InvariantCulture);
        }

        private static string Length(TimeSpan span)
        {
            if (span < TimeSpan.FromMinutes(1))
            {
                return Math.Max(0, span.TotalSeconds).ToString("0.#", CultureInfo.InvariantCulture) + " s";
            }
            return span < TimeSpan.FromHours(1)
                ? string.Format(CultureInfo.InvariantCulture, "{0} min {1} s", (int)span.TotalMinutes, span.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0} h {1} min", (int)span.TotalHours, span.Minutes);
        }
    }
}
