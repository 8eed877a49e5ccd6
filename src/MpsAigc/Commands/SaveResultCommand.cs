using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MpsAigc.Common;
using MpsAigc.Configuration;
using MpsAigc.Downloads;
using MpsAigc.Engine;
using MpsAigc.Pipeline;
using MpsAigc.Saving;
using MpsAigc.Tasks;

namespace MpsAigc.Commands
{
    /// <summary>Downloads the results of AIGC tasks of one kind, resumably, to whole files only.</summary>
    public abstract class SaveResultCommand : MpsBatchCmdlet<SaveInput, SavedFile>
    {
        protected const string InputObjectSet = "InputObject";
        private const string TaskIdSet = "TaskId";
        private const string UrlSet = "Url";

        private string? _folder;
        private ResultFiles? _files;

        /// <summary>Tasks from Get-, Wait- or New-; one of the other kind is an error that names the right cmdlet.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public AigcTask[]? InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[]? TaskId { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
        [AllowEmptyString]
        public string[]? Url { get; set; }

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FileName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>The connections the whole command holds at once, over all its files and their ranges.</summary>
        [Parameter]
        [ValidateRange(1, ConnectionBudget.MaxLimit)]
        public int ConnectionLimit { get; set; }

        protected override void Prepare()
        {
            try
            {
                if (Force && SkipExisting)
                {
                    throw new MpsException(ErrorIds.ConflictingParameters, MpsErrorKind.InvalidArgument, "-Force overwrites existing files and -SkipExisting keeps them; give one of them.");
                }
                _folder = FileSystemFolder();
                _files = ResultFiles.In(Kind, _folder, FileName, createFolder: !MyInvocation.BoundParameters.ContainsKey("WhatIf"));
            }
            catch (MpsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, Path));
            }
        }

        /// <summary>-AsJob is confirmed once for the whole batch, with its count: the inputs are gathered first.</summary>
        protected override bool ConfirmsWholeBatch => true;

        protected override bool ConfirmJob(int inputCount)
        {
            return ShouldProcess(_folder, "Save the " + Kind.Noun + "s of " + inputCount + " inputs in a background job");
        }

        protected override string JobCommand(int? inputCount) => Kind.SaveCommand + " " + Counted(inputCount, "inputs") + " -Path " + _folder;

        protected override IEnumerable<SaveInput> Inputs()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    return TasksOf(InputObject).Select(SaveInput.Of);
                case TaskIdSet:
                    return (TaskId ?? new string?[] { null }).Select(SaveInput.OfId);
                default:
                    return (Url ?? new string[0]).Select(SaveInput.OfUrl);
            }
        }

        /// <summary>-Path as a folder of the file system (which may not exist yet).</summary>
        private string FileSystemFolder()
        {
            try
            {
                string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out ProviderInfo provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    throw new MpsException(ErrorIds.InvalidPath, MpsErrorKind.InvalidArgument, "-Path '" + Path + "' is on the " + provider.Name + " provider; give a folder of the file system.");
                }
                return folder;
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is ArgumentException)
            {
                throw new MpsException(ErrorIds.InvalidPath, MpsErrorKind.InvalidArgument, "-Path '" + Path + "' is not a usable folder: " + e.Message);
            }
        }

        internal override PumpFactory CreatePump(QueuedLog log, bool inJob)
        {
            Connection connection = Connection;
            TimeSpan stallLimit = connection.RequestTimeout;
            int throttleLimit = ThrottleLimit;
            int connectionLimit = MyInvocation.BoundParameters.ContainsKey(nameof(ConnectionLimit)) ? ConnectionLimit : ConnectionBudget.DefaultFor(throttleLimit);
            TaskKind kind = Kind;
            string folder = _folder ?? throw new InvalidOperationException("Prepare resolves the folder before the pump is made.");
            ResultFiles files = _files ?? throw new InvalidOperationException("Prepare plans the files before the pump is made.");
            bool force = Force;
            bool skipExisting = SkipExisting;
            // In a job nothing may ask the user (the batch was confirmed before it started) or touch the session.
            Func<string, bool> shouldProcess = inJob ? (Func<string, bool>)(_ => true) : path => ShouldProcess(path, "Save " + kind.Noun);
            Func<SavedFile, PSObject> fileItem = inJob ? FileItems.ForJob(this, folder) : FileItems.FromSession(this);
            return (sink, cancellationToken) =>
            {
                var pumpThread = new PumpThread();
                var downloader = new ResultDownloader(connection.Retry, SystemClock.Instance, log, stallLimit, connections: new ConnectionBudget(connectionLimit));
                var saves = new ResultSaves(
                    kind,
                    downloader,
                    (id, endpoint, token) => kind.DescribeAsync(connection.Client(log, endpoint), id, token),
                    files,
                    force,
                    skipExisting,
                    shouldProcess,
                    pumpThread);
                return new Pump<SaveInput, SavedFile>(
                    new BatchEngine<SavedFile>(throttleLimit, inputOrder: false, SystemClock.Instance, cancellationToken),
                    log,
                    sink,
                    saves.Add,
                    fileItem,
                    saves.Progress,
                    thread: pumpThread);
            };
        }

        /// <summary>Links (given, or from task objects) download without the API; only -TaskId must query first.</summary>
        protected override bool CredentialsRequired => ParameterSetName == TaskIdSet;
    }
}
