using System.Text.Json;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// A request's string fields with their nullability stated once: GetString is null only for a JSON null, which
    /// the compiler cannot see from a ValueKind check made beside it.
    /// </summary>
    internal static class JsonText
    {
        /// <returns>The property's text when it is present and a JSON string; else null.</returns>
        public static string? StringProperty(this JsonElement parent, string name)
        {
            return parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
    }
}
