using System;
using System.Globalization;
using System.IO;

namespace MpsAigc.Journal
{
    /// <summary>
    /// Reads a journal file's lines, in pieces, so a journal of 100,000 entries never sits in memory as text.
    /// The first line must name the format, in a version this module reads; every other line is an event. Only
    /// the last line may be cut short (a kill or a crash in the middle of a write): it is reported, and
    /// everything before it holds. Anything else that is not a journal line is refused, naming the file.
    /// </summary>
    internal static class JournalFileReader
    {
        /// <summary>No line the module writes comes near this (a label is at most 100 characters).</summary>
        public const int MaxLineBytes = 64 * 1024;

        /// <summary>What the file holds, besides its events.</summary>
        public sealed class Content
        {
            /// <summary>No header yet: the file is empty, or holds only the first line cut short.</summary>
            public bool Empty { get; set; }

            /// <summary>Where a last line cut short starts (the file's whole content before it holds); null when none was.</summary>
            public long? TornAt { get; set; }

            /// <summary>The last line is whole but has no newline (written by hand): the next line must not join it.</summary>
            public bool EndsWithoutNewLine { get; set; }
        }

        /// <param name="apply">Each event, in the order of the file (false: it is not one after all); null to read the first line only.</param>
        /// <exception cref="MpsException">NotAJournal, JournalTooNew, naming <paramref name="path"/>.</exception>
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        public static Content Read(Stream stream, string path, Func<JournalRecord, bool>? apply)
        {
            var content = new Content();
            var buffer = new byte[MaxLineBytes];
            int start = 0, end = 0, scanned = 0, lines = 0;
            long bufferOffset = 0;
            while (true)
            {
                int read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    break;
                }
                end += read;
                int newLine;
                while ((newLine = Array.IndexOf(buffer, JournalLines.NewLine, scanned, end - scanned)) >= 0)
                {
                    lines++;
                    var line = new ReadOnlySpan<byte>(buffer, start, newLine - start);
                    if (!Take(TrimEnd(line), lines, path, content, apply))
                    {
                        return content;
                    }
                    start = newLine + 1;
                    scanned = start;
                }
                scanned = end;
                if (start == 0 && end == buffer.Length)
                {
                    throw NotAJournal(path, lines == 0
                        ? "its first line is longer than " + (MaxLineBytes / 1024) + " KiB, and not a journal's"
                        : "line " + (lines + 1).ToString(CultureInfo.InvariantCulture) + " is longer than " + (MaxLineBytes / 1024) + " KiB, so no journal line");
                }
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                end -= start;
                scanned -= start;
                start = 0;
            }
            Last(new ReadOnlySpan<byte>(buffer, 0, end), bufferOffset, lines, path, content, apply);
            return content;
        }

        /// <returns>False when reading can stop (only the first line was asked for).</returns>
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        private static bool Take(ReadOnlySpan<byte> line, int number, string path, Content content, Func<JournalRecord, bool>? apply)
        {
            if (number == 1)
            {
                Header(line, path);
                return apply != null;
            }
            if (line.IsEmpty)
            {
                return true;
            }
            if (!JournalLines.TryParse(line, out JournalRecord record) || !apply!(record))
            {
                throw NotAJournal(path, "line " + number.ToString(CultureInfo.InvariantCulture) + " is not a journal line, and it is not the last one (a last line cut short by a kill is skipped; this one is not): something other than MpsAigc changed the file");
            }
            return true;
        }

        /// <summary>What follows the last newline: nothing, a whole line written without one, or a line cut short.</summary>
        private static void Last(ReadOnlySpan<byte> tail, long offset, int lines, string path, Content content, Func<JournalRecord, bool>? apply)
        {
            tail = TrimEnd(tail);
            if (tail.IsEmpty)
            {
                content.Empty = lines == 0;
                return;
            }
            if (lines == 0)
            {
                if (JournalLines.HeaderVersion(tail) != null)
                {
                    Header(tail, path);
                    content.EndsWithoutNewLine = true;
                }
                else if (JournalLines.IsTornHeader(tail))
                {
                    content.Empty = true;
                    content.TornAt = 0;
                }
                else
                {
                    throw NotAJournal(path, "its first line is not a journal's");
                }
                return;
            }
            if (apply == null)
            {
                return;
            }
            if (JournalLines.TryParse(tail, out JournalRecord record) && apply(record))
            {
                content.EndsWithoutNewLine = true;
            }
            else
            {
                content.TornAt = offset;
            }
        }

        private static void Header(ReadOnlySpan<byte> line, string path)
        {
            int? version = JournalLines.HeaderVersion(line);
            if (version == null)
            {
                throw NotAJournal(path, "its first line is not a journal's");
            }
            if (version > JournalLines.FormatVersion)
            {
                throw new MpsException(
                    ErrorIds.JournalTooNew,
                    MpsErrorKind.InvalidOperation,
                    "The journal '" + path + "' is in format " + version.Value.ToString(CultureInfo.InvariantCulture) + ", written by a newer MpsAigc; this one reads format "
                    + JournalLines.FormatVersion.ToString(CultureInfo.InvariantCulture) + ". Nothing was written to it. Update the module (Update-PSResource MpsAigc) to go on with it.");
            }
        }

        /// <summary>A line as Windows tools may end it (\r\n), or with trailing white space.</summary>
        private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line)
        {
            int length = line.Length;
            while (length > 0 && (line[length - 1] == (byte)'\r' || line[length - 1] == (byte)' ' || line[length - 1] == (byte)'\t'))
            {
                length--;
            }
            return line.Slice(0, length);
        }

        internal static MpsException NotAJournal(string path, string why)
        {
            return new MpsException(
                ErrorIds.NotAJournal,
                MpsErrorKind.InvalidArgument,
                "'" + path + "' is not an MpsAigc journal: " + why + ". Nothing was written to it. Give -JournalPath a new file (it is made), or a journal an earlier run wrote.");
        }
    }
}
