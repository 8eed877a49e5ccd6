# Load: one session waits on 10,000 tasks and saves 500 files. Memory and threads stay bounded, and the
# limiter never lets more requests into one second than the limit it is given (the emulator counts).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../pester/TestHelpers.psm1') -Force
    Set-MpsEmulatorCredential

    function Invoke-LoadRun([int] $Limit, [int] $Polls) {
        $emulator = Start-TestEmulator -ArgumentList '--rate-limit', $Limit, '--video-bytes', '65536'
        $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-load-$([guid]::NewGuid())")).FullName
        try {
            $script = Join-Path $PSScriptRoot 'Invoke-LoadRun.ps1'
            $run = Start-Job { & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File @args } -ArgumentList $script, '-ModulePath', $ModulePath, '-Endpoint', $emulator.Url,
                '-Folder', $folder, '-MaxRequestsPerSecond', $Limit, '-Polls', $Polls
            # Bounded: 10,000 tasks of $Polls polls at $Limit/s, with room to spare; a hang fails instead of waiting.
            $bound = [int](10000 * $Polls / $Limit * 2 + 120)
            if (-not (Wait-Job $run -Timeout $bound)) { Stop-Job $run; throw "The load run did not finish within $bound s." }
            $result = Receive-Job $run | Select-Object -Last 1 | ConvertFrom-Json
            Remove-Job $run
            [pscustomobject]@{ Run = $result; Stats = Get-MpsEmulatorStats $emulator; Files = @(Get-ChildItem $folder) }
        }
        finally {
            Stop-MpsEmulator $emulator
            Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    function Assert-LoadRun($Load, [int] $Limit) {
        Write-Host "    Load: $($Load.Run | ConvertTo-Json -Compress); max $($Load.Stats.MaxRequestsInOneSecond)/s of $($Load.Stats.Requests) requests"
        $Load.Run.Done | Should -Be 10000
        $Load.Run.Saved | Should -Be 500
        @($Load.Files | Where-Object Length -EQ 65536).Count | Should -Be 500
        # Bounds: waiting costs a small record per task, not a thread or a timer. A thread per task would be 10,000; the
        # thread pool alone may add some dozens while other work keeps the machine busy (it adds one when its queue stalls).
        $Load.Run.PeakMiB | Should -BeLessThan 300
        ($Load.Run.PeakMiB - $Load.Run.IdleMiB) | Should -BeLessThan 200
        $Load.Run.ThreadsAtEnd | Should -BeLessThan ($Load.Run.IdleThreads + 100)
        $Load.Stats.MaxRequestsInOneSecond | Should -BeLessOrEqual $Limit
        $Load.Stats.RequestLimitExceeded | Should -Be 0
    }
}

Describe 'Load' {
    It 'waits on 10,000 tasks and saves 500 files in one session at 500 requests/s, within its bounds' {
        $load = Invoke-LoadRun -Limit 500 -Polls 2
        Assert-LoadRun $load 500
        $load.Stats.Requests | Should -Be 20000
    }
}

# The documented limit, 50 requests/s, for 30,000 requests: about 10 minutes. build.ps1 -Task Test -Soak runs it.
Describe 'Soak' -Tag 'Soak' {
    It 'waits on 10,000 tasks of three polls each at the documented 50 requests/s, never over the limit' {
        $load = Invoke-LoadRun -Limit 50 -Polls 3
        Assert-LoadRun $load 50
        $load.Stats.Requests | Should -Be 30000
    }
}
