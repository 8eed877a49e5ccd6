using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Engine;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// One kind of AIGC task (video, image) as data: what the service calls its actions, what the user calls its
    /// cmdlets, how its ids look, how its answers become task objects, its models and completions, and how its
    /// results are named on disk. Every kind lives the same life, so getting, waiting, saving and creating are
    /// written once against this; a new kind is a new definition in <see cref="TaskKinds.All"/>.
    /// </summary>
    public sealed class TaskKind
    {
        private readonly Func<TaskFacts, AigcTask> _make;

        /// <param name="name">"Video": the cmdlets' noun (Get-MpsAigcVideoTask) and what a task's Kind says.</param>
        /// <param name="withArticle">"a video": the noun as a message says it.</param>
        /// <param name="idMark">What the service writes in every id of the kind ("-AigcVideo-").</param>
        /// <param name="resultUrlsField">The describe answer's field of result links (VideoUrls, ImageUrls).</param>
        /// <param name="noResultsId">The ErrorId of a DONE task that came without result links; the kind-neutral NoResultUrls by default.</param>
        /// <param name="make">The task object of this kind from what an answer says of it.</param>
        public TaskKind(string name, string withArticle, ApiAction describe, ApiAction create, string idMark, string resultUrlsField, Func<TaskFacts, AigcTask> make, string noResultsId = ErrorIds.NoResultUrls)
        {
            ResultUrlsField = resultUrlsField;
            NoResultsId = noResultsId;
            Name = name;
            Noun = name.ToLowerInvariant();
            WithArticle = withArticle;
            Describe = describe;
            Create = create;
            IdMark = idMark;
            _make = make;
        }

        /// <summary>"Video" or "Image".</summary>
        public string Name { get; }

        /// <summary>"video" or "image".</summary>
        public string Noun { get; }

        /// <summary>"a video", "an image".</summary>
        public string WithArticle { get; }

        public ApiAction Describe { get; }

        public ApiAction Create { get; }

        public string IdMark { get; }

        public string GetCommand => "Get-MpsAigc" + Name + "Task";

        public string WaitCommand => "Wait-MpsAigc" + Name + "Task";

        public string SaveCommand => "Save-MpsAigc" + Name;

        public string NewCommand => "New-MpsAigc" + Name + "Task";

        public string ResultUrlsField { get; }

        public string NoResultsId { get; }

        /// <summary>The ErrorId of a link that has expired and cannot be renewed.</summary>
        public string ExpiredUrlId { get; init; } = ErrorIds.ResultUrlExpired;

        /// <summary>The models the create action documents, for completion; the service may know more.</summary>
        public IReadOnlyList<string> Models { get; init; } = new string[0];

        /// <summary>The documented versions of a model (of every model for null or empty), for completion.</summary>
        public Func<string?, IReadOnlyList<string>> VersionsOf { get; init; } = _ => new string[0];

        /// <summary>True when the list of models is kept complete enough that a name not on it deserves a warning.</summary>
        public bool WarnsOfUnknownModels { get; init; }

        /// <summary>The values the New cmdlet's other parameters complete from, by parameter name (Resolution, AspectRatio...).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Completions { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>How saved results are named by default; -FileName replaces it.</summary>
        public string DefaultFileTemplate { get; init; } = "{TaskId}";

        /// <summary>The placeholders a file name template may use beside {TaskId} and {Index} (the task gives their values).</summary>
        public IReadOnlyList<string> FilePlaceholders { get; init; } = new string[0];

        /// <summary>True when a result's extension is the format its bytes turn out to be (images), not the template's.</summary>
        public bool ExtensionFromBytes { get; init; }

        /// <summary>What a New cmdlet's parameter completes from; the model's versions for ModelVersion.</summary>
        public IReadOnlyList<string> CompletionsFor(string parameterName, string? model)
        {
            switch (parameterName)
            {
                case "ModelName":
                    return Models;
                case "ModelVersion":
                    return VersionsOf(model);
                default:
                    return Completions.TryGetValue(parameterName, out IReadOnlyList<string>? values) ? values : new string[0];
            }
        }

        /// <summary>
        /// What to warn of a model name not on the kind's list, or null. The service adds models often: a name the
        /// module does not know yet is sent as it is.
        /// </summary>
        public string? UnknownModelWarning(string? model)
        {
            string name = (model ?? string.Empty).Trim();
            if (!WarnsOfUnknownModels || Models.Any(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
            return "'" + model + "' is not " + WithArticle.Substring(0, WithArticle.IndexOf(' ')) + " " + Noun + " model this module knows (" + string.Join(", ", Models) + "); it is sent as given.";
        }

        /// <summary>A create with nothing to start from: no prompt and no reference image.</summary>
        public MpsException MissingSource()
        {
            return new MpsException(
                ErrorIds.MissingPrompt,
                MpsErrorKind.InvalidArgument,
                char.ToUpperInvariant(WithArticle[0]) + WithArticle.Substring(1) + " task needs a -Prompt, an -ImageUrl or an -ImageInfo; none was given for this one.");
        }

        /// <summary>The task object of this kind that a describe answer reports.</summary>
        public AigcTask Read(string taskId, MpsResponse answer, DateTimeOffset queriedAt, Uri endpoint, string? region)
        {
            return _make(new TaskFacts(
                taskId, TaskAnswer.Status(taskId, answer), TaskAnswer.Urls(answer.Body, ResultUrlsField), answer.GetString("Message"), answer, answer.RequestId, queriedAt, endpoint, region));
        }

        /// <summary>A task of this kind just created: WAIT, with nothing more known of it yet.</summary>
        public AigcTask Created(string taskId, string? requestId, DateTimeOffset at, Uri endpoint, string? region)
        {
            return _make(new TaskFacts(taskId, AigcTaskStatus.WAIT, new string[0], null, null, requestId, at, endpoint, region));
        }

        /// <summary>A task of another kind, given to this kind's cmdlet: an error that names the right one.</summary>
        public MpsException WrongKind(AigcTask task, string cmdlet)
        {
            TaskKind other = task.TaskKind;
            return new MpsException(
                ErrorIds.WrongTaskKind,
                MpsErrorKind.InvalidArgument,
                "Task " + task.TaskId + " is " + other.WithArticle + " task, and " + cmdlet + " is for " + Noun + " tasks; use " + other.CommandLike(cmdlet) + ".");
        }

        /// <summary>
        /// Asks the service about one task. An id the service does not know as this kind that is written as
        /// another kind's says which cmdlet would know it.
        /// </summary>
        public async Task<AigcTask> DescribeAsync(MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            byte[] body = MpsClient.JsonBody(w => w.WriteString("TaskId", taskId));
            try
            {
                MpsResponse answer = await client.InvokeAsync(Describe, body, cancellationToken).ConfigureAwait(false);
                return Read(taskId, answer, DateTimeOffset.Now, client.Endpoint, client.Region);
            }
            catch (MpsServiceException e) when (e.ErrorId == ErrorIds.TaskNotFound && TaskKinds.WrittenAs(taskId) is TaskKind other && other != this)
            {
                throw new MpsException(e.ErrorId, e.Kind, e.Message + " The id is written as " + other.WithArticle + " task's; ask " + other.GetCommand + ".", e);
            }
        }

        /// <summary>
        /// Creates one task from its request body (what -WhatIf showed). A create is billed: it is sent once, and
        /// retried only when the service proves nothing was created (RequestLimitExceeded) or the connection never opened.
        /// </summary>
        /// <param name="sending">Told just before the create goes on the wire (see <see cref="MpsClient.InvokeAsync"/>).</param>
        public async Task<AigcTask> CreateAsync(MpsClient client, byte[] body, CancellationToken cancellationToken, Action? sending = null)
        {
            MpsResponse answer = await client.InvokeAsync(Create, body, cancellationToken, sending).ConfigureAwait(false);
            return Created(TaskAnswer.CreatedTaskId(Create.Name, answer), answer.RequestId, DateTimeOffset.Now, client.Endpoint, client.Region);
        }

        /// <summary>An id as given, checked before it costs a request; the error names this kind's create action.</summary>
        public string ValidateId(string? taskId)
        {
            return TaskIdValidator.Validate(taskId, Create.Name);
        }

        /// <summary>How a Get feeds one input to its engine: the id checked, then one query, whose task is the outcome.</summary>
        public Action<BatchEngine<AigcTask>, string?> DescribeFeed(MpsClient client)
        {
            return (engine, input) => engine.Add(input, async token =>
                Step<AigcTask>.Done(Outcome<AigcTask>.Of(await DescribeAsync(client, ValidateId(input), token).ConfigureAwait(false), input)));
        }

        public override string ToString() => Name;

        /// <summary>This kind's cmdlet of the same verb: Save-MpsAigcVideo for Save-MpsAigcImage.</summary>
        private string CommandLike(string cmdlet)
        {
            return cmdlet.StartsWith("Save-", StringComparison.Ordinal) ? SaveCommand
                : cmdlet.StartsWith("Wait-", StringComparison.Ordinal) ? WaitCommand
                : cmdlet.StartsWith("New-", StringComparison.Ordinal) ? NewCommand
                : GetCommand;
        }
    }
}
