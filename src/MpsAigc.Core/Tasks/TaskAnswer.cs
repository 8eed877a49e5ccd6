using System.Collections.Generic;
using System.Text.Json;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// What the Describe and Create answers of both kinds share: the status, the result links and the new
    /// task's id, read leniently (unknown fields ignored, missing or null ones empty) but never guessed.
    /// </summary>
    internal static class TaskAnswer
    {
        /// <summary>Only the four names, exactly; Enum.TryParse would also take "1" or "done".</summary>
        public static AigcTaskStatus Status(string taskId, MpsResponse response)
        {
            string? text = response.GetString("Status");
            switch (text)
            {
                case "WAIT": return AigcTaskStatus.WAIT;
                case "RUN": return AigcTaskStatus.RUN;
                case "FAIL": return AigcTaskStatus.FAIL;
                case "DONE": return AigcTaskStatus.DONE;
                default:
                    throw new MpsException(
                        ErrorIds.UnknownTaskStatus,
                        MpsErrorKind.InvalidResponse,
                        "The service reported the status '" + (text ?? "(none)") + "' for task " + taskId
                        + ", which is none of WAIT, RUN, FAIL, DONE (RequestId " + (response.RequestId ?? "none") + ").");
            }
        }

        /// <summary>The links in <paramref name="field"/>: an array of strings, or a single string as some gateways write it.</summary>
        public static string[] Urls(JsonElement body, string field)
        {
            if (!body.TryGetProperty(field, out JsonElement urls))
            {
                return new string[0];
            }
            switch (urls.ValueKind)
            {
                case JsonValueKind.String:
                    return new[] { urls.GetString() ?? string.Empty };
                case JsonValueKind.Array:
                    var list = new List<string>();
                    foreach (JsonElement url in urls.EnumerateArray())
                    {
                        string? text = url.ValueKind == JsonValueKind.String ? url.GetString() : null;
                        if (!Strings.IsNullOrEmpty(text))
                        {
                            list.Add(text);
                        }
                    }
                    return list.ToArray();
                default:
                    return new string[0];
            }
        }

        /// <summary>The TaskId a create answered; an answer without one is not a valid answer.</summary>
        public static string CreatedTaskId(string action, MpsResponse response)
        {
            string? taskId = response.GetString("TaskId");
            if (Strings.IsNullOrEmpty(taskId))
            {
                throw new MpsException(ErrorIds.InvalidResponse, MpsErrorKind.InvalidResponse, action + " answered without a TaskId (RequestId " + (response.RequestId ?? "none") + ").");
            }
            return taskId;
        }
    }
}
