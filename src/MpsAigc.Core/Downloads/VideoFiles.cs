using System;
using System.IO;
using System.Linq;

namespace MpsAigc.Downloads
{
    public sealed class VideoFiles : ResultFiles
    {
        private readonly VideoFileNamer _namer;

        public VideoFiles(VideoFileNamer namer)
        {
            _namer = namer;
        }

        public override string PathFor(AigcTask task, int index, int count)
        {
            return _namer.PathFor(task.TaskId, index, count, (task as VideoTask)?.Resolution);
        }

        public override string PathForUrl(Uri url)
        {
            return _namer.PathFor(VideoFileNamer.StemOf(url), 1, 1, null);
        }

        public override string? Existing(string plannedPath)
        {
            return File.Exists(plannedPath) ? plannedPath : null;
        }
    }
}
