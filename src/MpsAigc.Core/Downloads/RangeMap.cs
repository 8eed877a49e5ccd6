using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// Which bytes of one version of a file its part already holds: sorted, disjoint byte ranges of a file of
    /// known length, named by the validator (ETag or Last-Modified) of the version they came from. A ranged
    /// download keeps it beside its part, so a rerun fetches only what is missing. Its stored form ends with the
    /// SHA-256 of all that comes before: a file that was cut, mixed or edited is refused as a whole, never read
    /// in part. Not thread-safe: <see cref="RangePlan"/> changes it under its lock.
    /// </summary>
    internal sealed class RangeMap
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("MpsAigc ranges 1");
        private const int HashBytes = 32;

        /// <summary>No stored map has more ranges than this; a larger count is a corrupt file, not an allocation.</summary>
        private const int MaxRanges = 1 << 20;
        private const int MaxValidatorBytes = 4096;

        private readonly List<ByteRange> _done;

        public RangeMap(long length, string validator)
            : this(length, validator, new List<ByteRange>())
        {
        }

        private RangeMap(long length, string validator, List<ByteRange> done)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "A file's length is not negative.");
            }
            Length = length;
            Validator = validator ?? throw new ArgumentNullException(nameof(validator));
            _done = done;
        }

        public long Length { get; }

        /// <summary>The If-Range value every range of this version is asked with.</summary>
        public string Validator { get; }

        public IReadOnlyList<ByteRange> Done => _done;

        public long DoneBytes => _done.Sum(range => range.Count);

        public bool IsComplete => Length == 0 || (_done.Count == 1 && _done[0].From == 0 && _done[0].To == Length);

        /// <summary>The first byte not yet held: where a download resumes; <see cref="Length"/> when complete.</summary>
        public long FirstMissing => _done.Count > 0 && _done[0].From == 0 ? _done[0].To : 0;

        /// <summary>Records bytes [from, to) as held, merged with the ranges they touch.</summary>
        public void Add(long from, long to)
        {
            if (from < 0 || to > Length || from > to)
            {
                throw new ArgumentOutOfRangeException(nameof(from), "The range [" + from + ", " + to + ") is not within a file of " + Length + " bytes.");
            }
            if (from == to)
            {
                return;
            }
            int first = 0;
            while (first < _done.Count && _done[first].To < from)
            {
                first++;
            }
            int last = first;
            while (last < _done.Count && _done[last].From <= to)
            {
                from = Math.Min(from, _done[last].From);
                to = Math.Max(to, _done[last].To);
                last++;
            }
            _done.RemoveRange(first, last - first);
            _done.Insert(first, new ByteRange(from, to));
        }

        /// <summary>The ranges not yet held, in order.</summary>
        public IEnumerable<ByteRange> Missing()
        {
            long at = 0;
            foreach (ByteRange range in _done)
            {
                if (range.From > at)
                {
                    yield return new ByteRange(at, range.From);
                }
                at = range.To;
            }
            if (at < Length)
            {
                yield return new ByteRange(at, Length);
            }
        }

        public RangeMap Copy()
        {
            return new RangeMap(Length, Validator, new List<ByteRange>(_done));
        }

        public byte[] ToBytes()
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(Length);
                    byte[] validator = Encoding.UTF8.GetBytes(Validator);
                    writer.Write(validator.Length);
                    writer.Write(validator);
                    writer.Write(_done.Count);
                    foreach (ByteRange range in _done)
                    {
                        writer.Write(range.From);
                        writer.Write(range.To);
                    }
                }
                using (var sha = SHA256.Create())
                {
                    byte[] hash = sha.ComputeHash(buffer.GetBuffer(), 0, (int)buffer.Length);
                    buffer.Write(hash, 0, hash.Length);
                }
                return buffer.ToArray();
            }
        }

        /// <summary>A map read back from <see cref="ToBytes"/>'s form.</summary>
        /// <returns>Null for anything else: cut short, grown, edited, or ranges that are not sorted, disjoint and within the length.</returns>
        public static RangeMap? Parse(byte[] bytes)
        {
            if (bytes.Length < Magic.Length + HashBytes)
            {
                return null;
            }
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(bytes, 0, bytes.Length - HashBytes);
                if (!hash.SequenceEqual(bytes.Skip(bytes.Length - HashBytes)))
                {
                    return null;
                }
            }
            try
            {
                using (var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - HashBytes), Encoding.UTF8))
                {
                    if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic))
                    {
                        return null;
                    }
                    long length = reader.ReadInt64();
                    int validatorBytes = reader.ReadInt32();
                    if (length < 0 || validatorBytes < 1 || validatorBytes > MaxValidatorBytes)
                    {
                        return null;
                    }
                    string validator = Encoding.UTF8.GetString(reader.ReadBytes(validatorBytes));
                    int count = reader.ReadInt32();
                    if (count < 0 || count > MaxRanges)
                    {
                        return null;
                    }
                    var done = new List<ByteRange>();
                    long at = -1;
                    for (int i = 0; i < count; i++)
                    {
                        long from = reader.ReadInt64();
                        long to = reader.ReadInt64();
                        // Sorted, with a gap between neighbours (Add merges those that touch), within the file.
                        if (from <= at || to <= from || to > length)
                        {
                            return null;
                        }
                        done.Add(new ByteRange(from, to));
                        at = to;
                    }
                    return reader.BaseStream.Position == reader.BaseStream.Length ? new RangeMap(length, validator, done) : null;
                }
            }
            catch (EndOfStreamException)
            {
                return null;
            }
        }
    }
}
