using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MpsAigc.Engine;
using MpsAigc.Downloads;
using MpsAigc.Http;
using MpsAigc.Pipeline;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Downloads the result videos of AIGC video tasks, resumably, to whole files only.</summary>
    [Cmdlet(VerbsData.Save, "MpsAigcVideo", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    [OutputType(typeof(Job2))]
    public sealed class SaveMpsAigcVideoCommand : MpsBatchCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string TaskIdSet = "TaskId";
        private const string UrlSet = "Url";

        private string _folder;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public VideoTask[] InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
        [AllowEmptyString]
        public string[] Url { get; set; }

        /// <summary>The destination folder; created when missing.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        /// <summary>The file name template: {TaskId}, {Index}, {Resolution}.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string FileName { get; set; } = VideoFileNamer.DefaultTemplate;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void Prepare()
        {
            if (Force && SkipExisting)
            {
                Terminate(ErrorIds.ConflictingParameters, "-Force overwrites existing files and -SkipExisting keeps them; give one of them.");
            }
            _folder = ResolveFolder();
        }

        /// <summary>-AsJob is confirmed once for the whole batch, with its count: the inputs are gathered first.</summary>
        protected override bool ConfirmsWholeBatch => true;

        protected override bool ConfirmJob(int inputCount)
        {
            return ShouldProcess(_folder, "Save the videos of " + inputCount + " inputs in a background job");
        }

        protected override string JobCommand(int? inputCount)
        {
            return "Save-MpsAigcVideo <" + inputCount + " inputs> -Path " + _folder;
        }

        protected override IEnumerable<object> Inputs()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    foreach (VideoTask task in InputObject ?? new VideoTask[0])
                    {
                        if (task != null)
                        {
                            yield return task;
                        }
                    }
                    break;
                case TaskIdSet:
                    foreach (string id in TaskId ?? new string[] { null })
                    {
                        yield return new TaskIdInput(id);
                    }
                    break;
                default:
                    foreach (string url in Url ?? new string[0])
                    {
                        yield return url;
                    }
                    break;
            }
        }

        private string ResolveFolder()
        {
            string folder = null;
            try
            {
                folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out ProviderInfo provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    Terminate(ErrorIds.InvalidPath, "-Path '" + Path + "' is on the " + provider.Name + " provider; give a folder of the file system.");
                }
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is ArgumentException)
            {
                Terminate(ErrorIds.InvalidPath, "-Path '" + Path + "' is not a usable folder: " + e.Message);
            }
            string unknown = VideoFileNamer.UnknownPlaceholder(FileName);
            if (unknown != null)
            {
                Terminate(ErrorIds.InvalidFileName, "-FileName '" + FileName + "' has the placeholder " + unknown + ", which is not known; use {TaskId}, {Index} and {Resolution}.");
            }
            if (File.Exists(folder))
            {
                Terminate(ErrorIds.InvalidPath, "-Path '" + folder + "' is a file; give the folder to save the videos in.");
            }
            if (!Directory.Exists(folder) && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Terminate(ErrorIds.InvalidPath, "The folder '" + folder + "' cannot be created: " + e.Message);
                }
            }
            return folder;
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            Connection connection = Connection;
            TimeSpan stallLimit = connection.RequestTimeout;
            int throttleLimit = ThrottleLimit;
            var namer = new VideoFileNamer(_folder, FileName);
            bool force = Force;
            bool skipExisting = SkipExisting;
            // In a job nothing may ask the user (the batch was confirmed before it started) or touch the session.
            Func<string, bool> shouldProcess = inJob ? (Func<string, bool>)(_ => true) : path => ShouldProcess(path, "Save video");
            Func<SavedFile, PSObject> fileItem = inJob ? FileItems.ForJob(this, _folder) : FileItems.FromSession(this);
            return (sink, cancellationToken) =>
            {
                var downloader = new VideoDownloader(connection.Retry, SystemClock.Instance, log, stallLimit);
                var saves = new VideoSaves(downloader, (id, endpoint, token) => connection.Client(log, endpoint).DescribeAsync(id, token), namer, force, skipExisting, shouldProcess);
                var engine = new BatchEngine(throttleLimit, inputOrder: false, SystemClock.Instance, cancellationToken);
                return new Pump(
                    engine,
                    log,
                    sink,
                    saves.Add,
                    outcome =>
                    {
                        if (outcome.Value is VideoTask queried)
                        {
                            // A queried id: its files join the batch, and they are what is emitted.
                            saves.Plan(engine, queried, outcome.Target);
                            return null;
                        }
                        return fileItem((SavedFile)outcome.Value);
                    },
                    elapsed => SaveProgress.Of(saves, elapsed));
            };
        }

        /// <summary>Links (given, or from task objects) download without the API; only -TaskId must query first.</summary>
        protected override bool CredentialsRequired => ParameterSetName == TaskIdSet;

        private void Terminate(string errorId, string message)
        {
            ThrowTerminatingError(ErrorRecords.From(new MpsException(errorId, MpsErrorKind.InvalidArgument, message), Path));
        }
    }
}
