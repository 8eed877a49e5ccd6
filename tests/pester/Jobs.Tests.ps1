BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url
    $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-jobs-$([guid]::NewGuid())")).FullName

    function Get-MpsJob { @(Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob') }

    # Receive-Job -Wait has no timeout: a job that never ends is stopped after a minute, so that the test
    # fails on what it received instead of hanging the run.
    function Start-Watchdog($Job) {
        $watchdog = [System.Threading.CancellationTokenSource]::new([TimeSpan]::FromSeconds(60))
        $null = $watchdog.Token.Register([Delegate]::CreateDelegate([Action], $Job, 'StopJob'))
        $watchdog
    }

    # 'wait-…' ids stay WAIT for ever on the emulator: a job waiting for one runs until it is stopped.
    function Start-EndlessJob([string] $TaskId) {
        Wait-MpsAigcVideoTask -TaskId $TaskId -Endpoint $endpoint -PollInterval 0.05 -MaxPollInterval 0.2 -AsJob
    }
}

AfterAll {
    Get-MpsJob | Remove-Job -Force
    Stop-MpsEmulator $emulator
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'PowerShell''s job cmdlets on MpsAigc jobs' {
    BeforeEach {
        # Every count below is of this test's own jobs.
        Get-MpsJob | Remove-Job -Force
    }

    It 'Receive-Job -Wait -AutoRemoveJob returns what <Name> -AsJob gives, with no error, and leaves no job' -ForEach @(
        @{
            Name = 'Get-MpsAigcVideoTask'
            Start = { 'done-ja1', 'fail-ja2' | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob }
            Check = { param($results) $results.TaskId | Should -Be @('done-ja1', 'fail-ja2'); $results.Status | Should -Be @('DONE', 'FAIL') }
        }
        @{
            Name = 'Wait-MpsAigcVideoTask'
            Start = { 'done-after2polls-jb1', 'done-jb2' | Wait-MpsAigcVideoTask -Endpoint $endpoint -PollInterval 0.05 -AsJob }
            Check = { param($results) $results.TaskId | Sort-Object | Should -Be @('done-after2polls-jb1', 'done-jb2'); $results.Status | Should -Be @('DONE', 'DONE') }
        }
        @{
            Name = 'Save-MpsAigcVideo'
            Start = { Save-MpsAigcVideo -TaskId 'done-jc1' -Endpoint $endpoint -Path $folder -AsJob }
            Check = { param($results) $results.Name | Should -Be 'done-jc1.mp4'; $results.FullName | Should -Exist; $results.TaskId | Should -Be 'done-jc1' }
        }
        @{
            Name = 'New-MpsAigcVideoTask'
            Start = { 'a prompt' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -AsJob }
            Check = { param($results) @($results).Count | Should -Be 1; $results.TaskId | Should -Match '^4-AigcVideo-[0-9a-f]{32}$'; $results.Status | Should -Be 'WAIT' }
        }
    ) {
        $job = & $Start
        $job.PSJobTypeName | Should -Be 'MpsAigcJob'
        $watchdog = Start-Watchdog $job
        try {
            $results = $job | Receive-Job -Wait -AutoRemoveJob -ErrorVariable jobErrors
        }
        finally { $watchdog.Dispose() }

        $jobErrors.Count | Should -Be 0
        & $Check $results
        $job.State | Should -Be 'Completed'
        Get-MpsJob | Should -BeNullOrEmpty
        Get-Job -Id $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Remove-Job removes a finished job' {
        $job = 'done-jd1' | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob
        $null = $job | Wait-Job -Timeout 60

        (Get-MpsJob).Id | Should -Be $job.Id
        $job | Remove-Job -ErrorVariable removeErrors

        $removeErrors.Count | Should -Be 0
        Get-MpsJob | Should -BeNullOrEmpty
    }

    It 'Remove-Job refuses a running job, and with -Force stops and removes it' {
        $job = Start-EndlessJob 'wait-forever-je1'

        $job | Remove-Job -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused.Count | Should -Be 1
        (Get-MpsJob).Id | Should -Be $job.Id
        $job.State | Should -Be 'Running'

        $job | Remove-Job -Force -ErrorVariable removeErrors

        $removeErrors.Count | Should -Be 0
        $job.State | Should -Be 'Stopped'
        Get-MpsJob | Should -BeNullOrEmpty
    }

    It 'Wait-Job -Any returns the job that finished while the other still runs' {
        $endless = Start-EndlessJob 'wait-forever-jf1'
        $quick = 'done-jf2' | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob

        $first = Wait-Job -Job $endless, $quick -Any -Timeout 60

        $first.Id | Should -Be $quick.Id
        $quick.State | Should -Be 'Completed'
        $endless.State | Should -Be 'Running'
    }

    It 'Get-Job finds them by -Name, -Id, -State and -Command' {
        $endless = Start-EndlessJob 'wait-forever-jg1'
        $quick = 'done-jg2' | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob
        $null = $quick | Wait-Job -Timeout 60

        (Get-Job -Name $quick.Name).Id | Should -Be $quick.Id
        (Get-Job -Id $endless.Id).Id | Should -Be $endless.Id
        @(Get-Job -State Running | Where-Object PSJobTypeName -EQ 'MpsAigcJob').Id | Should -Be @($endless.Id)
        @(Get-Job -State Completed | Where-Object PSJobTypeName -EQ 'MpsAigcJob').Id | Should -Be @($quick.Id)
        (Get-Job -Command 'Wait-MpsAigcVideoTask*').Id | Should -Be $endless.Id
        (Get-MpsJob).Count | Should -Be 2
    }

    It 'Stop-Job ends a long wait Stopped, keeping what it had received' {
        $job = 'done-jh1', 'wait-forever-jh2' | Wait-MpsAigcVideoTask -Endpoint $endpoint -PollInterval 0.05 -MaxPollInterval 0.2 -AsJob
        # The finished task is emitted at once; waiting for it shows the job mid-way, as a user stops it.
        for ($i = 0; $i -lt 600 -and $job.Output.Count -eq 0; $i++) { Start-Sleep -Milliseconds 100 }

        $job | Stop-Job

        $job | Wait-Job -Timeout 60 | Should -Not -BeNullOrEmpty
        $job.State | Should -Be 'Stopped'
        $received = @($job | Receive-Job -ErrorVariable jobErrors)
        $received.TaskId | Should -Be @('done-jh1')
        $jobErrors.Count | Should -Be 0
        $job | Remove-Job
        Get-MpsJob | Should -BeNullOrEmpty
    }

    It 'Stop-Job as the job finishes ends it Stopped or Completed, never Stopping' {
        $states = foreach ($round in 1..20) {
            $job = "done-ji$round" | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob
            $job | Stop-Job
            $null = $job | Wait-Job -Timeout 60
            $job.State.ToString()
            $job | Remove-Job
        }

        $states.Count | Should -Be 20
        $states | Where-Object { $_ -notin 'Stopped', 'Completed' } | Should -BeNullOrEmpty
        Get-MpsJob | Should -BeNullOrEmpty
    }
}

Describe 'Inputs stream into a job as they arrive' {
    BeforeEach {
        Get-MpsJob | Remove-Job -Force
        Reset-MpsEmulator $emulator
    }

    It 'asks for the first id while upstream is still producing the next' {
        $seen = [System.Collections.Generic.List[int]]::new()
        $tasks = & {
            'done-stream1'
            # Upstream holds back the second id until the service has seen the first (bounded at 60 s, against a hang).
            $watch = [Diagnostics.Stopwatch]::StartNew()
            while ((Get-MpsEmulatorStats $emulator).Requests -lt 1 -and $watch.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 50 }
            $seen.Add((Get-MpsEmulatorStats $emulator).Requests)
            'done-stream2'
        } | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob | Receive-Job -Wait -AutoRemoveJob
        $seen | Should -Be 1 -Because 'the job queried the first id before the second arrived'
        $tasks.TaskId | Should -Be 'done-stream1', 'done-stream2'
        Get-MpsJob | Should -BeNullOrEmpty
    }

    It 'a pipeline that fails upstream leaves no job waiting for inputs' {
        { & { 'done-broken1'; throw 'upstream broke' } | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob } | Should -Throw '*upstream broke*'
        $orphan = @(Get-MpsJob)
        $orphan.Count | Should -Be 1
        $null = $orphan | Wait-Job -Timeout 60
        $orphan[0].State | Should -Be 'Stopped'
    }
}
