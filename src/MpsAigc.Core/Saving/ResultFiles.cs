using System;
using System.IO;
using System.Linq;
using MpsAigc.Tasks;

namespace MpsAigc.Saving
{
    /// <summary>
    /// How one kind's results are named on disk. A video's name is known before its first byte (<see cref="TemplateFiles"/>); an image's
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
            string? unknown = template == null ? null
                : kind.ExtensionFromBytes ? ImageFileNamer.UnknownPlaceholder(template) : TemplateFileNamer.UnknownPlaceholder(template, kind.FilePlaceholders);
            if (unknown != null)
            {
                string[] names = new[] { "{TaskId}", "{Index}" }.Concat(kind.FilePlaceholders).ToArray();
                string known = string.Join(", ", names.Take(names.Length - 1)) + " and " + names[names.Length - 1];
                throw Invalid(ErrorIds.InvalidFileName, "-FileName '" + template + "' has the placeholder " + unknown + ", which is not known; use " + known + ".");
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
            return kind.ExtensionFromBytes
                ? new ImageFiles(new ImageFileNamer(folder, template))
                : (ResultFiles)new TemplateFiles(new TemplateFileNamer(folder, template, kind.DefaultFileTemplate), kind.FilePlaceholders);
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
}
