using System.Collections.Generic;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>AIGC video tasks: CreateAigcVideoTask and DescribeAigcVideoTask, saved as {TaskId}.mp4.</summary>
    public static class VideoKind
    {
        public const string ResolutionPlaceholder = "{Resolution}";

        public static readonly TaskKind Kind = new TaskKind(
            "Video",
            "a video",
            new ApiAction("DescribeAigcVideoTask", documentedLimit: 50),
            new ApiAction("CreateAigcVideoTask", documentedLimit: 10, changesState: true),
            idMark: "-AigcVideo-",
            resultUrlsField: "VideoUrls",
            make: facts => new VideoTask(
                facts.TaskId, facts.Status, facts.ResultUrls, facts.Answer?.GetString("Resolution"), facts.Message, facts.RequestId, facts.QueriedAt, facts.Endpoint, facts.Region),
            noResultsId: ErrorIds.NoVideoUrls)
        {
            // The id videos have always reported, kept so that scripts matching it go on working.
            ExpiredUrlId = ErrorIds.VideoUrlExpired,
            Models = CreateVideoTaskRequest.KnownModels,
            VersionsOf = CreateVideoTaskRequest.VersionsOf,
            Completions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["Resolution"] = CreateVideoTaskRequest.Resolutions,
                ["AspectRatio"] = CreateVideoTaskRequest.AspectRatios,
            },
            DefaultFileTemplate = "{TaskId}.mp4",
            FilePlaceholders = new[] { ResolutionPlaceholder },
        };
    }
}
