# Outages: the service goes away while a command runs. The emulator is stopped for real (connections are
# refused), then a gateway answers HTTP 503 for the service (an emulator that fails every API request, and
# counts what the module sends meanwhile), then the service comes back on the same port. A command says so
# once, and once when the service answers again; it sends about one request a second while the service is
# down, not one per task; a Wait loses no task.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../pester/TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential

    # Bounded: a condition that never comes fails the test with what was awaited, instead of hanging it.
    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 60) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt $Seconds) { throw "Not within $Seconds s: $What." }
            Start-Sleep -Milliseconds 100
        }
    }

    # The service down behind its gateway: every API request is answered HTTP 503, and counted.
    function Start-DownEmulator([int] $Port = 0) {
        Start-TestEmulator -Port $Port -ArgumentList '--rate-limit', '0', '--api-fault-share', '1', '--api-faults', '503'
    }

    function Get-ErrorIds($Errors) { @($Errors | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' } | Sort-Object -Unique) }
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'A Wait through an outage' {
    It 'warns once that the service is unreachable and once that it is back, probes about once a second meanwhile, and ends every task DONE' {
        $emulator = Start-TestEmulator -ArgumentList '--rate-limit', '0'
        $port = $emulator.Port
        $servers = @($emulator)
        try {
            $ids = 1..30 | ForEach-Object { "done-after3polls-outage-$_" }
            $job = $ids | Wait-MpsAigcVideoTask -Endpoint $emulator.Url -PollInterval 0.5 -MaxPollInterval 2 -Timeout 600 -AsJob
            Wait-Until { (Get-MpsEmulatorStats $emulator).Requests -ge 30 } 'every task polled once'

            # The service goes away: its port refuses connections...
            Stop-MpsEmulator $emulator
            Wait-Until { $job.Warning.Count -ge 1 } 'a warning that the service is unreachable'
            # ...then its gateway answers 503 for it, counting what the Wait sends meanwhile: from when it listens,
            # before Start-DownEmulator returns, so the time it is down is counted from before it starts.
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $down = Start-DownEmulator $port
            $servers += $down
            Start-Sleep -Seconds 5
            $sentWhileDown = (Get-MpsEmulatorStats $down).Requests
            $secondsDown = $watch.Elapsed.TotalSeconds
            Stop-MpsEmulator $down
            # ...and it comes back where it was, knowing the tasks again by their ids.
            $servers += Start-TestEmulator -Port $port -ArgumentList '--rate-limit', '0'
            if (-not (Wait-Job $job -Timeout 120)) { throw 'The Wait did not end within 120 s of the service coming back.' }

            $warnings = @($job.Warning | ForEach-Object Message)
            $statusLines = @($job.Progress | ForEach-Object StatusDescription)
            $done = Receive-Job $job -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errors | Should -BeNullOrEmpty
            @($done | Where-Object Status -EQ 'DONE').Count | Should -Be 30
            $job.State | Should -Be 'Completed'
            $warnings.Count | Should -Be 2
            $warnings[0] | Should -Match "^http://127\.0\.0\.1:$port is unreachable since \d\d:\d\d:\d\d \(ConnectionRefused\)"
            $warnings[1] | Should -Match "^http://127\.0\.0\.1:$port answers again, after .* unreachable"
            @($statusLines -match 'service unreachable since \d\d:\d\d:\d\d; retrying').Count | Should -BeGreaterThan 0
            # One probe a second at most while it is down; before, every pending poll was sent and retried.
            $sentWhileDown | Should -BeGreaterThan 0
            $sentWhileDown | Should -BeLessOrEqual ([math]::Ceiling($secondsDown) + 2)
        }
        finally {
            foreach ($server in $servers) { Stop-MpsEmulator $server }
        }
    }
}

Describe 'A Get while the service is down' {
    It 'ends with one error per id after one warning, and sends about one request a second once the service is judged down' {
        $down = Start-DownEmulator
        try {
            $ids = 1..300 | ForEach-Object { "done-get-down-$_" }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $tasks = $ids | Get-MpsAigcVideoTask -Endpoint $down.Url -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            $seconds = $watch.Elapsed.TotalSeconds

            $tasks | Should -BeNullOrEmpty
            $errors.Count | Should -Be 300
            @($errors.TargetObject | Sort-Object -Unique).Count | Should -Be 300
            Get-ErrorIds $errors | ForEach-Object { $_ | Should -BeIn 'HttpServerError', 'EndpointUnreachable' }
            @($errors | Where-Object FullyQualifiedErrorId -Like 'EndpointUnreachable,*')[0].Exception.Message | Should -Match 'held back, not sent'
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -Match "^$([regex]::Escape($down.Url)) is unreachable since"
            # The 16 requests in flight when it is judged down may each have failed on their own once or twice
            # before; then one request a second. Before, each id was sent five times: 1,500 requests.
            (Get-MpsEmulatorStats $down).Requests | Should -BeLessOrEqual (2 * 16 + [math]::Ceiling($seconds) + 2)
        }
        finally {
            Stop-MpsEmulator $down
        }
    }
}
