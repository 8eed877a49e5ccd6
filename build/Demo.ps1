<#
.SYNOPSIS
    Shows MpsAigc at work against the bundled emulator, as a user would type it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)
$ErrorActionPreference = 'Continue'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')

$emulator = Start-MpsEmulator -EmulatorPath $EmulatorPath
# Creates that take a second to answer, as a loaded service's may: a run killed meanwhile has creates in flight.
$slowEmulator = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--create-delay-ms', '1000'
try {
    Write-Host "The emulator listens on $($emulator.Url) (127.0.0.1 only); its demo account is in the environment:"
    Set-MpsEmulatorCredential
    Write-Host "PS> `$env:TENCENTCLOUD_SECRET_ID = '$env:TENCENTCLOUD_SECRET_ID'" -ForegroundColor Yellow
    Write-Host "PS> `$env:TENCENTCLOUD_SECRET_KEY = '********'" -ForegroundColor Yellow

    $steps = @(
        ,@('Import the module and point it at the emulator', "Import-Module '$ModulePath'; `$endpoint = '$($emulator.Url)'")
        ,@('Create a task from a prompt (billed on the real service); -WhatIf shows the exact request first',
            "New-MpsAigcVideoTask 'a cat surfing' -ModelName Kling -Resolution 1080P -Endpoint `$endpoint -WhatIf; `$new = 'a cat surfing', 'a dog skiing' | New-MpsAigcVideoTask -ModelName Kling -Endpoint `$endpoint; `$new")
        ,@('Query a batch of tasks: ids from the pipeline, one object each, in input order',
            "'done-1', 'done-after2polls-2', 'run-3', 'done-r720-v2-4' | Get-MpsAigcVideoTask -Endpoint `$endpoint")
        ,@('A failed task is an object with the reason; an unknown id is a non-terminating error, and the rest go on',
            "Get-MpsAigcVideoTask 'fail-5', '4-AigcVideo-0000unknown', 'done-6' -Endpoint `$endpoint -ErrorVariable failed")
        ,@('Each error carries the service''s code as its ErrorId, and the id as its TargetObject',
            '$failed | Select-Object FullyQualifiedErrorId, TargetObject, @{ n = ''Category''; e = { $_.CategoryInfo.Category } } | Format-List')
        ,@('Bad input is refused before any request is sent',
            "'', 'has space' | Get-MpsAigcVideoTask -Endpoint `$endpoint -ErrorAction SilentlyContinue -ErrorVariable bad; `$bad | ForEach-Object { `$_.Exception.Message }")
        ,@('Everything about one task', "Get-MpsAigcVideoTask 'done-r720-v2-4' -Endpoint `$endpoint | Format-List")
        ,@('A batch as a background job: one job for the whole batch',
            "`$job = 1..5 | ForEach-Object { `"done-job-`$_`" } | Get-MpsAigcVideoTask -Endpoint `$endpoint -AsJob; Get-Job | Format-Table Id, Name, PSJobTypeName, State, Command")
        ,@('Wait for it and receive the same objects the cmdlet emits', '$job | Wait-Job | Receive-Job; $job | Remove-Job')
        ,@('Wait on a batch: each task comes out the moment it is DONE, quickest first; a failure is an error',
            "'done-after4polls-w1', 'done-after2polls-w2', 'fail-after3polls-w3' | Wait-MpsAigcVideoTask -Endpoint `$endpoint -PollInterval 0.5")
        ,@('The whole job in one line: ids to files, saved whole and checked against Content-Length',
            "`$folder = Join-Path ([IO.Path]::GetTempPath()) 'mpsaigc-demo-videos'; 'done-after2polls-s1', 'done-v2-s2' | Get-MpsAigcVideoTask -Endpoint `$endpoint | Wait-MpsAigcVideoTask -PollInterval 0.5 | Save-MpsAigcVideo -Path `$folder -Force | Format-Table Name, Length, TaskId, SourceUrl")
        ,@('Saved files compose with the file cmdlets; a re-run with -SkipExisting downloads nothing',
            "Save-MpsAigcVideo -TaskId 'done-after2polls-s1' -Endpoint `$endpoint -Path `$folder -SkipExisting | Get-FileHash | Format-Table Algorithm, Hash; Remove-Item `$folder -Recurse")
        ,@('Images live the same life: a prompt to files, each named with the extension its bytes call for',
            "`$images = Join-Path ([IO.Path]::GetTempPath()) 'mpsaigc-demo-images'; 'a red fox, watercolor' | New-MpsAigcImageTask -ModelName Hunyuan -OutputImageCount 2 -Endpoint `$endpoint | Wait-MpsAigcImageTask -PollInterval 0.5 | Save-MpsAigcImage -Path `$images -Force | Format-Table Name, Length, TaskId; Remove-Item `$images -Recurse")
        ,@('A runbook with a journal, killed (SIGKILL) in the middle of its creates; the emulator at $slow answers each create after 1 s',
            "`$slow = '$($slowEmulator.Url)'; `$journal = Join-Path ([IO.Path]::GetTempPath()) 'mpsaigc-demo-$PID.jsonl'; `$scenes = 1..24 | ForEach-Object { `"scene `$_`" }
`$run = Start-Process (Join-Path `$PSHOME 'pwsh') -PassThru -RedirectStandardOutput (Join-Path ([IO.Path]::GetTempPath()) 'mpsaigc-demo-run.txt') -ArgumentList '-NoProfile', '-c', `"Import-Module '$ModulePath'; '`$(`$scenes -join `"','`")' | New-MpsAigcVideoTask -ModelName Kling -Endpoint `$slow -JournalPath `$journal`"
while (-not (Test-Path `$journal) -or @(Select-String '`"Event`":`"Created`"' `$journal).Count -lt 5) { Start-Sleep -Milliseconds 100 }
Stop-Process `$run -Force; `$run.WaitForExit()
'Killed: the journal has {0} tasks created and {1} creates sent without an answer' -f @(Select-String '`"Event`":`"Created`"' `$journal).Count, (@(Select-String '`"Event`":`"Sending`"' `$journal).Count - @(Select-String '`"Event`":`"Created`"' `$journal).Count)")
        ,@('Started again: the journal gives back what was created, the creates in flight are OutcomeUnknown (not sent again), and only the rest is created',
            "`$tasks = `$scenes | New-MpsAigcVideoTask -ModelName Kling -Endpoint `$slow -JournalPath `$journal -ErrorVariable unknown -ErrorAction SilentlyContinue
`$unknown | ForEach-Object { '{0}: {1}' -f `$_.TargetObject, `$_.FullyQualifiedErrorId.Split(',')[0] }
`$made = (Invoke-RestMethod `"`$slow/_emulator/stats`").CreatedByAction.CreateAigcVideoTask
'{0} tasks and {1} unknown for {2} scenes; the service made {3} tasks in all: {4} duplicates' -f `$tasks.Count, `$unknown.Count, `$scenes.Count, `$made, [math]::Max(0, `$made - `$scenes.Count)
Remove-Item `$journal, `"`$journal.lock`"")
        ,@('300 ids at the documented 50 requests/second, never over it',
            "`$t = Measure-Command { `$tasks = 1..300 | ForEach-Object { `"done-rate-`$_`" } | Get-MpsAigcVideoTask -Endpoint `$endpoint }; '{0} tasks in {1:0.0} s = {2:0.0} requests/s' -f `$tasks.Count, `$t.TotalSeconds, (`$tasks.Count / `$t.TotalSeconds)")
    )
    foreach ($step in $steps) {
        Write-Host ''
        Write-Host "# $($step[0])" -ForegroundColor Cyan
        Write-Host "PS> $($step[1])" -ForegroundColor Yellow
        # Dot-sourced at script level, as if typed at a prompt: variables carry over between steps.
        . ([scriptblock]::Create($step[1])) | Out-Host
    }
    $stats = Get-MpsEmulatorStats $emulator
    Write-Host ''
    Write-Host ("The emulator saw {0} API requests, at most {1} in any one second, and refused {2} for rate." -f $stats.Requests, $stats.MaxRequestsInOneSecond, $stats.RequestLimitExceeded) -ForegroundColor Cyan
}
finally {
    Stop-MpsEmulator $slowEmulator
    Stop-MpsEmulator $emulator
    Write-Host 'The emulator has stopped.'
}
