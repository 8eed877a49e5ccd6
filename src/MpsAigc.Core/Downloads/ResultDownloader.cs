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
using MpsAigc.Configuration;

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
        private const int BufferBytes = 1024 * 1024;

        /// <summary>Reads are gathered into pieces of at least this many bytes before they are written.</summary>
        private const int WriteFrom = 512 * 1024;
        private const int MaxRedirects = 5;

        /// <summary>However much each attempt delivers, a download ends after MaxAttempts times this many attempts.</summary>
        private const int AttemptsCapFactor = 10;
        private static readonly TimeSpan StallRearm = TimeSpan.FromSeconds(1);
        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(CreateHttpClient);

        private readonly RetryPolicy _retry;
        private readonly IClock _clock;
        private readonly IMpsLog _log;
        private readonly TimeSpan _stallTimeout;
        private readonly HttpClient _http;

        public ResultDownloader(RetryPolicy retry, IClock clock, IMpsLog log, TimeSpan stallTimeout, HttpMessageHandler? handler = null)
        {
            _retry = retry;
            _clock = clock;
            _log = log;
            _stallTimeout = stallTimeout;
            _http = handler == null ? SharedHttp.Value : new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <param name="onBytes">Told of every chunk written (negative when a restart discards bytes).</param>
        /// <param name="onLength">Told of the file's full length once it is known.</param>
        /// <returns>The length of the saved file.</returns>
        public async Task<long> DownloadAsync(Uri url, string path, bool overwrite, Action<long> onBytes, Action<long> onLength, CancellationToken cancellationToken)
        {
            SafeUrl.Validate(url);
            string shown = SafeUrl.Show(url);

            PartFile? part = PartFile.FindExisting(path);
            string? validator = null;
            bool lengthTold = false;
            // Attempts that brought no new bytes in a row: a link that keeps breaking but keeps delivering is
            // worth following to the end; one that delivers nothing is given up after MaxAttempts of those.
            int fruitless = 0;
            for (int attempt = 1; ; attempt++)
            {
                long startLength = part?.Length ?? 0;
                try
                {
                    long offset = startLength;
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
                            if (status == 206 && part != null && response.Content.Headers.ContentRange?.From == offset && part.Tag == PartFile.TagOf(served))
                            {
                                total = response.Content.Headers.ContentRange.Length;
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
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e))
                {
                    fruitless = (part?.Length ?? 0) > startLength ? 1 : fruitless + 1;
                    if (fruitless >= _retry.MaxAttempts || attempt >= _retry.MaxAttempts * AttemptsCapFactor)
                    {
                        throw new MpsException(
                            ErrorIds.DownloadFailed,
                            MpsErrorKind.Connection,
                            "Downloading " + shown + " failed after " + attempt + " attempts: " + Describe(e).TrimEnd('.') + ". The partial file is kept; run the command again to resume.",
                            e as MpsException);
                    }
                    TimeSpan delay = _retry.DelayAfter(fruitless);
                    _log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1}; resuming from {2:N0} bytes in {3:0.00} s (attempt {4}; {5} of {6} without progress).",
                        shown, Describe(e), part?.Length ?? 0, delay.TotalSeconds, attempt + 1, fruitless, _retry.MaxAttempts));
                    await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Copies the body into the part. Reads are gathered into pieces of at least <see cref="WriteFrom"/>
        /// bytes (a TLS body comes a few records per read), so a gigabyte costs about two thousand writes; each
        /// is written on the thread its last read completed on (the socket keeps receiving meanwhile: handing
        /// writes to other threads cost more CPU than it saved time). A stop or a stall cancels the read and
        /// disposes the body.
        /// </summary>
        private async Task<long> CopyAsync(HttpResponseMessage response, PartFile part, long offset, Action<long> onBytes, CancellationTokenSource stall, CancellationToken cancellationToken)
        {
            var piece = new Piece();
            Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using (body)
            using (stall.Token.Register(() => body.Dispose()))
            using (FileStream file = WriteGuard.Run(part.FullPath, () => part.Open(offset)))
            {
                var sinceRearm = Stopwatch.StartNew();
                stall.CancelAfter(_stallTimeout);
                do
                {
                    try
                    {
                        await GatherAsync(body, piece, stall, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        // What came is kept, also before a failure, so that a resume starts after it.
                        if (piece.Count > 0)
                        {
                            WriteGuard.Run(part.FullPath, () => file.Write(piece.Bytes, 0, piece.Count));
                            onBytes(piece.Count);
                        }
                    }
                    // Re-arming the stall timer costs a timer update; once a second is plenty for a 30 s limit.
                    if (sinceRearm.Elapsed >= StallRearm)
                    {
                        stall.CancelAfter(_stallTimeout);
                        sinceRearm.Restart();
                    }
                }
                while (piece.Count > 0);
                WriteGuard.Run(part.FullPath, () => file.Flush());
                return file.Length;
            }
        }

        /// <summary>
        /// Reads into <paramref name="piece"/> until it holds at least <see cref="WriteFrom"/> bytes or the body
        /// ends; when a read fails, the piece still holds what came before it.
        /// </summary>
        private async Task GatherAsync(Stream body, Piece piece, CancellationTokenSource stall, CancellationToken cancellationToken)
        {
            piece.Count = 0;
            while (piece.Count < WriteFrom)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(piece.Bytes, piece.Count, piece.Bytes.Length - piece.Count, stall.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is HttpRequestException || e is WebException || e is OperationCanceledException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (stall.IsCancellationRequested)
                    {
                        throw new MpsException(ErrorIds.DownloadStalled, MpsErrorKind.Timeout, "No data came for " + _stallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.");
                    }
                    throw new MpsException(ErrorIds.ConnectionFailed, MpsErrorKind.Connection, Describe(e), e as MpsException);
                }
                if (read == 0)
                {
                    break;
                }
                piece.Count += read;
            }
        }

        /// <summary>
        /// GETs the file (from <paramref name="offset"/> when it is past 0), following redirects here rather
        /// than in the handler: only to http(s), never from https to http, at most <see cref="MaxRedirects"/>.
        /// </summary>
        private async Task<HttpResponseMessage> SendAsync(Uri url, long offset, string? validator, string shown, CancellationToken cancellationToken)
        {
            for (int redirects = 0; ; redirects++)
            {
                HttpResponseMessage response;
                using (var request = new HttpRequestMessage(HttpMethod.Get, url))
                {
                    if (offset > 0)
                    {
                        request.Headers.Range = new RangeHeaderValue(offset, null);
                        if (validator != null)
                        {
                            request.Headers.TryAddWithoutValidation("If-Range", validator);
                        }
                    }
                    NetFrameworkServicePoints.Prepare(url);
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        throw NetworkFailures.Of(e, "GET", url.Host);
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

        private static void ThrowForStatus(HttpStatusCode statusCode, string shown)
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

        private static bool IsTransient(Exception e)
        {
            switch (e)
            {
                case MpsException mps:
                    return MpsClient.IsTransient(mps);
                case HttpRequestException _:
                case IOException _:
                case OperationCanceledException _:
                    return true;
                default:
                    return false;
            }
        }

        private static string Describe(Exception e)
        {
            if (e is MpsException)
            {
                return e.Message;
            }
            return e is OperationCanceledException ? "no answer in time." : ExceptionText.Innermost(e);
        }

        /// <summary>What identifies this version of the file: its ETag, else its Last-Modified date.</summary>
        private static string Validator(HttpResponseMessage response)
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

        /// <summary>A buffer of the copy and how much of it holds the body.</summary>
        private sealed class Piece
        {
            public byte[] Bytes { get; } = new byte[BufferBytes];

            public int Count { get; set; }
        }

        /// <summary>The partial file of one download, named after the version of the file it holds.</summary>
        private sealed class PartFile
        {
            private PartFile(string path, string tag)
            {
                FullPath = path;
                Tag = tag;
            }

            public string FullPath { get; }

            public string Tag { get; }

            public long Length => File.Exists(FullPath) ? new FileInfo(FullPath).Length : 0;

            public static string TagOf(string validator)
            {
                using (var sha = SHA256.Create())
                {
                    byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(validator ?? string.Empty));
                    return BitConverter.ToString(hash, 0, 4).Replace("-", string.Empty).ToLowerInvariant();
                }
            }

            /// <summary>The largest part an earlier run left for this file; others are stale and removed.</summary>
            /// <returns>Null when there is none.</returns>
            public static PartFile? FindExisting(string path)
            {
                string? folder = Path.GetDirectoryName(path);
                string name = Path.GetFileName(path);
                if (!Directory.Exists(folder))
                {
                    return null;
                }
                FileInfo[] parts = new DirectoryInfo(folder).GetFiles(name + ".*.part")
                    .Where(f => f.Name.Length == name.Length + 14)
                    .OrderByDescending(f => f.Length)
                    .ToArray();
                foreach (FileInfo stale in parts.Skip(1))
                {
                    stale.Delete();
                }
                if (parts.Length == 0)
                {
                    return null;
                }
                string tag = parts[0].Name.Substring(name.Length + 1, 8);
                return new PartFile(parts[0].FullName, tag);
            }

            public static PartFile Create(string path, string validator)
            {
                string tag = TagOf(validator);
                return new PartFile(path + "." + tag + ".part", tag);
            }

            public FileStream Open(long offset)
            {
                var stream = new FileStream(FullPath, offset > 0 ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read, 1);
                stream.SetLength(offset);
                stream.Position = offset;
                return stream;
            }

            public void Delete()
            {
                if (File.Exists(FullPath))
                {
                    File.Delete(FullPath);
                }
            }

            public long Complete(string path, bool overwrite)
            {
                long length = Length;
                if (File.Exists(path))
                {
                    if (!overwrite)
                    {
                        throw new MpsException(ErrorIds.FileExists, MpsErrorKind.InvalidOperation, "The file " + path + " appeared while it was being downloaded; the download is kept as " + Path.GetFileName(FullPath) + ".");
                    }
                    File.Replace(FullPath, path, null);
                }
                else
                {
                    File.Move(FullPath, path);
                }
                return length;
            }
        }
    }
}
