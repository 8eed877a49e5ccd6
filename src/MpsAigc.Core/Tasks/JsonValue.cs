using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>Writes plain values (strings, numbers, booleans, dictionaries, lists) as JSON.</summary>
    public static class JsonValue
    {
        public static string ToText(object value)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, MpsClient.ReadableJson))
                {
                    Write(writer, value);
                }
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        public static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case int _:
                case long _:
                case short _:
                case byte _:
                    writer.WriteNumberValue(System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case float _:
                case double _:
                case decimal _:
                    writer.WriteNumberValue(System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(System.Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(writer, entry.Value);
                    }
                    writer.WriteEndObject();
                    break;
                case IEnumerable list:
                    writer.WriteStartArray();
                    foreach (object item in list)
                    {
                        Write(writer, item);
                    }
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
