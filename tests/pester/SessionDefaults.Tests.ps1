# Set-MpsAigcDefault belongs to the runspace it runs in: other runspaces of the process (ForEach-Object
# -Parallel, thread jobs, a host's own runspaces) neither see nor change it, and an -AsJob job keeps the
# defaults its command started with.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url

    # Runs a script in a runspace of its own, as a host with several runspaces does.
    function Invoke-InRunspace([runspace] $Runspace, [string] $Script) {
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $Runspace
            $ps.AddScript($Script).Invoke()
            if ($ps.Streams.Error.Count) { throw $ps.Streams.Error[0] }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Set-MpsAigcDefault -Clear
    Stop-MpsEmulator $emulator
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'Session defaults belong to the runspace' {
    AfterEach { Set-MpsAigcDefault -Clear }

    It 'are not seen inside ForEach-Object -Parallel, which sets its own' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel is PowerShell 7''s'; return }
        Set-MpsAigcDefault -Region ap-outer -Endpoint 'https://mps.tencentcloudapi.com'

        $inside = 1 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            $before = Get-MpsAigcDefault
            Set-MpsAigcDefault -Endpoint $using:endpoint -Region ap-inner
            [pscustomobject]@{ Before = $before; Task = Get-MpsAigcVideoTask 'done-p1' }
        }

        $inside.Before.Region | Should -BeNullOrEmpty
        $inside.Before.Endpoint | Should -BeNullOrEmpty
        $inside.Task.Status | Should -Be 'DONE'
        $inside.Task.Region | Should -Be 'ap-inner'
    }

    It 'set inside ForEach-Object -Parallel are not seen outside, nor by the runspaces of the next -Parallel' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel is PowerShell 7''s'; return }
        Set-MpsAigcDefault -Region ap-outer

        $null = 1 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            Set-MpsAigcDefault -Endpoint $using:endpoint -Region ap-inner
        }
        $next = 1..2 | ForEach-Object -UseNewRunspace -Parallel {
            Import-Module $using:ModulePath
            Get-MpsAigcDefault | Select-Object Region, Endpoint
        }

        (Get-MpsAigcDefault).Region | Should -Be 'ap-outer'
        (Get-MpsAigcDefault).Endpoint | Should -BeNullOrEmpty
        $next.Count | Should -Be 2
        $next.Region | Should -Be @($null, $null)
        $next.Endpoint | Should -Be @($null, $null)
    }

    It 'of two runspaces of one host are each their own' {
        $runspaces = 'ap-one', 'ap-two' | ForEach-Object {
            $runspace = [runspacefactory]::CreateRunspace()
            # Every pipeline on a thread of its own: the defaults follow the runspace, not the thread.
            $runspace.ThreadOptions = 'UseNewThread'
            $runspace.Open()
            $runspace
        }
        try {
            Invoke-InRunspace $runspaces[0] "Import-Module '$ModulePath'; Set-MpsAigcDefault -Region ap-one -Endpoint '$endpoint'"
            Invoke-InRunspace $runspaces[1] "Import-Module '$ModulePath'; Set-MpsAigcDefault -Region ap-two -Endpoint 'https://mps.tencentcloudapi.com'"

            $one = Invoke-InRunspace $runspaces[0] 'Get-MpsAigcDefault'
            $two = Invoke-InRunspace $runspaces[1] 'Get-MpsAigcDefault'

            $one.Region | Should -Be 'ap-one'
            $one.Endpoint | Should -Be ([uri]$endpoint)
            $two.Region | Should -Be 'ap-two'
            $two.Endpoint | Should -Be ([uri]'https://mps.tencentcloudapi.com')
            $task = Invoke-InRunspace $runspaces[0] "Get-MpsAigcVideoTask 'done-r1'"
            $task.Region | Should -Be 'ap-one'
            $task.Status | Should -Be 'DONE'
            (Get-MpsAigcDefault).Region | Should -BeNullOrEmpty
        }
        finally { $runspaces | ForEach-Object Dispose }
    }

    It 'are not seen by Start-ThreadJob unless set there' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'Start-ThreadJob ships with PowerShell 7 only'; return }
        Set-MpsAigcDefault -Region ap-parent -Endpoint 'https://mps.tencentcloudapi.com'

        $job = Start-ThreadJob {
            Import-Module $using:ModulePath
            $before = Get-MpsAigcDefault
            Set-MpsAigcDefault -Endpoint $using:endpoint -Region ap-child
            [pscustomobject]@{ Before = $before; Task = Get-MpsAigcVideoTask 'done-t1' }
        }
        try { $result = $job | Wait-Job -Timeout 60 | Receive-Job -ErrorAction Stop }
        finally { $job | Remove-Job -Force }

        $result.Before.Region | Should -BeNullOrEmpty
        $result.Before.Endpoint | Should -BeNullOrEmpty
        $result.Task.Status | Should -Be 'DONE'
        $result.Task.Region | Should -Be 'ap-child'
        (Get-MpsAigcDefault).Region | Should -Be 'ap-parent'
    }

    It 'are kept by an -AsJob job that Set-MpsAigcDefault -Clear follows at once' {
        Set-MpsAigcDefault -Endpoint $endpoint -Region ap-job
        # A slow rate keeps the job busy well after -Clear.
        $ids = 1..12 | ForEach-Object { "done-aj$_" }

        $job = Get-MpsAigcVideoTask $ids -MaxRequestsPerSecond 4 -AsJob
        Set-MpsAigcDefault -Clear
        $tasks = $job | Wait-Job -Timeout 60 | Receive-Job -ErrorVariable err

        $job.State | Should -Be 'Completed'
        $err | Should -BeNullOrEmpty
        $tasks.TaskId | Should -Be $ids
        $tasks.Status | Should -Be (@('DONE') * 12)
        $tasks.Region | Should -Be (@('ap-job') * 12)
        (Get-MpsAigcDefault).Endpoint | Should -BeNullOrEmpty
    }
}

Describe 'The rate limit scope' {
    BeforeEach { $saved = $env:MPSAIGC_RATE_LIMIT_SCOPE; Remove-Item Env:MPSAIGC_RATE_LIMIT_SCOPE -ErrorAction SilentlyContinue }
    AfterEach {
        Set-MpsAigcDefault -Clear
        if ($null -eq $saved) { Remove-Item Env:MPSAIGC_RATE_LIMIT_SCOPE -ErrorAction SilentlyContinue } else { $env:MPSAIGC_RATE_LIMIT_SCOPE = $saved }
    }

    It 'is Machine unless set; Set-MpsAigcDefault -RateLimitScope Process keeps a budget per process' {
        (Get-MpsAigcDefault).RateLimitScope | Should -Be 'Machine'

        Set-MpsAigcDefault -RateLimitScope Process
        $debug = Get-MpsAigcVideoTask 'done-scope1' -Endpoint $endpoint -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }

        (Get-MpsAigcDefault).RateLimitScope | Should -Be 'Process'
        @($debug.Message -like 'Endpoint: *documented rate, this process''s own.').Count | Should -Be 1
    }

    It 'follows MPSAIGC_RATE_LIMIT_SCOPE, and a session default wins over it' {
        $env:MPSAIGC_RATE_LIMIT_SCOPE = 'process'
        (Get-MpsAigcDefault).RateLimitScope | Should -Be 'Process'

        Set-MpsAigcDefault -RateLimitScope Machine
        (Get-MpsAigcDefault).RateLimitScope | Should -Be 'Machine'
        $debug = Get-MpsAigcVideoTask 'done-scope2' -Endpoint $endpoint -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        @($debug.Message -like 'Endpoint: *shared with this machine''s other processes.').Count | Should -Be 1
    }

    It 'stops a command when MPSAIGC_RATE_LIMIT_SCOPE names no scope, saying which are' {
        $env:MPSAIGC_RATE_LIMIT_SCOPE = 'sometimes'

        { Get-MpsAigcVideoTask 'done-scope3' -Endpoint $endpoint } | Should -Throw -ErrorId 'InvalidRateLimitScope,MpsAigc.Commands.GetMpsAigcVideoTaskCommand'
        $shown = Get-MpsAigcDefault -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidRateLimitScope,*'
        $err[0].Exception.Message | Should -Match 'neither Machine nor Process'
        $shown | Should -Not -BeNullOrEmpty
    }
}
