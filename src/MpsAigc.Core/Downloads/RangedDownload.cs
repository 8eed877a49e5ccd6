using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;
using MpsAigc.Resilience;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Fetches one file as several ranges at once, written in place into its one part, on as many
    /// connections as the command's <see cref="ConnectionBudget"/> has free (at most
    /// <see cref="MaxConnectionsPerFile"/>); the first is the connection whose answer showed that the server
    /// serves ranges. Each connection keeps what Save promises for a whole file: a cut or a stall resumes its
    /// range where it broke, with growing pauses; a range of another version (If-Range answered with the whole
    /// file, or another ETag or length) restarts the file, never splices it; a server that refuses more
    /// connections (503, 429, or the whole file instead of a range) keeps those it gave. What the part holds is
    /// saved beside it every second (<see cref="PartFile.SaveMap"/>), so a rerun after a kill fetches only what
    /// is missing. A failure that is no network hiccup (an expired link, a full disk) stops every connection and
    /// is the file's one error.
    /// </summary>
    internal sealed class RangedDownload
    {
        /// <summary>Files at least this long (what is left of them) are fetched in ranges; smaller ones on one connection.</summary>
        public const long Threshold = 16L * 1024 * 1024;

        /// <summary>aria2's -x8 and the AWS CLI's 10 concurrent parts: more rarely helps, and looks like abuse to a server.</summary>
        public const int MaxConnectionsPerFile = 8;

        /// <summary>The least a connection is started for: smaller ranges finish before a new connection would have helped.</summary>
        internal const long MinRange = 2L * 1024 * 1024;

        /// <summary>However much each attempt delivers, a file's connections together fail at most MaxAttempts times this many times.</summary>
        private const int FailuresCapFactor = 10 * MaxConnectionsPerFile;

        private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);

        private readonly PartFile _part;
        private readonly RangePlan _plan;
        private readonly RangeRequest _send;
        private readonly string _shown;
        private readonly Action<long> _onBytes;
        private readonly ConnectionBudget? _connections;
        private readonly RetryPolicy _retry;
        private readonly IClock _clock;
        private readonly IMpsLog _log;
        private readonly TimeSpan _stallTimeout;
        private readonly CancellationTokenSource _stop;
        private readonly TaskCompletionSource<bool> _ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _failure;
        private int _running;
        private int _failures;
        private long _written;
        private int _saving;
        private int _declined;
        private long _lastSaveTicks;
        private Task _save = Task.CompletedTask;

        private RangedDownload(PartFile part, RangeRequest send, string shown, Action<long> onBytes, ConnectionBudget? connections, RetryPolicy retry, IClock clock, IMpsLog log, TimeSpan stallTimeout, CancellationToken cancellationToken)
        {
            _part = part;
            _plan = new RangePlan(part.Map ?? throw new ArgumentException("A ranged download keeps a map.", nameof(part)), MinRange);
            _send = send;
            _shown = shown;
            _onBytes = onBytes;
            _connections = connections;
            _retry = retry;
            _clock = clock;
            _log = log;
            _stallTimeout = stallTimeout;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _lastSaveTicks = clock.Elapsed.Ticks;
        }

        /// <summary>
        /// True when a file is worth fetching in ranges: enough of it is left, and its version has a validator
        /// If-Range can hold every range to (a strong ETag, or a Last-Modified date). A part with a map is always
        /// resumed in ranges: its holes are known only to its map.
        /// </summary>
        /// <param name="partial">True when the server answered the first request's range (206); a server that answers the whole file serves no ranges.</param>
        public static bool Suits(PartFile part, bool partial, long total, long offset, string validator, ConnectionBudget? connections)
        {
            return part.Map != null
                || (partial && connections != null && total - offset >= Threshold && validator.Length > 0 && !validator.StartsWith("W/", StringComparison.Ordinal));
        }

        /// <summary>Fetches what <paramref name="part"/> lacks, <paramref name="first"/>'s body being its first missing bytes onward.</summary>
        /// <returns>The length of the saved file.</returns>
        public static async Task<long> RunAsync(
            HttpResponseMessage first, PartFile part, long total, string validator, RangeRequest send, string shown, Action<long> onBytes,
            ConnectionBudget? connections, RetryPolicy retry, IClock clock, IMpsLog log, TimeSpan stallTimeout,
            string path, bool overwrite, CancellationToken cancellationToken)
        {
            if (part.Map == null)
            {
                // A part written from its start holds its length; from here on its map says what it holds.
                var map = new RangeMap(total, validator);
                map.Add(0, part.Length);
                WriteGuard.Run(part.FullPath, () => part.StartMap(map));
            }
            var download = new RangedDownload(part, send, shown, onBytes, connections, retry, clock, log, stallTimeout, cancellationToken);
            try
            {
                await download.RunAsync(first).ConfigureAwait(false);
            }
            finally
            {
                // Every connection has ended: nothing listens to the stop any more.
                download._stop.Dispose();
            }
            cancellationToken.ThrowIfCancellationRequested();
            long length = part.Length;
            if (!download._plan.IsComplete || length != total)
            {
                throw new MpsException(ErrorIds.IncompleteDownload, MpsErrorKind.Connection, string.Format(CultureInfo.InvariantCulture, "The download of {0} ended with {1} of {2} bytes.", shown, download._plan.DoneBytes, total));
            }
            return WriteGuard.Run(path, () => HeldFileRetry.Run(() => part.Complete(path, overwrite)));
        }

        private async Task RunAsync(HttpResponseMessage first)
        {
            int extra = 0;
            long unclaimed = _plan.UnclaimedBytes;
            long wanted = Math.Min(MaxConnectionsPerFile, Math.Max(1, unclaimed / MinRange)) - 1;
            while (extra < wanted && _connections != null && _connections.TryTake())
            {
                extra++;
            }
            // Equal shares, so that connections of one speed end together; any that ends early splits another's.
            long share = (unclaimed + extra) / (extra + 1);
            RangePiece? piece = _plan.Join(share);
            if (piece == null || _plan.Bounds(piece).From != _part.ResumeOffset)
            {
                for (int i = 0; i < extra; i++)
                {
                    _connections!.Release();
                }
                first.Dispose();
                throw new InvalidOperationException("The first range of a ranged download starts where its first answer does.");
            }
            // One more than the connections while they start, so that a first one ending at once does not end the download.
            Interlocked.Add(ref _running, 2);
            Start(piece, first, ownsConnection: false);
            for (int i = 0; i < extra; i++)
            {
                RangePiece? next = _plan.Join(share);
                if (next == null)
                {
                    _connections!.Release();
                    continue;
                }
                Interlocked.Increment(ref _running);
                Start(next, null, ownsConnection: true);
            }
            Ended();
            await _ended.Task.ConfigureAwait(false);
            await Volatile.Read(ref _save).ConfigureAwait(false);
            Exception? failure = Volatile.Read(ref _failure);
            if (failure == null)
            {
                return;
            }
            if (IsVersionChange(failure))
            {
                _onBytes(-Interlocked.Read(ref _written));
                _part.Delete();
            }
            else
            {
                TrySave();
            }
            throw failure;
        }

        /// <summary>Runs a connection whose place in <see cref="_running"/> the caller has counted.</summary>
        private void Start(RangePiece piece, HttpResponseMessage? response, bool ownsConnection)
        {
            _ = Task.Run(() => WorkAsync(piece, response, ownsConnection));
        }

        private void Ended()
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _ended.TrySetResult(true);
            }
        }

        /// <summary>One connection's work: its range, then the next, until none is left or the download ends.</summary>
        private async Task WorkAsync(RangePiece first, HttpResponseMessage? response, bool ownsConnection)
        {
            try
            {
                int fruitless = 0;
                for (RangePiece? next = first; next != null;)
                {
                    RangePiece piece = next;
                    long from = _plan.Bounds(piece).From;
                    try
                    {
                        using (var stall = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                        {
                            stall.CancelAfter(_stallTimeout);
                            response ??= await RequestAsync(piece, stall.Token).ConfigureAwait(false);
                            await CopyAsync(response, piece, stall).ConfigureAwait(false);
                        }
                        if (_plan.Bounds(piece).Count > 0)
                        {
                            throw new MpsException(ErrorIds.IncompleteDownload, MpsErrorKind.Connection, "A range of " + _shown + " ended early.");
                        }
                        fruitless = 0;
                        next = _plan.Next(piece);
                    }
                    catch (Exception e) when (!_stop.IsCancellationRequested && RetryRules.IsTransientDownload(e) && !IsVersionChange(e))
                    {
                        fruitless = _plan.Bounds(piece).From > from ? 1 : fruitless + 1;
                        int failures = Interlocked.Increment(ref _failures);
                        bool declined = e is DeclinedException;
                        if (declined)
                        {
                            // The server has said how many connections it gives: the file asks for no more.
                            Volatile.Write(ref _declined, 1);
                        }
                        bool exhausted = fruitless >= _retry.MaxAttempts || failures >= _retry.MaxAttempts * FailuresCapFactor;
                        if ((declined || exhausted) && _plan.TryLeave(piece))
                        {
                            _log.Verbose(_shown + ": one connection of its ranges ends (" + ResultDownloader.Describe(e).TrimEnd('.') + "); the others fetch what it had left.");
                            return;
                        }
                        if (exhausted)
                        {
                            Fail(ResultDownloader.Failed(_shown, failures, e));
                            return;
                        }
                        TimeSpan delay = _retry.DelayAfter(fruitless);
                        _log.Verbose(string.Format(
                            CultureInfo.InvariantCulture,
                            "{0}: {1}; resuming its range from {2:N0} bytes in {3:0.00} s ({4} of {5} without progress).",
                            _shown, ResultDownloader.Describe(e), _plan.Bounds(piece).From, delay.TotalSeconds, fruitless, _retry.MaxAttempts));
                        await _clock.Delay(delay, _stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        response?.Dispose();
                        response = null;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopped: by Ctrl+C, or because another connection's failure ended the download.
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                response?.Dispose();
                if (ownsConnection)
                {
                    _connections!.Release();
                }
                Ended();
            }
        }

        /// <summary>Asks for the piece's bytes and checks that the answer is that range of this version.</summary>
        private async Task<HttpResponseMessage> RequestAsync(RangePiece piece, CancellationToken cancellationToken)
        {
            ByteRange wanted = _plan.Bounds(piece);
            RangeMap held = _part.Map ?? throw new InvalidOperationException("A ranged download keeps a map.");
            HttpResponseMessage response = await _send(wanted.From, wanted.To - 1, cancellationToken).ConfigureAwait(false);
            try
            {
                int status = (int)response.StatusCode;
                if (status == 200)
                {
                    if (ResultDownloader.Validator(response) == held.Validator)
                    {
                        throw new DeclinedException("The server answered a range of " + _shown + " with the whole file.");
                    }
                    throw Changed();
                }
                if (status == 429 || status == 503)
                {
                    throw new DeclinedException("The server of " + _shown + " answered HTTP " + status + " to one more connection.");
                }
                ResultDownloader.ThrowForStatus(response.StatusCode, _shown);
                var range = response.Content.Headers.ContentRange;
                string? etag = response.Headers.ETag?.ToString();
                if (status != 206 || range?.From != wanted.From || range.Length != held.Length || (etag != null && held.Validator.StartsWith("\"", StringComparison.Ordinal) && etag != held.Validator))
                {
                    throw Changed();
                }
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>Copies the body into the piece's bytes of the part, until the piece is done or the body ends.</summary>
        private async Task CopyAsync(HttpResponseMessage response, RangePiece piece, CancellationTokenSource stall)
        {
            using (BodyReader body = await BodyReader.OpenAsync(response, stall, _stallTimeout, _stop.Token).ConfigureAwait(false))
            using (FileStream file = WriteGuard.Run(_part.FullPath, () => _part.OpenRange(_plan.Bounds(piece).From)))
            {
                while (true)
                {
                    long left = _plan.Bounds(piece).Count;
                    if (left == 0)
                    {
                        return;
                    }
                    try
                    {
                        await body.ReadAsync((int)Math.Min(left, BodyReader.BufferBytes)).ConfigureAwait(false);
                    }
                    finally
                    {
                        // What came is kept, also before a failure, so that a resume starts after it.
                        Write(file, piece, body);
                    }
                    if (body.Count == 0)
                    {
                        return;
                    }
                }
            }
        }

        private void Write(FileStream file, RangePiece piece, BodyReader body)
        {
            // A split may have moved the piece's end closer since the read began.
            int count = _plan.Allowed(piece, body.Count);
            if (count == 0)
            {
                return;
            }
            WriteGuard.Run(_part.FullPath, () => file.Write(body.Bytes, 0, count));
            _plan.Wrote(piece, count);
            Interlocked.Add(ref _written, count);
            _onBytes(count);
            SaveWhenDue();
            AddConnection();
        }

        /// <summary>Takes a connection freed elsewhere in the command (another file ended) for the range with most left.</summary>
        private void AddConnection()
        {
            if (_connections == null || _connections.Available == 0 || _stop.IsCancellationRequested || Volatile.Read(ref _declined) != 0)
            {
                return;
            }
            // Called by a running connection, so the count is above 0 and the download cannot end meanwhile.
            if (Interlocked.Increment(ref _running) > MaxConnectionsPerFile || !_connections.TryTake())
            {
                Ended();
                return;
            }
            RangePiece? piece = _plan.Join(long.MaxValue);
            if (piece == null)
            {
                _connections.Release();
                Ended();
                return;
            }
            Start(piece, null, ownsConnection: true);
        }

        /// <summary>Saves the map on another thread once a second has passed since the last save.</summary>
        private void SaveWhenDue()
        {
            long now = _clock.Elapsed.Ticks;
            if (now - Interlocked.Read(ref _lastSaveTicks) < SaveEvery.Ticks || Interlocked.CompareExchange(ref _saving, 1, 0) != 0)
            {
                return;
            }
            RangeMap held = _plan.Snapshot();
            _save = Task.Run(() =>
            {
                try
                {
                    TrySave(held);
                }
                finally
                {
                    Interlocked.Exchange(ref _lastSaveTicks, _clock.Elapsed.Ticks);
                    Volatile.Write(ref _saving, 0);
                }
            });
        }

        private void TrySave(RangeMap? held = null)
        {
            try
            {
                _part.SaveMap(held ?? _plan.Snapshot());
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The map saved before stays true (it names fewer bytes); a rerun fetches the rest again.
                _log.Verbose(_shown + ": what its part holds could not be saved (" + e.Message + "); a rerun may fetch some bytes again.");
            }
        }

        private void Fail(Exception e)
        {
            if (Interlocked.CompareExchange(ref _failure, e, null) == null)
            {
                _stop.Cancel();
            }
        }

        private static bool IsVersionChange(Exception e)
        {
            return e is MpsException mps && mps.ErrorId == ErrorIds.VersionChanged;
        }

        private MpsException Changed()
        {
            return new MpsException(ErrorIds.VersionChanged, MpsErrorKind.Connection, "The file at " + _shown + " changed while its ranges were fetched; starting it again.");
        }

        /// <summary>The server will not serve one more connection now: the connection gives way to those it has.</summary>
        private sealed class DeclinedException : MpsException
        {
            public DeclinedException(string message)
                : base(ErrorIds.HttpServerError, MpsErrorKind.Connection, message)
            {
            }
        }
    }
}
