using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
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
    public sealed class SaveMpsAigcVideoCommand : MpsCmdletBase
    {
        private const string InputObjectSet = "InputObject";
        private const string TaskIdSet = "TaskId";
        private const string UrlSet = "Url";

        /// <summary>How long a download may go without a byte before it is retried.</summary>
        private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

        private readonly List<object> _jobInputs = new List<object>();
        private string _folder;
        private SavePump _pump;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public VideoTask[] InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TaskIdSet)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
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

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Force && SkipExisting)
            {
                Terminate("ConflictingParameters", "-Force overwrites existing files and -SkipExisting keeps them; give one of them.");
            }
            _folder = ResolveFolder();
            if (!AsJob)
            {
                _pump = CreatePump(new CmdletRecordSink(this), CreateLog(), path => ShouldProcess(path, "Save video"), FileItems.FromSession(this), StopToken);
            }
        }

        protected override void ProcessRecord()
        {
            foreach (object input in Inputs())
            {
                if (AsJob)
                {
                    _jobInputs.Add(input);
                }
                else
                {
                    Add(_pump, input);
                }
            }
            _pump?.WriteReady();
        }

        protected override void EndProcessing()
        {
            if (!AsJob)
            {
                _pump.WriteAll(StopToken);
                return;
            }
            if (!ShouldProcess(_folder, "Save the videos of " + _jobInputs.Count + " inputs in a background job"))
            {
                return;
            }
            object[] inputs = _jobInputs.ToArray();
            QueuedLog log = CreateLog();
            StartJob(
                "Save-MpsAigcVideo <" + inputs.Length + " inputs> -Path " + _folder,
                (sink, cancellationToken) =>
                {
                    Func<string, PSObject> getItem = FileItems.FromPrivateRunspace(out IDisposable runspace);
                    using (runspace)
                    {
                        SavePump pump = CreatePump(sink, log, _ => true, getItem, cancellationToken);
                        foreach (object input in inputs)
                        {
                            Add(pump, input);
                        }
                        pump.WriteAll(cancellationToken);
                    }
                });
        }

        private IEnumerable<object> Inputs()
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

        private static void Add(SavePump pump, object input)
        {
            switch (input)
            {
                case VideoTask task:
                    pump.AddTask(task);
                    break;
                case TaskIdInput id:
                    pump.AddTaskId(id.Value);
                    break;
                default:
                    pump.AddUrl((string)input);
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
                    Terminate("InvalidPath", "-Path '" + Path + "' is on the " + provider.Name + " provider; give a folder of the file system.");
                }
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is ArgumentException)
            {
                Terminate("InvalidPath", "-Path '" + Path + "' is not a usable folder: " + e.Message);
            }
            if (File.Exists(folder))
            {
                Terminate("InvalidPath", "-Path '" + folder + "' is a file; give the folder to save the videos in.");
            }
            if (!Directory.Exists(folder) && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Terminate("InvalidPath", "The folder '" + folder + "' cannot be created: " + e.Message);
                }
            }
            return folder;
        }

        private SavePump CreatePump(IRecordSink sink, QueuedLog log, Func<string, bool> shouldProcess, Func<string, PSObject> getItem, CancellationToken cancellationToken)
        {
            Func<Uri, MpsClient> clients = ClientsFor(log);
            var downloader = new VideoDownloader(RetryPolicy.Default, SystemClock.Instance, log, StallTimeout);
            var batch = new VideoSaveBatch(downloader, (id, endpoint, token) => clients(endpoint).DescribeAsync(id, token), ThrottleLimit, cancellationToken);
            return new SavePump(batch, new VideoFileNamer(_folder, FileName), log, sink, shouldProcess, getItem, Force, SkipExisting);
        }

        private void Terminate(string errorId, string message)
        {
            ThrowTerminatingError(ErrorRecords.From(new MpsException(errorId, MpsErrorKind.InvalidArgument, message), Path));
        }

        /// <summary>Marks an id from the TaskId set, so it is not mistaken for a URL on the way to the job.</summary>
        private sealed class TaskIdInput
        {
            public TaskIdInput(string value)
            {
                Value = value;
            }

            public string Value { get; }
        }
    }
}
