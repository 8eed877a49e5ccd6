BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url
}

AfterAll {
    Stop-MpsEmulator $emulator
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'Importing the module' {
    It 'prints nothing, warns nothing and exports exactly the public cmdlets' {
        $script = "Import-Module '$ModulePath' -WarningVariable w *>&1; 'warnings=' + `$w.Count; (Get-Command -Module MpsAigc | Sort-Object Name).Name -join ','"
        $output = & $PowerShellPath -NoProfile -NonInteractive -Command $script
        $public = (Test-ModuleManifest $ModulePath).ExportedCmdlets.Keys | Sort-Object
        $output | Should -Be @('warnings=0', ($public -join ','))
    }

    It 'declares its output type' {
        (Get-Command Get-MpsAigcVideoTask).OutputType.Name | Should -Contain 'MpsAigc.VideoTask'
    }
}

Describe 'Get-MpsAigcVideoTask' {
    It 'takes ids from the pipeline by value and emits typed objects in input order' {
        $tasks = 'done-a', 'fail-b', 'wait-c', 'run-d', 'done-r720-e' | Get-MpsAigcVideoTask -Endpoint $endpoint

        $tasks.TaskId | Should -Be @('done-a', 'fail-b', 'wait-c', 'run-d', 'done-r720-e')
        $tasks[0].PSObject.TypeNames[0] | Should -Be 'MpsAigc.VideoTask'
        $tasks.Status | Should -Be @('DONE', 'FAIL', 'WAIT', 'RUN', 'DONE')
        $tasks[0].VideoUrls.Count | Should -Be 1
        $tasks[0].Width | Should -Be 1920
        $tasks[0].Height | Should -Be 1088
        $tasks[4].Resolution | Should -Be '1080*720'
        $tasks[4].Width | Should -Be 1080
        $tasks[1].Message | Should -Not -BeNullOrEmpty
        $tasks[0].RequestId | Should -Match '^[0-9a-f-]{36}$'
        $tasks[0].QueriedAt | Should -BeOfType [DateTimeOffset]
    }

    It 'takes ids by property name, including its own output' {
        $fromObject = [pscustomobject]@{ TaskId = 'done-f' } | Get-MpsAigcVideoTask -Endpoint $endpoint
        $again = $fromObject | Get-MpsAigcVideoTask -Endpoint $endpoint

        $fromObject.TaskId | Should -Be 'done-f'
        $again.TaskId | Should -Be 'done-f'
        $again.QueriedAt | Should -BeGreaterOrEqual $fromObject.QueriedAt
    }

    It 'answers to Id as well as TaskId, in Select-Object and in JSON' {
        $video = Get-MpsAigcVideoTask done-id1 -Endpoint $endpoint
        $image = Get-MpsAigcImageTask done-img-id2 -Endpoint $endpoint

        ($video, $image | Select-Object -ExpandProperty Id) | Should -Be @('done-id1', 'done-img-id2')
        ($video | ConvertTo-Json -Depth 1 | ConvertFrom-Json).Id | Should -Be 'done-id1'
        ($video | Get-Member -Name Id).Count | Should -Be 1
    }

    It 'takes ids by position and as an array' {
        (Get-MpsAigcVideoTask 'done-g', 'done-h' -Endpoint $endpoint).TaskId | Should -Be @('done-g', 'done-h')
    }

    It 'keeps input order across a concurrent batch of 300' {
        $ids = 1..300 | ForEach-Object { if ($_ % 3) { "done-$_" } else { "fail-$_" } }
        $tasks = $ids | Get-MpsAigcVideoTask -Endpoint $endpoint -ThrottleLimit 32
        $tasks.TaskId | Should -Be $ids
    }

    It 'reports a service error for one id as a non-terminating error and goes on' {
        $tasks = 'done-i', '4-AigcVideo-unknown', 'done-j' |
            Get-MpsAigcVideoTask -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err

        $tasks.TaskId | Should -Be @('done-i', 'done-j')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be '4-AigcVideo-unknown'
        $err[0].Exception.Message | Should -Match 'ResourceNotFound.TaskNotFound: The task does not exist\. .*RequestId [0-9a-f-]{36}'
    }

    It 'refuses bad ids before any request: <Name>' -ForEach @(
        @{ Name = 'empty'; Id = '' }
        @{ Name = 'whitespace'; Id = "  `t " }
        @{ Name = 'control character'; Id = "done-`u{0}x" }
        @{ Name = 'non-ASCII'; Id = 'done-任务' }
        @{ Name = '10 KB'; Id = 'd' * 10240 }
        @{ Name = 'null'; Id = $null }
    ) {
        Reset-MpsEmulator $emulator
        $tasks = @($Id, 'done-k') | Get-MpsAigcVideoTask -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err

        $tasks.TaskId | Should -Be 'done-k'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 1
    }

    It 'has a default table view that fits 80 columns' {
        $realId = 'done-' + ('0' * 39)
        $tasks = $realId, 'fail-m', 'done-r720-v2-n' | Get-MpsAigcVideoTask -Endpoint $endpoint
        $lines = ($tasks | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^TaskId\s+Status\s+Resolution\s+Message'
        # The whole 44-character id shows, not a truncated one.
        @($lines -match "^$realId ").Count | Should -Be 1
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }

    It 'never sends more than 50 requests in any second to an emulator that enforces 50' {
        $limited = Start-TestEmulator -ArgumentList '--rate-limit', '50'
        try {
            $tasks = 1..120 | ForEach-Object { "done-$_" } | Get-MpsAigcVideoTask -Endpoint $limited.Url -ThrottleLimit 64
            $stats = Get-MpsEmulatorStats $limited
            $tasks.Count | Should -Be 120
            $stats.Requests | Should -Be 120
            $stats.RequestLimitExceeded | Should -Be 0
            $stats.MaxRequestsInOneSecond | Should -BeLessOrEqual 50
        }
        finally { Stop-MpsEmulator $limited }
    }

    It 'stops at once on Ctrl+C (StopProcessing), mid-batch' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                1..1000 | ForEach-Object { "done-stop-$_" } | Get-MpsAigcVideoTask -Endpoint $Endpoint -MaxRequestsPerSecond 2
            }).AddArgument($ModulePath).AddArgument($endpoint)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        # Mid-batch (bounded at a minute), then the stop: at 2 requests a second, 20 outputs would take 8 s more.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($output.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $started = $output.Count
        $ps.Stop()
        $state = $ps.InvocationStateInfo.State
        $ended = $output.Count
        $ps.Dispose()

        $started | Should -BeGreaterOrEqual 3
        $state | Should -Be 'Stopped'
        $ended | Should -BeLessThan 20
    }
}

Describe 'Connections and credentials' {
    AfterEach { Set-MpsEmulatorCredential }

    It 'refuses plain http to another machine before any request' {
        { Get-MpsAigcVideoTask done-a -Endpoint 'http://mps.example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidEndpoint,MpsAigc.Commands.GetMpsAigcVideoTaskCommand'
    }

    It 'uses -Credential (user name = SecretId, password = SecretKey)' {
        Remove-Item Env:TENCENTCLOUD_SECRET_ID, Env:TENCENTCLOUD_SECRET_KEY
        $credential = [pscredential]::new($DemoSecretId, (ConvertTo-SecureString $DemoSecretKey -AsPlainText -Force))
        (Get-MpsAigcVideoTask done-a -Endpoint $endpoint -Credential $credential).Status | Should -Be 'DONE'
    }

    It 'turns a wrong key into one AuthFailure.SignatureFailure per id' {
        $credential = [pscredential]::new($DemoSecretId, (ConvertTo-SecureString 'wrong-key' -AsPlainText -Force))
        $tasks = 'done-a', 'done-b' | Get-MpsAigcVideoTask -Endpoint $endpoint -Credential $credential -ErrorAction SilentlyContinue -ErrorVariable err
        $tasks | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthFailure.SignatureFailure,*'
        $err.Count | Should -Be 2
    }

    It 'says with no credentials, in one terminating error, the three ways to give them' {
        $home_ = $env:HOME
        try {
            Remove-Item Env:TENCENTCLOUD_SECRET_ID, Env:TENCENTCLOUD_SECRET_KEY
            $env:HOME = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid()))).FullName
            $err = { 'done-a', 'done-b' | Get-MpsAigcVideoTask -Endpoint $endpoint } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'NoCredentials,MpsAigc.Commands.GetMpsAigcVideoTaskCommand'
            $err.Exception.Message | Should -Match '-Credential'
            $err.Exception.Message | Should -Match 'TENCENTCLOUD_SECRET_ID'
            $err.Exception.Message | Should -Match 'credentials'
        }
        finally { $env:HOME = $home_ }
    }

    It 'reads a named profile, and a missing one is an error, not a fall-back' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-$([guid]::NewGuid()).ini"
        Set-Content $file "[default]`nsecret_id = nobody`nsecret_key = nothing`n[emulator]`nsecret_id = $DemoSecretId`nsecret_key = $DemoSecretKey`n"
        $env:TENCENTCLOUD_CREDENTIALS_FILE = $file
        try {
            (Get-MpsAigcVideoTask done-a -Endpoint $endpoint -ProfileName emulator).Status | Should -Be 'DONE'
            { Get-MpsAigcVideoTask done-a -Endpoint $endpoint -ProfileName prod } |
                Should -Throw -ErrorId 'ProfileNotFound,MpsAigc.Commands.GetMpsAigcVideoTaskCommand'
        }
        finally {
            Remove-Item Env:TENCENTCLOUD_CREDENTIALS_FILE
            Remove-Item $file
        }
    }

    It 'says in -Debug where the credentials came from' {
        $debug = Get-MpsAigcVideoTask done-a -Endpoint $endpoint -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        ($debug.Message -join "`n") | Should -Match "Credentials: SecretId $DemoSecretId from the environment \(TENCENTCLOUD_SECRET_ID\)"
    }
}

Describe '-AsJob' {
    It 'returns one MpsAigcJob for a piped batch that Receive-Job turns into the same objects and errors' {
        $job = 'done-a', '4-AigcVideo-unknown', 'fail-b' | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob

        @($job).Count | Should -Be 1
        $job.PSJobTypeName | Should -Be 'MpsAigcJob'
        (Get-Job -Id $job.Id).Id | Should -Be $job.Id
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $tasks = $job | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable err
        $tasks.TaskId | Should -Be @('done-a', 'fail-b')
        $tasks[0].PSObject.TypeNames[0] | Should -Match 'MpsAigc.VideoTask$'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound*'
        $err[0].TargetObject | Should -Be '4-AigcVideo-unknown'
        $job | Remove-Job
        Get-Job -Id $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'stops promptly with Stop-Job and keeps what was done' {
        $ids = 1..500 | ForEach-Object { "done-job-$_" }
        # A limit of its own (4/s), so no other test's limiter is shared with this job.
        $job = Get-MpsAigcVideoTask $ids -Endpoint $endpoint -MaxRequestsPerSecond 4 -AsJob
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($job.Output.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $job.Output.Count | Should -BeGreaterOrEqual 2 -Because 'the first results arrive within seconds at 4 requests/s'

        $job | Stop-Job

        $job.State | Should -Be 'Stopped'
        $received = @($job | Receive-Job -ErrorVariable stopErrors)
        $stopErrors | Should -BeNullOrEmpty -Because 'stopping is not an error of each task'
        $received.Count | Should -BeGreaterOrEqual 2
        $received.Count | Should -BeLessThan 500
        $job | Remove-Job
    }
}

Describe 'Secrets' {
    It 'never shows the SecretKey or the session token in any stream, error or job output' {
        $token = 'SessionTokenThatMustNotLeak0123456789'
        $credential = [pscredential]::new($DemoSecretId, (ConvertTo-SecureString $DemoSecretKey -AsPlainText -Force))
        $Error.Clear()
        $captured = & {
            'done-a', 'fail-b', '4-AigcVideo-unknown', '' | Get-MpsAigcVideoTask -Endpoint $endpoint -Verbose -Debug
            'done-a', '4-AigcVideo-unknown' | Get-MpsAigcVideoTask -Endpoint $endpoint -Credential $credential -SessionToken $token -Verbose -Debug
            $bad = [pscredential]::new($DemoSecretId, (ConvertTo-SecureString 'WrongKeyThatMustNotLeak' -AsPlainText -Force))
            'done-a' | Get-MpsAigcVideoTask -Endpoint $endpoint -Credential $bad -Verbose -Debug
            $job = 'done-a', '4-AigcVideo-unknown' | Get-MpsAigcVideoTask -Endpoint $endpoint -Credential $credential -SessionToken $token -AsJob -Debug
            $job | Wait-Job | Receive-Job -Verbose -Debug
            $job.Error; $job.Verbose; $job.Debug; $job.Command
            $job | Remove-Job
        } *>&1
        $text = ($captured | Out-String -Width 500) + ($Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ScriptStackTrace } | Out-String -Width 500)

        $captured.Count | Should -BeGreaterThan 5
        $text | Should -Match 'AuthFailure.TokenFailure|ResourceNotFound.TaskNotFound'
        $text | Should -Not -Match ([regex]::Escape($DemoSecretKey))
        $text | Should -Not -Match ([regex]::Escape($token))
        $text | Should -Not -Match 'WrongKeyThatMustNotLeak'
    }
}

Describe 'The official Node SDK' {
    It 'is accepted by the emulator: signatures, answers and errors' {
        $node = Join-Path $Root 'tests/node/describe.js'
        $lines = node $node ([uri]$endpoint).Port 2 'done-node' 'fail-node' '4-AigcVideo-unknown' | ForEach-Object { $_ | ConvertFrom-Json }

        $lines[0].Status | Should -Be 'DONE'
        $lines[0].VideoUrls.Count | Should -Be 1
        $lines[1].Status | Should -Be 'FAIL'
        $lines[2].Error | Should -Be 'ResourceNotFound.TaskNotFound'
        $lines[3].summary.requests | Should -Be 3
    }
}
