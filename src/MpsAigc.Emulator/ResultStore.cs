using System;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Serves result videos and images like the service's COS storage: signed, expiring URLs; Range (one
    /// range per request, any number of requests at once, each under its own bandwidth cap) and If-Range (an
    /// ETag or the Last-Modified date, compared exactly); ETag and Content-Length; 403 with a COS-style XML
    /// body once a link has expired. With --no-ranges it is a server that serves no ranges: every Range is
    /// answered with the whole file.
    /// </summary>
    internal sealed class ResultStore
    {
        private const int ChunkBytes = 64 * 1024;

        /// <summary>Every version's date: a client that guards ranges with it instead of the ETag gets them all the same.</summary>
        private const string LastModified = "Mon, 01 Jan 2024 00:00:00 GMT";
        private static readonly TimeSpan CutGrace = TimeSpan.FromMilliseconds(100);

        private readonly EmulatorOptions _options;
        private readonly RequestLog _log;
        private readonly TaskBook _tasks;
        private readonly byte[] _urlKey = RandomNumberGenerator.GetBytes(32);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _versions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        public ResultStore(EmulatorOptions options, RequestLog log, TaskBook tasks)
        {
            _options = options;
            _log = log;
            _tasks = tasks;
        }

        /// <summary>
        /// Fresh signed links, valid for the URL lifetime from this query, but never past the results'
        /// retention: asking again renews an expired link only while the videos or images are still kept.
        /// </summary>
        public string[] UrlsFor(TaskSnapshot task, string baseUrl, DateTimeOffset now)
        {
            DateTimeOffset retainedUntil = task.FinishedAt + _options.VideoRetention;
            DateTimeOffset validUntil = now + _options.UrlLifetime;
            long start = now.ToUnixTimeSeconds();
            long end = (validUntil < retainedUntil ? validUntil : retainedUntil).ToUnixTimeSeconds();
            var urls = new string[task.Schedule.ResultCount];
            for (int i = 0; i < urls.Length; i++)
            {
                string path = "/" + task.Schedule.Kind.Folder + "/" + Uri.EscapeDataString(task.TaskId) + "/" + LinkName(task.Schedule, i + 1);
                urls[i] = baseUrl + path + "?q-sign-algorithm=sha256&q-sign-time=" + start + "%3B" + end + "&q-signature=" + Sign(path, end);
            }
            return urls;
        }

        /// <summary>The task's output was regenerated: from now on the path serves other bytes under another ETag.</summary>
        public void Replace(string path)
        {
            _versions.AddOrUpdate(path, 1, (_, version) => version + 1);
        }

        /// <summary>The SHA-256 of a video's or image's whole content, for tests that check what was saved.</summary>
        public string Sha256Of(string path)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            StoredResult result = ResultAt(path);
            byte[] chunk = new byte[ChunkBytes];
            for (long offset = 0; offset < result.Length; offset += chunk.Length)
            {
                int count = (int)Math.Min(chunk.Length, result.Length - offset);
                result.Fill(offset, chunk.AsSpan(0, count));
                hash.AppendData(chunk, 0, count);
            }
            return Convert.ToHexString(hash.GetHashAndReset());
        }

        public async Task ServeAsync(HttpContext context)
        {
            HttpRequest request = context.Request;
            string path = request.Path.Value ?? string.Empty;
            string? signTime = request.Query["q-sign-time"];
            string? signature = request.Query["q-signature"];
            string[] times = (signTime ?? string.Empty).Split(';');
            if (times.Length != 2 || !long.TryParse(times[1], NumberStyles.None, CultureInfo.InvariantCulture, out long end)
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature ?? string.Empty), Encoding.ASCII.GetBytes(Sign(path, end))))
            {
                await DenyAsync(context, "AccessDenied", "Access Denied.", path);
                return;
            }
            if (_options.Now.ToUnixTimeSeconds() > end)
            {
                await DenyAsync(context, "AccessDenied", "Request has expired", path);
                return;
            }

            StoredResult result = ResultAt(path);
            long size = result.Length;
            // Fixed by the content alone, like a storage ETag: another emulator serves the same version.
            string etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ContentName(path) + "#" + size)), 0, 16).ToLowerInvariant() + "\"";
            HttpResponse response = context.Response;
            response.Headers.AcceptRanges = _options.NoRanges ? "none" : "bytes";
            response.Headers.ETag = etag;
            response.Headers.LastModified = LastModified;
            response.ContentType = result.ContentType;

            long offset = 0;
            long length = size;
            string? range = request.Headers.Range;
            string? ifRange = request.Headers.IfRange;
            bool honourRange = !_options.NoRanges && !string.IsNullOrEmpty(range) && (string.IsNullOrEmpty(ifRange) || ifRange == etag || ifRange == LastModified);
            if (result.IsImage)
            {
                _log.RecordImageRequest(honourRange);
            }
            else
            {
                _log.RecordVideoRequest(honourRange);
            }
            if (honourRange)
            {
                if (!TryParseRange(range, size, out offset, out length))
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = "bytes */" + size;
                    return;
                }
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
            }
            if (HttpMethods.IsHead(request.Method))
            {
                response.ContentLength = length;
                return;
            }
            string? fault = _options.Cuts.Next() ?? _options.DownloadFaults.Next();
            if (fault != null && fault != "cut")
            {
                _log.RecordDownloadFault();
            }
            // A wrong Content-Length: more than will come, so the body ends early at the client.
            response.ContentLength = fault == "length" ? length + 1024 : length;
            bool faulted = fault == "length";
            _log.RecordDownloadStarted();
            try
            {
                faulted |= await SendAsync(context, result, offset, length, fault);
            }
            finally
            {
                _log.RecordDownloadEnded();
                if (faulted && _options.ChangeOnFault)
                {
                    // The task's output was regenerated: the next request gets other bytes under another ETag.
                    Replace(path);
                }
            }
        }

        /// <returns>True when the body was cut short or stalled.</returns>
        private async Task<bool> SendAsync(HttpContext context, StoredResult result, long offset, long length, string? fault)
        {
            HttpResponse response = context.Response;

            if (_options.VideoDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.VideoDelay, context.RequestAborted);
            }
            long cutAt = fault == "cut" && _options.CutAfterBytes < length ? _options.CutAfterBytes
                : fault == "stall" ? Math.Min(_options.CutAfterBytes, length / 2)
                : -1;
            byte[] chunk = new byte[ChunkBytes];
            long sent = 0;
            long started = Stopwatch.GetTimestamp();
            while (sent < length)
            {
                int count = (int)Math.Min(chunk.Length, length - sent);
                if (cutAt >= 0 && sent + count >= cutAt)
                {
                    // A flaky CDN: part of the body, then the connection drops.
                    count = (int)(cutAt - sent);
                    result.Fill(offset + sent, chunk.AsSpan(0, count));
                    await response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                    CountBytes(result, count);
                    if (fault == "stall")
                    {
                        // A stalled connection: open, silent, until the client gives up (or the emulator does).
                        await Task.Delay(_options.StallFor, context.RequestAborted);
                    }
                    else
                    {
                        _log.RecordCutResponse();
                        // Let the client read what was sent before the reset, or the reset discards it unread.
                        await Task.Delay(CutGrace, context.RequestAborted);
                    }
                    context.Abort();
                    return true;
                }
                result.Fill(offset + sent, chunk.AsSpan(0, count));
                await response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
                sent += count;
                CountBytes(result, count);
                if (_options.BandwidthBytesPerSecond > 0)
                {
                    TimeSpan due = TimeSpan.FromSeconds((double)sent / _options.BandwidthBytesPerSecond);
                    TimeSpan ahead = due - Stopwatch.GetElapsedTime(started);
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, context.RequestAborted);
                    }
                }
            }
            if (fault == "length")
            {
                // Every byte there is, but fewer than announced: the connection ends with the body unfinished.
                await response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(CutGrace, context.RequestAborted);
                context.Abort();
            }
            return false;
        }

        /// <summary>The name the bytes are made from: the path, and the version once a fault changed it.</summary>
        private string ContentName(string path)
        {
            return _versions.TryGetValue(path, out int version) ? path + "#v" + version.ToString(CultureInfo.InvariantCulture) : path;
        }

        /// <summary>What a signed path holds: "/videos/ID/N.mp4", or "/images/ID/N" with any extension or none.</summary>
        private StoredResult ResultAt(string path)
        {
            string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            TaskSchedule? schedule = segments.Length >= 2 ? _tasks.ScheduleOf(Uri.UnescapeDataString(segments[1])) : null;
            if (segments.Length < 3 || TaskKind.OfFolder(segments[0]) != TaskKind.Image)
            {
                return StoredResult.Video(ContentName(path), schedule?.ResultBytes ?? _options.VideoBytes);
            }
            // The format comes from the task, never from the link's name, which may hide it or lie.
            int.TryParse(segments[2].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index);
            ImageFormat format = (schedule ?? TaskSchedule.Created(TaskKind.Image, 1)).ImageFormatOf(Math.Max(1, index));
            byte[] bytes = ImageContent.Build(ContentName(path), format, schedule?.ResultBytes);
            return StoredResult.Image(bytes, schedule?.OctetStream == true ? "application/octet-stream" : ImageContent.ContentTypeOf(format));
        }

        private static string LinkName(TaskSchedule schedule, int index)
        {
            string number = index.ToString(CultureInfo.InvariantCulture);
            if (schedule.Kind != TaskKind.Image)
            {
                return number + ".mp4";
            }
            ImageFormat format = schedule.ImageFormatOf(index);
            ImageFormat other = format == ImageFormat.Png ? ImageFormat.Jpeg : ImageFormat.Png;
            switch (schedule.LinkNameOf(index))
            {
                case Emulator.LinkName.RightExtension: return number + ImageContent.ExtensionOf(format);
                case Emulator.LinkName.WrongExtension: return number + ImageContent.ExtensionOf(other);
                default: return number;
            }
        }

        private void CountBytes(StoredResult result, long count)
        {
            if (result.IsImage)
            {
                _log.RecordImageBytes(count);
            }
            else
            {
                _log.RecordVideoBytes(count);
            }
        }

        /// <summary>One range of the forms a-b, a- and -n; several ranges are not needed by any client here.</summary>
        internal static bool TryParseRange(string? header, long size, out long offset, out long length)
        {
            offset = 0;
            length = 0;
            if (header == null || !header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(','))
            {
                return false;
            }
            string[] ends = header.Substring(6).Split('-');
            if (ends.Length != 2)
            {
                return false;
            }
            bool hasFirst = long.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first);
            bool hasLast = long.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last);
            if (!hasFirst && hasLast)
            {
                first = Math.Max(0, size - last);
                last = size - 1;
            }
            else if (hasFirst && !hasLast && ends[1].Length == 0)
            {
                last = size - 1;
            }
            else if (!hasFirst || !hasLast)
            {
                return false;
            }
            if (first >= size || last < first)
            {
                return false;
            }
            offset = first;
            length = Math.Min(last, size - 1) - first + 1;
            return true;
        }

        private static async Task DenyAsync(HttpContext context, string code, string message, string resource)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/xml";
            string requestId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            await context.Response.WriteAsync(
                "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>" + code + "</Code>\n\t<Message>" + message
                + "</Message>\n\t<Resource>" + System.Security.SecurityElement.Escape(resource) + "</Resource>\n\t<RequestId>" + requestId
                + "</RequestId>\n</Error>");
        }

        private string Sign(string path, long end)
        {
            return Convert.ToHexString(HMACSHA256.HashData(_urlKey, Encoding.UTF8.GetBytes(path + "|" + end))).ToLowerInvariant();
        }
    }
}
