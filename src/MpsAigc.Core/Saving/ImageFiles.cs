using System;
using System.IO;
using System.Linq;
using MpsAigc.Downloads;

namespace MpsAigc.Saving
{
    public sealed class ImageFiles : ResultFiles
    {
        /// <summary>The working name's suffix: never an image extension, so no finished image is taken for it.</summary>
        private const string Downloading = ".download";

        private readonly ImageFileNamer _namer;

        public ImageFiles(ImageFileNamer namer)
        {
            _namer = namer;
        }

        /// <summary>The path without its extension, which the bytes decide.</summary>
        public override string PathFor(AigcTask task, int index, int count)
        {
            return _namer.StemPathFor(task.TaskId, index, count);
        }

        public override string PathForUrl(Uri url)
        {
            return _namer.StemPathFor(ImageFileNamer.StemOf(url), 1, 1);
        }

        public override string? Existing(string plannedPath)
        {
            return ImageFileNamer.CandidatePaths(plannedPath).FirstOrDefault(File.Exists);
        }

        public override string DownloadPath(string plannedPath) => plannedPath + Downloading;

        public override bool OverwritesDownload => true;

        public override string Finish(string downloadPath, string plannedPath, bool overwrite)
        {
            string final = plannedPath + ImageFormats.ExtensionOf(ImageFormats.FromFile(downloadPath));
            if (File.Exists(final))
            {
                if (!overwrite)
                {
                    File.Delete(downloadPath);
                    throw new MpsException(ErrorIds.FileExists, MpsErrorKind.Exists, "The file " + final + " appeared while the image was downloaded; it is kept. -Force overwrites it.");
                }
                File.Delete(final);
            }
            try
            {
                HeldFileRetry.Run(() => File.Move(downloadPath, final));
            }
            catch (IOException e)
            {
                throw new MpsException(ErrorIds.FileWriteFailed, MpsErrorKind.InvalidOperation, "The image could not be renamed to " + final + ": " + e.Message, e);
            }
            if (overwrite)
            {
                // -Force replaces what an earlier run saved for this image, even when its bytes were another format.
                foreach (string earlier in ImageFileNamer.CandidatePaths(plannedPath).Where(path => path != final && File.Exists(path)))
                {
                    File.Delete(earlier);
                }
            }
            return final;
        }
    }
}
