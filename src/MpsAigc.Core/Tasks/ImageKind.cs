using System.Collections.Generic;
using MpsAigc.Api;

namespace MpsAigc.Tasks
{
    /// <summary>AIGC image tasks: CreateAigcImageTask and DescribeAigcImageTask, saved with the extension their bytes call for.</summary>
    public static class ImageKind
    {
        public static readonly TaskKind Kind = new TaskKind(
            "Image",
            "an image",
            new ApiAction("DescribeAigcImageTask", documentedLimit: 20),
            new ApiAction("CreateAigcImageTask", documentedLimit: 20, changesState: true),
            idMark: "-AigcImage-",
            resultUrlsField: "ImageUrls",
            make: facts => new ImageTask(facts.TaskId, facts.Status, facts.ResultUrls, facts.Message, facts.RequestId, facts.QueriedAt, facts.Endpoint, facts.Region),
            noResultsId: ErrorIds.NoImageUrls)
        {
            ExpiredUrlId = ErrorIds.ResultUrlExpired,
            Models = ImageModels.Names,
            VersionsOf = ImageModels.VersionsOf,
            WarnsOfUnknownModels = true,
            Completions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["Resolution"] = CreateImageTaskRequest.Resolutions,
                ["AspectRatio"] = CreateImageTaskRequest.AspectRatios,
                ["OutputFormat"] = CreateImageTaskRequest.OutputFormats,
            },
            DefaultFileTemplate = "{TaskId}",
            ExtensionFromBytes = true,
        };
    }
}
