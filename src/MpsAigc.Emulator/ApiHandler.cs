using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MpsAigc.Http;

namespace MpsAigc.Emulator
{
    /// <summary>POST /: authenticate, rate-limit and route by X-TC-Action, as the service does.</summary>
    internal sealed class ApiHandler
    {
        private const string ApiVersion = "2019-06-12";

        private readonly EmulatorOptions _options;
        private readonly Tc3Verifier _verifier;
        private readonly RequestLog _log;
        private readonly TaskBook _tasks;
        private readonly ResultStore _results;
        private readonly Func<string> _baseUrl;

        public ApiHandler(EmulatorOptions options, RequestLog log, TaskBook tasks, ResultStore results, TemporaryCredentialStore temporaryKeys, Func<string> baseUrl)
        {
            _options = options;
            _verifier = new Tc3Verifier(options, temporaryKeys, log);
            _log = log;
            _tasks = tasks;
            _results = results;
            _baseUrl = baseUrl;
        }

        public async Task HandleAsync(HttpContext context)
        {
            HttpRequest request = context.Request;
            DateTimeOffset now = _options.Now;
            // The service's Date is what a client with a wrong clock can correct itself by.
            context.Response.Headers.Date = now.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            byte[]? body = await RequestBody.ReadAsync(request);
            if (body == null)
            {
                _log.RecordApiRequest(string.Empty, now, 0);
                await Envelope.WriteErrorAsync(context, "InvalidParameter", "The request body is larger than 1 MiB.");
                return;
            }

            string action = request.Headers["X-TC-Action"].ToString();
            string? client = request.Headers[MpsClient.ClientHeader];
            Caller? caller = _verifier.Verify("mps", request, body, now, out var failure);
            if (caller == null)
            {
                _log.RecordApiRequest(string.Empty, now, 0, client);
                await Envelope.WriteErrorAsync(context, failure.Code, failure.Message);
                return;
            }
            _log.Credentials.RecordApiCall(caller.Kind);
            _log.Actions.RecordCall(action);
            // Each API has its own budget (EmulatorOptions.RateLimits: videos 50/s to describe, 10/s to create;
            // images 20/s each), per account across all its callers: every client process of one account
            // draws from the same count.
            int limit = _options.RateLimitOf(action);
            if (!_log.RecordApiRequest(caller.RateLimitKey + "|" + action, now, limit, client))
            {
                _log.Actions.RecordRefusedForRate(action);
                await Envelope.WriteErrorAsync(context, "RequestLimitExceeded", "Your current request rate is higher than the limit of " + limit + " requests per second. Please reduce your request rate.");
                return;
            }
            string? fault = _options.ApiFaults.Next();
            if (fault != null)
            {
                _log.RecordApiFault();
                if (!await InjectFaultAsync(context, fault))
                {
                    return;
                }
            }
            if (request.Headers["X-TC-Version"] != ApiVersion)
            {
                await Envelope.WriteErrorAsync(context, "NoSuchVersion", "The API version `" + request.Headers["X-TC-Version"] + "` does not exist for mps; use 2019-06-12.");
                return;
            }

            string? malformed = RequestBody.ParseObject(body, out JsonElement parameters);
            if (malformed != null)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameter", malformed);
                return;
            }

            switch (action)
            {
                case "DescribeAigcVideoTask":
                    await DescribeAsync(context, parameters, now, TaskKind.Video);
                    break;
                case "CreateAigcVideoTask":
                    await CreateAsync(context, parameters);
                    break;
                case "DescribeAigcImageTask":
                    await DescribeAsync(context, parameters, now, TaskKind.Image);
                    break;
                case "CreateAigcImageTask":
                    await CreateImageAsync(context, parameters);
                    break;
                default:
                    await Envelope.WriteErrorAsync(context, "InvalidAction", "The action `" + action + "` is not found for mps version 2019-06-12.");
                    break;
            }
        }

        private async Task DescribeAsync(HttpContext context, JsonElement parameters, DateTimeOffset now, TaskKind kind)
        {
            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                if (property.Name != "TaskId")
                {
                    await Envelope.WriteErrorAsync(context, "UnknownParameter", "The parameter `" + property.Name + "` is not recognized.");
                    return;
                }
            }
            string? taskId = parameters.StringProperty("TaskId");
            if (string.IsNullOrEmpty(taskId))
            {
                await Envelope.WriteErrorAsync(context, "MissingParameter", "The request is missing the required parameter `TaskId`.");
                return;
            }
            if (MalformedAnswers.Handles(taskId))
            {
                await MalformedAnswers.WriteAsync(context, taskId, kind, _baseUrl(), id => _tasks.Poll(id, kind, now) is TaskSnapshot good ? _results.UrlsFor(good, _baseUrl(), now) : Array.Empty<string>());
                return;
            }
            TaskSnapshot? task = _tasks.Poll(taskId, kind, now);
            if (task == null)
            {
                await Envelope.WriteErrorAsync(context, "ResourceNotFound.TaskNotFound", "The task does not exist.");
                return;
            }
            await Envelope.WriteAsync(context, w =>
            {
                w.WriteString("Status", task.Status);
                w.WriteStartArray(kind.UrlsField);
                if (task.Status == "DONE")
                {
                    foreach (string url in _results.UrlsFor(task, _baseUrl(), now))
                    {
                        w.WriteStringValue(url);
                    }
                }
                w.WriteEndArray();
                if (kind == TaskKind.Video)
                {
                    // An image answer has no Resolution.
                    w.WriteString("Resolution", task.Status == "DONE" ? task.Schedule.Resolution : string.Empty);
                }
                w.WriteString("Message", task.Status == "FAIL" ? "The generation failed: the model could not render the prompt (emulated failure)." : "ok");
            });
        }

        private async Task CreateAsync(HttpContext context, JsonElement parameters)
        {
            string? prompt = parameters.StringProperty("Prompt");
            bool hasPrompt = !string.IsNullOrEmpty(prompt);
            bool hasImage = !string.IsNullOrEmpty(parameters.StringProperty("ImageUrl"))
                || (parameters.TryGetProperty("ImageInfos", out JsonElement infos) && infos.ValueKind == JsonValueKind.Array && infos.GetArrayLength() > 0);
            if (!parameters.TryGetProperty("ModelName", out JsonElement model) || model.ValueKind != JsonValueKind.String)
            {
                await Envelope.WriteErrorAsync(context, "MissingParameter", "The request is missing the required parameter `ModelName`.");
                return;
            }
            if (!hasPrompt && !hasImage)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameter", "Prompt is required when no ImageUrl is given.");
                return;
            }
            if (!string.IsNullOrEmpty(prompt) && !string.IsNullOrEmpty(_options.BannedWord)
                && prompt.IndexOf(_options.BannedWord, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameter.ViolationContent", "The prompt did not pass the content check.");
                return;
            }
            if (parameters.TryGetProperty("AdditionalParameters", out JsonElement additional) && additional.ValueKind != JsonValueKind.String)
            {
                await Envelope.WriteErrorAsync(context, "InvalidParameterValue", "AdditionalParameters must be a JSON string.");
                return;
            }
            string taskId = _tasks.Create(TaskKind.Video);
            await AnswerCreatedAsync(context, TaskKind.Video, taskId);
        }

        private async Task CreateImageAsync(HttpContext context, JsonElement parameters)
        {
            var refused = ImageCreateCheck.Check(parameters, _options.BannedWord, out ImageFormat? format, out int count);
            if (refused != null)
            {
                await Envelope.WriteErrorAsync(context, refused.Value.Code, refused.Value.Message);
                return;
            }
            string taskId = _tasks.Create(TaskKind.Image, format, count);
            await AnswerCreatedAsync(context, TaskKind.Image, taskId);
        }

        /// <summary>The task exists from here on, whether or not its answer reaches the client (see EmulatorOptions.CreateDelay).</summary>
        private async Task AnswerCreatedAsync(HttpContext context, TaskKind kind, string taskId)
        {
            _log.Actions.RecordCreated(kind.CreateAction);
            if (_options.CreateDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(_options.CreateDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client is gone (killed, or it gave up): the task stays made, and no one hears of it.
                    return;
                }
            }
            await Envelope.WriteAsync(context, w => w.WriteString("TaskId", taskId));
        }

        /// <returns>True when the request goes on after the fault (a slow answer is still an answer).</returns>
        private async Task<bool> InjectFaultAsync(HttpContext context, string fault)
        {
            switch (fault)
            {
                case "502":
                case "503":
                    await Envelope.WriteRawAsync(
                        context,
                        int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture),
                        "text/html",
                        "<html><body><h1>" + fault + (fault == "502" ? " Bad Gateway" : " Service Unavailable") + "</h1></body></html>");
                    return false;
                case "drop":
                    context.Abort();
                    return false;
                case "internal":
                    await Envelope.WriteErrorAsync(context, "InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us.");
                    return false;
                case "limit":
                    await Envelope.WriteErrorAsync(context, "RequestLimitExceeded", "Your current request rate is higher than the limit. Please reduce your request rate.");
                    return false;
                case "slow":
                    await Task.Delay(_options.SlowAnswer, context.RequestAborted);
                    return true;
                default:
                    throw new InvalidOperationException("Unknown fault " + fault);
            }
        }
    }
}
