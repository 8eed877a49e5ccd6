using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Common;
using MpsAigc.Resilience;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Downloads one result (a video, an image) to a file that is either whole or absent: the bytes go to
    /// "NAME.TAG.part" beside it, TAG naming the version of the file (from its ETag); a transient failure
    /// resumes from the bytes already there with Range and If-Range; the byte count is checked against
    /// Content-Length; only then is the part renamed to NAME. A part left by an earlier run is resumed when
    /// the server still has the same version, and thrown away when it does not, so two versions are never
    /// spliced together.
    /// </summary>
    public sealed class ResultDownloader
    {
        private const int MaxRedirects = 5;

        /// <summary>However much each attempt delivers, a download ends after MaxAttempts times this many attempts.</summary>
        private const int AttemptsCapFactor = 10;
        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(CreateHttpClient);

        private readonly RetryPolicy _retry;
        private readonly IClock _clock;
        private readonly IMpsLog _log;
        private readonly TimeSpan _stallTimeout;
        private readonly HttpClient _http;
        private readonly ConnectionBudget? _connections;

        /// <param name="connections">The command's connections; null: one per file, each file on one connection.</param>
        public ResultDownloader(RetryPolicy retry, IClock clock, IMpsLog log, TimeSpan stallTimeout, HttpMessageHandler? handler = null, ConnectionBudget? connections = null)
        {
            _retry = retry;
            _clock = clock;
            _log = log;
            _stallTimeout = stallTimeout;
            _connections = connections;
            _http = handler == null ? SharedHttp.Value : new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <param name="onBytes">Told of every chunk written (negative when a restart discards bytes).</param>
        /// <param name="onLength">Told of the file's full length once it is known.</param>
        /// <returns>The length of the saved file.</returns>
        public async Task<long> DownloadAsync(Uri url, string path, bool overwrite, Action<long> onBytes, Action<long> onLength, CancellationToken cancellationToken)
        {
            SafeUrl.Validate(url);
            if (_connections == null)
            {
                return await DownloadHoldingAsync(url, path, overwrite, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
            // A file's first connection is waited for; a ranged download adds only those that are free.
            await _connections.TakeAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await DownloadHoldingAsync(url, path, overwrite, onBytes, onLength, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _connections.Release();
            }
        }

        private async Task<long> DownloadHoldingAsync(Uri url, string path, bool overwrite, Action<long> onBytes, Action<long> onLength, CancellationToken cancellationToken)
        {
            string shown = SafeUrl.Show(url);

            PartFile? part = PartFile.FindExisting(path);
            string? validator = null;
            bool lengthTold = false;
            // Attempts that brought no new bytes in a row: a link that keeps breaking but keeps delivering is
            // worth following to the end; one that delivers nothing is given up after MaxAttempts of those.
            int fruitless = 0;
            for (int attempt = 1; ; attempt++)
            {
                long startLength = part?.Done ?? 0;
                try
                {
                    long offset = part?.ResumeOffset ?? 0;
                    using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        stall.CancelAfter(_stallTimeout);
                        using (HttpResponseMessage response = await SendAsync(url, offset, validator, shown, stall.Token).ConfigureAwait(false))
                        {
                            int status = (int)response.StatusCode;
                            if (status == 416 && part != null && response.Content.Headers.ContentRange?.Length == offset)
                            {
                                // An earlier run wrote every byte but stopped before the rename.
                                return part.Complete(path, overwrite);
                            }
                            ThrowForStatus(response.StatusCode, shown);
                            string served = Validator(response);
                            long? total;
                            ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                            // From byte 0 any version will do; a resume must be of the version the part holds.
                            if (status == 206 && range?.From == offset && range.Length != null && (offset == 0 || part!.Holds(served, range.Length.Value)))
                            {
                                total = range.Length;
                                if (part == null || !part.Holds(served, total.Value))
                                {
                                    part?.Delete();
                                    part = PartFile.Create(path, served);
                                }
                            }
                            else
                            {
                                if (status == 206)
                                {
                                    // Not the version the part holds, or not the range asked for: start over.
                                    part?.Delete();
                                    onBytes(-offset);
                                    part = null;
                                    throw new MpsException(ErrorIds.VersionChanged, MpsErrorKind.Connection, "The file at " + shown + " changed since the download began; starting it again.");
                                }
                                if (part != null)
                                {
                                    onBytes(-offset);
                                    part.Delete();
                                }
                                part = PartFile.Create(path, served);
                                offset = 0;
                                total = response.Content.Headers.ContentLength;
                            }
                            validator = served.Length == 0 ? null : served;
                            if (total != null && !lengthTold)
                            {
                                onLength(total.Value);
                                lengthTold = true;
                            }
                            if (total != null && RangedDownload.Suits(part, status == 206, total.Value, offset, served, _connections))
                            {
                                Uri from = response.RequestMessage?.RequestUri ?? url;
                                RangeRequest ranges = (first, last, token) => SendAsync(from, first, served, shown, token, last);
                                return await RangedDownload.RunAsync(
                                    response, part, total.Value, served, ranges, shown, onBytes, _connections, _retry, _clock, _log, _stallTimeout, path, overwrite, cancellationToken).ConfigureAwait(false);
                            }
                            long length = await CopyAsync(response, part, offset, onBytes, stall, cancellationToken).ConfigureAwait(false);
                            if (total != null && length != total.Value)
                            {
                                throw new MpsException(
                                    ErrorIds.IncompleteDownload,
                                    MpsErrorKind.Connection,
                                    string.Format(CultureInfo.InvariantCulture, "The download of {0} ended at {1} of {2} bytes.", shown, length, total.Value));
                            }
                            return WriteGuard.Run(path, () => HeldFileRetry.Run(() => part.Complete(path, overwrite)));
                        }
                    }
                }
                // A ranged download that failed has retried each of its ranges already: it is not started again.
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && RetryRules.IsTransientDownload(e) && !(e is MpsException { ErrorId: ErrorIds.DownloadFailed }))
                {
                    fruitless = (part?.Done ?? 0) > startLength ? 1 : fruitless + 1;
                    if (fruitless >= _retry.MaxAttempts || attempt >= _retry.MaxAttempts * AttemptsCapFactor)
                    {
                        throw Failed(shown, attempt, e);
                    }
                    TimeSpan delay = _retry.DelayAfter(fruitless);
                    _log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1}; resuming from {2:N0} bytes in {3:0.00} s (attempt {4}; {5} of {6} without progress).",
                        shown, Describe(e), part?.Done ?? 0, delay.TotalSeconds, attempt + 1, fruitless, _retry.MaxAttempts));
                    await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Copies the body into the part from <paramref name="offset"/> on (see <see cref="BodyReader"/>).</summary>
        private async Task<long> CopyAsync(HttpResponseMessage response, PartFile part, long offset, Action<long> onBytes, CancellationTokenSource stall, CancellationToken cancellationToken)
        {
            using (BodyReader body = await BodyReader.OpenAsync(response, stall, _stallTimeout, cancellationToken).ConfigureAwait(false))
            using (FileStream file = WriteGuard.Run(part.FullPath, () => part.Open(offset)))
            {
                do
                {
                    try
                    {
                        await body.ReadAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        // What came is kept, also before a failure, so that a resume starts after it.
                        if (body.Count > 0)
                        {
                            WriteGuard.Run(part.FullPath, () => file.Write(body.Bytes, 0, body.Count));
                            onBytes(body.Count);
                        }
                    }
                }
                while (body.Count > 0);
                WriteGuard.Run(part.FullPath, () => file.Flush());
                return file.Length;
            }
        }

        /// <summary>
        /// GETs the file from <paramref name="offset"/> (to <paramref name="last"/>, or its end), following redirects
        /// here rather than in the handler: only to http(s), never from https to http, at most <see cref="MaxRedirects"/>.
        /// A first request asks for bytes 0 onward: a server that serves ranges says so with 206 and the length.
        /// </summary>
        private async Task<HttpResponseMessage> SendAsync(Uri url, long offset, string? validator, string shown, CancellationToken cancellationToken, long? last = null)
        {
            for (int redirects = 0; ; redirects++)
            {
                HttpResponseMessage response;
                using (var request = new HttpRequestMessage(HttpMethod.Get, url))
                {
                    request.Headers.Range = new RangeHeaderValue(offset, last);
                    if (validator != null && (offset > 0 || last != null))
                    {
                        request.Headers.TryAddWithoutValidation("If-Range", validator);
                    }
                    NetFrameworkServicePoints.Prepare(url);
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        throw RetryRules.FailedSend(e, "GET", url.Host);
                    }
                }
                int status = (int)response.StatusCode;
                if (status < 300 || status >= 400 || status == 304)
                {
                    return response;
                }
                Uri? location = response.Headers.Location;
                response.Dispose();
                Uri? next = location == null ? null : location.IsAbsoluteUri ? location : new Uri(url, location);
                bool allowed = next != null && redirects < MaxRedirects
                    && (next.Scheme == Uri.UriSchemeHttps || (next.Scheme == Uri.UriSchemeHttp && url.Scheme == Uri.UriSchemeHttp));
                if (next == null || !allowed)
                {
                    throw new MpsException(
                        ErrorIds.RedirectRefused,
                        MpsErrorKind.InvalidOperation,
                        "The link " + shown + " redirected (HTTP " + status + ") to " + (next == null ? "nowhere" : SafeUrl.Show(next))
                        + ", which is not followed: redirects are followed only to http or https, never from https to http, and at most " + MaxRedirects + " times.");
                }
                url = next;
            }
        }

        internal static void ThrowForStatus(HttpStatusCode statusCode, string shown)
        {
            int status = (int)statusCode;
            if (status >= 200 && status < 300)
            {
                return;
            }
            if (status == 403 || status == 404 || status == 410)
            {
                throw new MpsException(ErrorIds.ResultUrlExpired, MpsErrorKind.NotFound, "The link " + shown + " answered HTTP " + status + ": it has expired or the file is gone. MPS keeps the videos and images of a task for 12 hours after it finished; query the task again for fresh links.");
            }
            if (status >= 500 || status == 408 || status == 429)
            {
                throw new MpsException(ErrorIds.HttpServerError, MpsErrorKind.ServiceError, "The server of the link answered HTTP " + status + " for " + shown + ".");
            }
            throw new MpsException(ErrorIds.DownloadFailed, MpsErrorKind.InvalidOperation, "The server of the link answered HTTP " + status + " " + statusCode + " for " + shown + ".");
        }

        /// <summary>The error of a download that keeps failing: what failed last, and that the part is kept.</summary>
        internal static MpsException Failed(string shown, int attempts, Exception e)
        {
            return new MpsException(
                ErrorIds.DownloadFailed,
                MpsErrorKind.Connection,
                "Downloading " + shown + " failed after " + attempts + " attempts: " + Describe(e).TrimEnd('.') + ". The partial file is kept; run the command again to resume.",
                e as MpsException);
        }

        internal static string Describe(Exception e)
        {
            if (e is MpsException)
            {
                return e.Message;
            }
            return e is OperationCanceledException ? "no answer in time." : ExceptionText.Innermost(e);
        }

        /// <summary>What identifies this version of the file: its ETag, else its Last-Modified date.</summary>
        internal static string Validator(HttpResponseMessage response)
        {
            if (response.Headers.ETag != null)
            {
                return response.Headers.ETag.ToString();
            }
            DateTimeOffset? modified = response.Content.Headers.LastModified;
            return modified == null ? string.Empty : modified.Value.ToString("R", CultureInfo.InvariantCulture);
        }

        private static HttpClient CreateHttpClient()
        {
            return new HttpClient(DownloadHttpHandler.Create()) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }
}
