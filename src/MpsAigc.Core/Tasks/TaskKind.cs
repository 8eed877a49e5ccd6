using System;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Engine;

namespace MpsAigc.Tasks
{
    /// <summary>
    /// Videos and images live the same life; this is all that differs between them for getting, waiting and
    /// saving: what the service calls the action, what the user calls the cmdlets, and how an id looks.
    /// </summary>
    public sealed class TaskKind
    {
        public static readonly TaskKind Video = new TaskKind("video", "a video", "Video", VideoTaskApi.DescribeAction, CreateVideoTaskRequest.Action, "-AigcVideo-", ErrorIds.NoVideoUrls);
        public static readonly TaskKind Image = new TaskKind("image", "an image", "Image", ImageTaskApi.DescribeAction, CreateImageTaskRequest.Action, "-AigcImage-", ErrorIds.NoImageUrls);

        private readonly string _idMark;

        /// <summary>"a video", "an image": the noun as a message says it.</summary>
        private readonly string _withArticle;

        private TaskKind(string noun, string withArticle, string title, string describeAction, string createAction, string idMark, string noResultsId)
        {
            CreateAction = createAction;
            NewCommand = "New-MpsAigc" + title + "Task";
            NoResultsId = noResultsId;
            Noun = noun;
            _withArticle = withArticle;
            DescribeAction = describeAction;
            GetCommand = "Get-MpsAigc" + title + "Task";
            WaitCommand = "Wait-MpsAigc" + title + "Task";
            SaveCommand = "Save-MpsAigc" + title;
            _idMark = idMark;
        }

        /// <summary>"video" or "image".</summary>
        public string Noun { get; }

        public string DescribeAction { get; }

        public string CreateAction { get; }

        public string NewCommand { get; }

        public string GetCommand { get; }

        public string WaitCommand { get; }

        public string SaveCommand { get; }

        /// <summary>The ErrorId of a DONE task that came without result links.</summary>
        public string NoResultsId { get; }

        public TaskKind Other => this == Video ? Image : Video;

        /// <summary>The models the kind's create action documents, for completion; the service may know more.</summary>
        public System.Collections.Generic.IReadOnlyList<string> Models => this == Image ? ImageModels.Names : CreateVideoTaskRequest.KnownModels;

        /// <summary>The documented versions of <paramref name="model"/> (of every model for null or empty), for completion.</summary>
        public System.Collections.Generic.IReadOnlyList<string> VersionsOf(string? model)
        {
            return this == Image ? ImageModels.VersionsOf(model) : CreateVideoTaskRequest.VersionsOf(model);
        }

        public static TaskKind Of(AigcTask task)
        {
            return task is ImageTask ? Image : Video;
        }

        /// <summary>A task of the other kind, given to this kind's cmdlet: an error that names the right one.</summary>
        public MpsException WrongKind(AigcTask task, string cmdlet)
        {
            return new MpsException(
                ErrorIds.WrongTaskKind,
                MpsErrorKind.InvalidArgument,
                "Task " + task.TaskId + " is " + Other._withArticle + " task, and " + cmdlet + " is for " + Noun + " tasks; use " + Other.CommandLike(cmdlet) + ".");
        }

        /// <summary>
        /// Asks the service about one task. An id the service does not know as this kind that is written as
        /// the other kind's says which cmdlet would know it.
        /// </summary>
        public async Task<AigcTask> DescribeAsync(MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            try
            {
                return this == Image
                    ? await client.DescribeImageTaskAsync(taskId, cancellationToken).ConfigureAwait(false)
                    : (AigcTask)await client.DescribeAsync(taskId, cancellationToken).ConfigureAwait(false);
            }
            catch (MpsServiceException e) when (e.ErrorId == ErrorIds.TaskNotFound && taskId.IndexOf(Other._idMark, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new MpsException(e.ErrorId, e.Kind, e.Message + " The id is written as " + Other._withArticle + " task's; ask " + Other.GetCommand + ".", e);
            }
        }

        /// <summary>How a Get feeds one input to its engine: the id checked, then one query, whose task is the outcome.</summary>
        public Action<BatchEngine, object?> DescribeFeed(MpsClient client)
        {
            return (engine, input) => engine.Add(input, async token =>
                Step.Done(Outcome.Of(await DescribeAsync(client, TaskIdValidator.Validate(input as string), token).ConfigureAwait(false), input)));
        }

        /// <summary>Creates one task from its request body; sent once, as every create.</summary>
        public async Task<AigcTask> CreateAsync(MpsClient client, byte[] body, CancellationToken cancellationToken)
        {
            return this == Image
                ? await client.CreateImageTaskAsync(body, cancellationToken).ConfigureAwait(false)
                : (AigcTask)await client.CreateAsync(body, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The other kind's cmdlet of the same verb: Save-MpsAigcVideo for Save-MpsAigcImage.</summary>
        private string CommandLike(string cmdlet)
        {
            return cmdlet.StartsWith("Save-", StringComparison.Ordinal) ? SaveCommand
                : cmdlet.StartsWith("Wait-", StringComparison.Ordinal) ? WaitCommand
                : GetCommand;
        }
    }
}
