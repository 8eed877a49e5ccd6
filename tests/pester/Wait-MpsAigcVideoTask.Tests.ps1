BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url
    # Short intervals keep the suite fast; the schedule's shape is the same at any scale.
    $fast = @{ Endpoint = $endpoint; PollInterval = 0.2; MaxPollInterval = 0.5 }
}

AfterAll {
    Stop-MpsEmulator $emulator
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'Wait-MpsAigcVideoTask' {
    It 'ends every task of a mixed batch as exactly one object or one error with its ErrorId' {
        # Tasks that end get a minute (a bound against a hang, never reached); the one that never ends is waited on by
        # a call of its own for a second, so a busy machine cannot make the others time out with it.
        $ids = 'done-w1', 'done-after3polls-w2', 'fail-after2polls-w3', '4-AigcVideo-unknown-w4', ''
        $done = $ids | Wait-MpsAigcVideoTask @fast -Timeout 60 -ErrorAction SilentlyContinue -ErrorVariable err
        $null = 'run-w5' | Wait-MpsAigcVideoTask @fast -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable timedOut

        $done.TaskId | Sort-Object | Should -Be @('done-after3polls-w2', 'done-w1')
        $done.Status | Should -Be @('DONE', 'DONE')
        $err.Count | Should -Be 3
        $timedOut.Count | Should -Be 1
        $byId = @{}
        foreach ($e in @($err) + @($timedOut)) { $byId[[string]$(if ($null -ne $e.TargetObject.TaskId) { $e.TargetObject.TaskId } else { $e.TargetObject })] = $e }
        $byId['fail-after2polls-w3'].FullyQualifiedErrorId | Should -BeLike 'TaskFailed,*'
        $byId['fail-after2polls-w3'].TargetObject.Status | Should -Be 'FAIL'
        $byId['fail-after2polls-w3'].Exception.Message | Should -Match 'emulated failure'
        $byId['4-AigcVideo-unknown-w4'].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound,*'
        $byId['run-w5'].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $byId['run-w5'].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $byId['run-w5'].TargetObject.PSObject.TypeNames[0] | Should -Be 'MpsAigc.VideoTask'
        $byId['run-w5'].TargetObject.Status | Should -Be 'RUN'
        $byId[''].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
    }

    It 'emits tasks in the order they finish, not the order they came' {
        $done = 'done-after6polls-slow', 'done-after2polls-quick', 'done-now' | Wait-MpsAigcVideoTask @fast
        $done.TaskId | Should -Be @('done-now', 'done-after2polls-quick', 'done-after6polls-slow')
    }

    It 'emits FAIL tasks as objects with -IncludeFailed' {
        $all = 'fail-after2polls-i1', 'done-i2' | Wait-MpsAigcVideoTask @fast -IncludeFailed -ErrorVariable err
        $err | Should -BeNullOrEmpty
        ($all | Where-Object TaskId -EQ 'fail-after2polls-i1').Status | Should -Be 'FAIL'
        ($all | Where-Object TaskId -EQ 'done-i2').Status | Should -Be 'DONE'
    }

    It 'emits a task that is already final at once, without a request' {
        $task = Get-MpsAigcVideoTask 'done-final' -Endpoint $endpoint
        Reset-MpsEmulator $emulator
        $same = $task | Wait-MpsAigcVideoTask
        $same.TaskId | Should -Be 'done-final'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'asks about a task object where it was found when -Endpoint is not given' {
        $waited = 'done-after3polls-o1', 'done-after2polls-o2' | Get-MpsAigcVideoTask -Endpoint $endpoint |
            Wait-MpsAigcVideoTask -PollInterval 0.2
        $waited.TaskId | Sort-Object | Should -Be @('done-after2polls-o2', 'done-after3polls-o1')
    }

    It 'takes ids by position and by property name' {
        (Wait-MpsAigcVideoTask 'done-p1' @fast).TaskId | Should -Be 'done-p1'
        ([pscustomobject]@{ TaskId = 'done-p2' } | Wait-MpsAigcVideoTask @fast).TaskId | Should -Be 'done-p2'
    }

    It 'says each state change of each task in -Verbose' {
        $verbose = 'done-after3polls-v' | Wait-MpsAigcVideoTask @fast -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'done-after3polls-v: (not yet queried) -> WAIT.'
        $verbose | Should -Contain 'done-after3polls-v: WAIT -> RUN.'
        $verbose | Should -Contain 'done-after3polls-v: RUN -> DONE after 3 polls.'
    }

    It 'shows one progress bar with the counts, completed at the end' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                'done-after3polls-g1', 'fail-after2polls-g2', 'done-g3' | Wait-MpsAigcVideoTask -Endpoint $Endpoint -PollInterval 0.2 -ErrorAction SilentlyContinue
            }).AddArgument($ModulePath).AddArgument($endpoint)
        $null = $ps.Invoke()
        $progress = @($ps.Streams.Progress)
        $ps.Dispose()

        $progress.Count | Should -BeGreaterThan 0
        @($progress.ActivityId | Select-Object -Unique).Count | Should -Be 1
        $progress[-1].RecordType | Should -Be 'Completed'
        $progress[-1].StatusDescription | Should -Match '^2 done, 1 failed, 0 running, 0 waiting of 3 \('
        # The polls' rate beside the budget's limit (the documented 50/s, nothing refused here).
        $progress[-1].StatusDescription | Should -Match '; [0-9.]+ requests/s of 50\)$'
        $progress[-1].PercentComplete | Should -Be 100
    }

    It 'refuses a maximum interval shorter than the first' {
        { 'done-x' | Wait-MpsAigcVideoTask -Endpoint $endpoint -PollInterval 10 -MaxPollInterval 1 } |
            Should -Throw -ErrorId 'InvalidPollInterval,MpsAigc.Commands.WaitMpsAigcVideoTaskCommand'
    }

    It 'stops within a second on Ctrl+C' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                'run-c1', 'run-c2' | Wait-MpsAigcVideoTask -Endpoint $Endpoint -PollInterval 0.2
            }).AddArgument($ModulePath).AddArgument($endpoint)
        Reset-MpsEmulator $emulator
        $async = $ps.BeginInvoke()
        # Stopped once the wait has polled both tasks (bounded at a minute): the stop lands on the wait, not on Import-Module.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-MpsEmulatorStats $emulator).Requests -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $polled = (Get-MpsEmulatorStats $emulator).Requests
        $ps.Stop()
        $state = $ps.InvocationStateInfo.State
        $ps.Dispose()
        $polled | Should -BeGreaterOrEqual 2
        $state | Should -Be 'Stopped'
    }

    It 'waits on 200 ids from a file behind Get-MpsAigcVideoTask, never over 50 requests in a second' {
        $limited = Start-TestEmulator -ArgumentList '--rate-limit', '50'
        $file = New-TemporaryFile
        try {
            1..200 | ForEach-Object { "done-after2polls-f$_" } | Set-Content $file
            $done = Get-Content $file | Get-MpsAigcVideoTask -Endpoint $limited.Url | Wait-MpsAigcVideoTask -PollInterval 0.5
            $stats = Get-MpsEmulatorStats $limited
            $done.Count | Should -Be 200
            ($done.TaskId | Sort-Object -Unique).Count | Should -Be 200
            $stats.Requests | Should -Be 400
            $stats.RequestLimitExceeded | Should -Be 0
            $stats.MaxRequestsInOneSecond | Should -BeLessOrEqual 50
        }
        finally {
            Stop-MpsEmulator $limited
            Remove-Item $file
        }
    }
}

Describe 'Wait-MpsAigcVideoTask -AsJob' {
    It 'streams each finished task into the job as it finishes, and Stop-Job stops the rest' {
        $job = 'done-j1', 'run-j2' | Wait-MpsAigcVideoTask @fast -AsJob
        $job.PSJobTypeName | Should -Be 'MpsAigcJob'
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($job.Output.Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

        $job.State | Should -Be 'Running'
        $job.Output[0].TaskId | Should -Be 'done-j1'
        $job | Stop-Job
        $job.State | Should -Be 'Stopped'
        $received = @($job | Receive-Job -ErrorVariable jobErrors)
        $received.TaskId | Should -Be 'done-j1'
        $jobErrors | Should -BeNullOrEmpty
        $job | Remove-Job
    }

    It 'ends with the same objects and errors as the cmdlet' {
        $job = 'done-after2polls-k1', 'fail-k2' | Wait-MpsAigcVideoTask @fast -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $received = $job | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable jobErrors
        $received.TaskId | Should -Be 'done-after2polls-k1'
        $jobErrors.FullyQualifiedErrorId | Should -Be 'TaskFailed'
        $job | Remove-Job
    }
}

Describe 'A pipeline cut short downstream' {
    It 'stops polling the tasks nobody will read once Select-Object -First has what it wanted' {
        Reset-MpsEmulator $emulator
        $first = 'done-cut1', 'wait-cut2', 'wait-cut3' | Wait-MpsAigcVideoTask -Endpoint $endpoint -PollInterval 0.05 -MaxPollInterval 0.1 | Select-Object -First 1
        $first.TaskId | Should -Be 'done-cut1'
        $after = (Get-MpsEmulatorStats $emulator).Requests
        Start-Sleep -Seconds 1.5
        # Still waiting, the two others would have been polled about 30 more times by now.
        (Get-MpsEmulatorStats $emulator).Requests | Should -BeLessOrEqual ($after + 2)
    }
}
