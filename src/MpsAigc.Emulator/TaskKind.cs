namespace MpsAigc.Emulator
{
    /// <summary>
    /// What tells a video task from an image task, as data: the service keeps the two apart (a video action
    /// does not know an image task's id), names their ids, answers and stored files differently.
    /// </summary>
    internal sealed class TaskKind
    {
        public static readonly TaskKind Video = new TaskKind("DescribeAigcVideoTask", "CreateAigcVideoTask", "4-AigcVideo-", "VideoUrls", "videos");

        public static readonly TaskKind Image = new TaskKind("DescribeAigcImageTask", "CreateAigcImageTask", "4-AigcImage-", "ImageUrls", "images");

        private TaskKind(string describeAction, string createAction, string createdIdPrefix, string urlsField, string folder)
        {
            DescribeAction = describeAction;
            CreateAction = createAction;
            CreatedIdPrefix = createdIdPrefix;
            UrlsField = urlsField;
            Folder = folder;
        }

        public string DescribeAction { get; }

        public string CreateAction { get; }

        /// <summary>How the ids the create action makes begin.</summary>
        public string CreatedIdPrefix { get; }

        /// <summary>The Describe answer's array of result links.</summary>
        public string UrlsField { get; }

        /// <summary>The first path segment of the stored results' links ("/videos/ID/1.mp4").</summary>
        public string Folder { get; }

        /// <summary>True for the four actions of the two kinds.</summary>
        public static bool Serves(string action)
        {
            return action == Video.DescribeAction || action == Video.CreateAction || action == Image.DescribeAction || action == Image.CreateAction;
        }

        /// <returns>null for a folder of neither kind.</returns>
        public static TaskKind? OfFolder(string folder)
        {
            return folder == Image.Folder ? Image : folder == Video.Folder ? Video : null;
        }
    }
}
