using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// The journal's format: one JSON object a line, UTF-8, appended only. The first line names the format and
    /// its version; each other line is one event of one create (Sending, before it is sent; Created, with its
    /// TaskId, or Refused, with the service's code, when its answer comes). A line says which create it is
    /// (Key, or Request and Occurrence), its Kind and a Label a person recognises it by; never a request body,
    /// a key or token, nor a link's signed query.
    /// </summary>
    internal static class JournalLines
    {
        /// <summary>The format this module writes and reads; a journal of a higher one is refused, never rewritten.</summary>
        public const int FormatVersion = 1;

        public const string FormatProperty = "MpsAigcJournal";

        /// <summary>Every line ends with this, written with the line in one write: a line without it was cut short.</summary>
        public const byte NewLine = (byte)'\n';

        private static readonly JsonWriterOptions Readable = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public enum Events
        {
            Sending,
            Created,
            Refused,
        }

        public static byte[] Header(DateTimeOffset now)
        {
            return Line(w =>
            {
                w.WriteNumber(FormatProperty, FormatVersion);
                w.WriteString("Started", Time(now));
                w.WriteString("About", "What New-MpsAigcVideoTask and New-MpsAigcImageTask created with -JournalPath, one JSON object a line, appended only; see Get-Help about_MpsAigc.");
            });
        }

        public static byte[] Sending(JournalEntry entry, string label, DateTimeOffset at)
        {
            return Line(w =>
            {
                Start(w, Events.Sending, entry, null, label);
                Identity(w, entry.Identity, at);
            });
        }

        public static byte[] Created(JournalEntry entry, string label, AigcTask task)
        {
            return Line(w =>
            {
                Start(w, Events.Created, entry, task.TaskId, label);
                Identity(w, entry.Identity, task.QueriedAt);
                w.WriteString("Endpoint", Common.SafeUrl.Show(task.Endpoint));
                if (!Strings.IsNullOrEmpty(task.Region))
                {
                    w.WriteString("Region", task.Region);
                }
                if (!Strings.IsNullOrEmpty(task.RequestId))
                {
                    w.WriteString("RequestId", task.RequestId);
                }
            });
        }

        public static byte[] Refused(JournalEntry entry, string label, string errorId, DateTimeOffset at)
        {
            return Line(w =>
            {
                Start(w, Events.Refused, entry, null, label);
                Identity(w, entry.Identity, at);
                w.WriteString("Error", errorId);
            });
        }

        /// <summary>The version a first line declares; null when it is no journal's first line.</summary>
        public static int? HeaderVersion(ReadOnlySpan<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!(reader.Read() && reader.TokenType == JsonTokenType.StartObject
                    && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(FormatProperty)
                    && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int version) && version >= 1))
                {
                    return null;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    reader.Skip();
                }
                return reader.TokenType == JsonTokenType.EndObject && Complete(ref reader) ? version : (int?)null;
            }
            catch (JsonException)
            {
            }
            return null;
        }

        /// <summary>Whether <paramref name="fragment"/> is the start of a first line cut short (a kill as the journal was made).</summary>
        public static bool IsTornHeader(ReadOnlySpan<byte> fragment)
        {
            ReadOnlySpan<byte> start = new[] { (byte)'{', (byte)'"' };
            byte[] name = System.Text.Encoding.ASCII.GetBytes(FormatProperty);
            var expected = new byte[start.Length + name.Length];
            start.CopyTo(expected);
            name.CopyTo(expected, start.Length);
            int common = Math.Min(fragment.Length, expected.Length);
            return fragment.Length > 0 && fragment.Slice(0, common).SequenceEqual(expected.AsSpan(0, common));
        }

        /// <summary>Reads an event line; false when it is not one (not JSON, not an object, a field missing or malformed).</summary>
        public static bool TryParse(ReadOnlySpan<byte> line, out JournalRecord record)
        {
            record = default;
            try
            {
                return TryRead(line, ref record);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is ArgumentException)
            {
                return false;
            }
        }

        // Optimised from its first call: it reads every line of a journal, 200,000 for 100,000 entries, and a cold
        // process would otherwise run it as unoptimised or instrumented code until the runtime tiers it up.
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        private static bool TryRead(ReadOnlySpan<byte> line, ref JournalRecord record)
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            Events? @event = null;
            TaskKind? kind = null;
            string? key = null;
            RequestHash? request = null;
            int occurrence = 0;
            DateTimeOffset? at = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("Event"u8))
                {
                    reader.Read();
                    @event = reader.ValueTextEquals("Sending"u8) ? Events.Sending : reader.ValueTextEquals("Created"u8) ? Events.Created : reader.ValueTextEquals("Refused"u8) ? Events.Refused : (Events?)null;
                }
                else if (reader.ValueTextEquals("Kind"u8))
                {
                    reader.Read();
                    kind = null;
                    foreach (TaskKind known in TaskKinds.All)
                    {
                        if (reader.ValueTextEquals(known.Noun))
                        {
                            kind = known;
                        }
                    }
                }
                else if (reader.ValueTextEquals("TaskId"u8))
                {
                    reader.Read();
                    record.TaskId = reader.GetString();
                }
                else if (reader.ValueTextEquals("Key"u8))
                {
                    reader.Read();
                    key = reader.GetString();
                }
                else if (reader.ValueTextEquals("Request"u8))
                {
                    reader.Read();
                    request = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && RequestHash.TryParse(reader.ValueSpan, out RequestHash hash) ? hash : (RequestHash?)null;
                }
                else if (reader.ValueTextEquals("Occurrence"u8))
                {
                    reader.Read();
                    occurrence = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("At"u8))
                {
                    reader.Read();
                    at = reader.GetDateTimeOffset();
                }
                else if (reader.ValueTextEquals("Endpoint"u8))
                {
                    reader.Read();
                    record.Endpoint = reader.GetString();
                }
                else if (reader.ValueTextEquals("Region"u8))
                {
                    reader.Read();
                    record.Region = reader.GetString();
                }
                else
                {
                    // Label, RequestId, Error and what a later version adds: for people, not needed to resume.
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || !Complete(ref reader) || @event == null || kind == null || request == null || at == null
                || (key == null && occurrence < 1)
                || (@event == Events.Created && (Strings.IsNullOrEmpty(record.TaskId) || Strings.IsNullOrEmpty(record.Endpoint))))
            {
                return false;
            }
            record.Event = @event.Value;
            record.Kind = kind;
            record.Identity = key != null ? JournalIdentity.ByKey(key, request.Value) : JournalIdentity.ByRequest(request.Value, occurrence);
            record.AtTicks = at.Value.UtcTicks;
            return true;
        }

        /// <summary>Nothing but white space after the object.</summary>
        private static bool Complete(ref Utf8JsonReader reader)
        {
            return !reader.Read();
        }

        private static void Start(Utf8JsonWriter w, Events @event, JournalEntry entry, string? taskId, string label)
        {
            w.WriteString("Event", @event.ToString());
            w.WriteString("Kind", entry.Kind.Noun);
            if (taskId != null)
            {
                w.WriteString("TaskId", taskId);
            }
            w.WriteString("Label", label);
        }

        private static void Identity(Utf8JsonWriter w, JournalIdentity identity, DateTimeOffset at)
        {
            if (identity.Key != null)
            {
                w.WriteString("Key", identity.Key);
            }
            w.WriteString("Request", identity.Request.ToString());
            if (identity.Key == null)
            {
                w.WriteNumber("Occurrence", identity.Occurrence);
            }
            w.WriteString("At", Time(at));
        }

        private static string Time(DateTimeOffset at)
        {
            return at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        private static byte[] Line(Action<Utf8JsonWriter> properties)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, Readable))
                {
                    writer.WriteStartObject();
                    properties(writer);
                    writer.WriteEndObject();
                }
                stream.WriteByte(NewLine);
                return stream.ToArray();
            }
        }
    }
}
