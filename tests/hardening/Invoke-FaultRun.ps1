<#
.SYNOPSIS
    The overnight runbook in small: Get | Wait | Save over many tasks against an emulator (faulty or not),
    then a check of every task's outcome. Run in a fresh pwsh by the fault suite and by the bench (row 9).
.OUTPUTS
    One summary object: Tasks, Saved (files), Failed (tasks ending in an error, by ErrorId), ElapsedSeconds,
    and Violations: every way a task ended other than in one whole file set or in one error.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Folder,
    [int] $Count = 1000,
    [int] $VideoBytes = 65536,
    [int] $MaxRequestsPerSecond = 100
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# Most tasks finish on their second poll; every 10th has two videos, every 20th fails, every 50th does not exist.
$ids = foreach ($i in 1..$Count) {
    if ($i % 50 -eq 1) { "nosuch-run-$i" }
    elseif ($i % 20 -eq 0) { "fail-after2polls-run-$i" }
    elseif ($i % 10 -eq 5) { "done-after2polls-v2-run-$i" }
    else { "done-after2polls-run-$i" }
}

$connection = @{ Endpoint = $Endpoint; MaxRequestsPerSecond = $MaxRequestsPerSecond; RequestTimeoutSec = 2 }
$errs = $null
$watch = [Diagnostics.Stopwatch]::StartNew()
$files = $ids |
    Get-MpsAigcVideoTask @connection -ErrorVariable +errs -ErrorAction SilentlyContinue |
    Wait-MpsAigcVideoTask @connection -PollInterval 0.5 -ErrorVariable +errs -ErrorAction SilentlyContinue |
    Save-MpsAigcVideo @connection -Path $Folder -ThrottleLimit 16 -ErrorVariable +errs -ErrorAction SilentlyContinue
$elapsed = $watch.Elapsed.TotalSeconds

function Get-TaskIdOf($ErrorRecord) {
    $target = $ErrorRecord.TargetObject
    if ($target -is [string]) { return $target }
    if ($target -and $target.PSObject.Properties['TaskId']) { return $target.TaskId }
    "(unknown: $($ErrorRecord.FullyQualifiedErrorId))"
}

$violations = [System.Collections.Generic.List[string]]::new()
$errorsByTask = @{}
foreach ($record in @($errs)) {
    $id = Get-TaskIdOf $record
    if ($errorsByTask.ContainsKey($id)) { $violations.Add("$id has more than one error: $($record.FullyQualifiedErrorId)") }
    $errorsByTask[$id] = $record.FullyQualifiedErrorId.Split(',')[0]
}
$filesByTask = @{}
foreach ($file in @($files)) { $filesByTask[$file.TaskId] = @($filesByTask[$file.TaskId]) + $file | Where-Object { $_ } }

foreach ($id in $ids) {
    $expected = if ($id -like '*-v2-*') { 2 } else { 1 }
    $saved = @($filesByTask[$id])
    if ($errorsByTask.ContainsKey($id)) {
        if ($id -like 'done-*') { $violations.Add("$id (a task that finishes DONE) ended in $($errorsByTask[$id])") }
        continue
    }
    if ($id -notlike 'done-*') { $violations.Add("$id ended without the error it should have") ; continue }
    if ($saved.Count -ne $expected) { $violations.Add("$id has $($saved.Count) of $expected files and no error"); continue }
    for ($index = 1; $index -le $expected; $index++) {
        $name = if ($expected -eq 1) { "$id.mp4" } else { "${id}_$index.mp4" }
        $path = Join-Path $Folder $name
        if (-not (Test-Path $path)) { $violations.Add("$name is missing"); continue }
        $served = Invoke-RestMethod "$Endpoint/_emulator/sha256/videos/$id/$index.mp4"
        if ((Get-FileHash $path).Hash -ne $served) { $violations.Add("$name differs from the served video") }
    }
}
# Nothing but whole videos at final names: no empty or short file, whatever ended in an error.
foreach ($file in Get-ChildItem $Folder -Filter *.mp4) {
    if ($file.Length -ne $VideoBytes) { $violations.Add("$($file.Name) is $($file.Length) bytes at its final name") }
}

[pscustomobject]@{
    Tasks          = $ids.Count
    Saved          = @($files).Count
    Failed         = $errorsByTask.Values | Group-Object | ForEach-Object { "$($_.Name)=$($_.Count)" }
    ElapsedSeconds = [math]::Round($elapsed, 1)
    Violations     = @($violations)
}
