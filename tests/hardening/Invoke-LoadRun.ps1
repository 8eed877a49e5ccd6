<#
.SYNOPSIS
    One session under load: many tasks waited at once, then files saved, with the process's peak memory
    and its threads measured. Run in a fresh pwsh by Load.Tests.ps1; prints one JSON line.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Folder,
    [int] $Tasks = 10000,
    [int] $Polls = 2,
    [int] $Files = 500,
    [int] $MaxRequestsPerSecond = 50
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$process = Get-Process -Id $PID
$idleThreads = $process.Threads.Count
$idleMemory = $process.WorkingSet64

$ids = 1..$Tasks | ForEach-Object { "done-after${Polls}polls-load-$_" }
$watch = [Diagnostics.Stopwatch]::StartNew()
$done = $ids | Wait-MpsAigcVideoTask -Endpoint $Endpoint -MaxRequestsPerSecond $MaxRequestsPerSecond -PollInterval 1 -ThrottleLimit 32
$waitSeconds = $watch.Elapsed.TotalSeconds
$saved = $done[0..($Files - 1)] | Save-MpsAigcVideo -Path $Folder -ThrottleLimit 8
$process.Refresh()

[pscustomobject]@{
    Done          = @($done | Where-Object Status -EQ 'DONE').Count
    Saved         = @($saved).Count
    WaitSeconds   = [math]::Round($waitSeconds, 1)
    IdleMiB       = [math]::Round($idleMemory / 1MB)
    PeakMiB       = [math]::Round($process.PeakWorkingSet64 / 1MB)
    IdleThreads   = $idleThreads
    ThreadsAtEnd  = $process.Threads.Count
} | ConvertTo-Json -Compress
