using System;
using System.IO;
using System.Linq;
using MpsAigc.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// How one kind's results are named on disk. A video's name is known before its first byte; an image's
    /// extension only once its bytes say which format it is, so it is downloaded under a working name and
    /// renamed when complete.
    /// </summary>
    public abstract class ResultFiles
    {
        /// <summary>
        /// How <paramref name="kind"/>'s results are named in <paramref name="folder"/> from -FileName's
        /// <paramref name="template"/> (null: the kind's own), checked before anything is asked or saved.
        /// </summary>
        /// <param name="createFolder">False for -WhatIf, which must not change the disk.</param>
        /// <exception cref="MpsException">InvalidFileName for a placeholder the kind does not know; InvalidPath for a folder that is a file or cannot be created.</exception>
        public static ResultFiles In(TaskKind kind, string folder, string? template, bool createFolder)
        {
            bool image = kind == TaskKind.Image;
            string? unknown = template == null ? null : image ? ImageFileNamer.UnknownPlaceholder(template) : VideoFileNamer.UnknownPlaceholder(template);
            if (unknown != null)
            {
                throw Invalid(ErrorIds.InvalidFileName, "-FileName '" + template + "' has the placeholder " + unknown + ", which is not known; use " + (image ? "{TaskId} and {Index}" : "{TaskId}, {Index} and {Resolution}") + ".");
            }
            if (File.Exists(folder))
            {
                throw Invalid(ErrorIds.InvalidPath, "-Path '" + folder + "' is a file; give the folder to save the " + kind.Noun + "s in.");
            }
            if (!Directory.Exists(folder) && createFolder)
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw Invalid(ErrorIds.InvalidPath, "The folder '" + folder + "' cannot be created: " + e.Message);
                }
            }
            return image ? new ImageFiles(new ImageFileNamer(folder, template)) : (ResultFiles)new VideoFiles(new VideoFileNamer(folder, template ?? VideoFileNamer.DefaultTemplate));
        }

        /// <summary>The path planned for result <paramref name="index"/> of <paramref name="count"/>: what duplicates and -WhatIf are judged by.</summary>
        public abstract string PathFor(AigcTask task, int index, int count);

        /// <summary>The planned path for a bare link.</summary>
        public abstract string PathForUrl(Uri url);

        /// <summary>A file an earlier run saved for this plan, or null.</summary>
        public abstract string? Existing(string plannedPath);

        /// <summary>Where the download writes its complete file.</summary>
        public virtual string DownloadPath(string plannedPath) => plannedPath;

        /// <summary>True when the download's own file may always be replaced (a working name nobody else uses).</summary>
        public virtual bool OverwritesDownload => false;

        /// <summary>The saved file's final path, once the download is complete.</summary>
        public virtual string Finish(string downloadPath, string plannedPath, bool overwrite) => downloadPath;

        private static MpsException Invalid(string errorId, string message)
        {
            return new MpsException(errorId, MpsErrorKind.InvalidArgument, message);
        }
    }

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
