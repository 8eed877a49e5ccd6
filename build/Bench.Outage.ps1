# Row 22 of the Bench (dot-sourced by Bench.ps1, whose helpers and variables are in scope): a 60 s outage under a
# Wait of 10,000 tasks. The emulator is stopped, a gateway answers HTTP 503 for the service on its port for 60 s
# (an emulator that fails every API request and counts it), and the service comes back on the same port, knowing
# the tasks again by their ids. Beside -PeerModulePath (MpsAigc before issue 13, whose retries are those of the
# module before issue 21: every pending poll sent, each retried up to 5 times).

if (Test-Row 22) {
    $outageTasks = 10000
    $outageSeconds = 60
    # The first interval is long enough for every task's first poll to come before the outage (a task polled
    # twice would be DONE and wait no more); the longest is what the tasks wait through it.
    $outagePoll = 20
    $outageMaxPoll = 30

    $outageWait = {
        param([string] $ModulePath, [string] $Endpoint, [string] $Prefix, [int] $Count, [double] $PollInterval, [double] $MaxPollInterval)
        Import-Module $ModulePath
        $ids = 1..$Count | ForEach-Object { "$Prefix-$_" }
        $done = $ids | Wait-MpsAigcVideoTask -Endpoint $Endpoint -MaxRequestsPerSecond 0 -PollInterval $PollInterval -MaxPollInterval $MaxPollInterval -Timeout 1200 `
            -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue -WarningVariable warned
        [pscustomobject]@{
            Done       = @($done | Where-Object Status -EQ 'DONE').Count
            Errors     = @($failed).Count
            FirstError = @($failed | ForEach-Object { $_.FullyQualifiedErrorId })[0]
            Warnings   = @($warned | ForEach-Object { $_.Message })
        }
    }

    # Bounded: a condition that never comes fails the row with what was awaited, instead of hanging the bench.
    function Wait-OutageCondition([scriptblock] $Condition, [int] $Seconds, [string] $What) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt $Seconds) { throw "Row 22: not within $Seconds s: $What." }
            Start-Sleep -Milliseconds 200
        }
        $watch.Elapsed.TotalSeconds
    }

    # One Wait of the module at MODULE through the outage: attempts the gateway counted, seconds from the
    # service's return until its every task was polled again, and the Wait's outcome.
    function Measure-Outage([string] $Module, [string] $Name) {
        $servers = [System.Collections.Generic.List[object]]::new()
        $job = $null
        try {
            $first = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0'
            $servers.Add($first)
            $job = Start-Job -ScriptBlock $outageWait -ArgumentList $Module, $first.Url, "done-after2polls-r22-$Name", $outageTasks, $outagePoll, $outageMaxPoll
            $null = Wait-OutageCondition { (Get-MpsEmulatorStats $first).TasksKnown -ge $outageTasks } 300 'every task polled once'
            $before = Get-MpsEmulatorStats $first
            if ($before.Requests -ne $outageTasks) { throw "Row 22: $($before.Requests - $outageTasks) tasks were polled twice before the outage; lengthen its first interval." }

            Stop-MpsEmulator $first
            $gateway = Start-MpsEmulator -EmulatorPath $EmulatorPath -Port $first.Port -ArgumentList '--rate-limit', '0', '--api-fault-share', '1', '--api-faults', '503'
            $servers.Add($gateway)
            $down = [Diagnostics.Stopwatch]::StartNew()
            Start-Sleep -Milliseconds ([math]::Max(0, $outageSeconds * 1000 - $down.Elapsed.TotalMilliseconds))
            $attempts = (Get-MpsEmulatorStats $gateway).Requests
            $downSeconds = $down.Elapsed.TotalSeconds
            Stop-MpsEmulator $gateway

            $back = Start-MpsEmulator -EmulatorPath $EmulatorPath -Port $first.Port -ArgumentList '--rate-limit', '0'
            $servers.Add($back)
            $resumed = Wait-OutageCondition { (Get-MpsEmulatorStats $back).TasksKnown -ge $outageTasks } 600 'every task polled again after the outage'
            if (-not (Wait-Job $job -Timeout 600)) { throw 'Row 22: the Wait did not end within 600 s of the service coming back.' }
            $outcome = Receive-Job $job -ErrorAction Stop | Select-Object -Last 1
            [pscustomobject]@{ Attempts = $attempts; DownSeconds = $downSeconds; Resumed = $resumed; Done = $outcome.Done; Errors = $outcome.Errors; FirstError = $outcome.FirstError; Warnings = @($outcome.Warnings) }
        }
        finally {
            if ($job) { Remove-Job $job -Force }
            foreach ($server in $servers) { Stop-MpsEmulator $server }
        }
    }

    # One run each: the outage alone is a minute, and the figures are counts, not times, but for the return.
    $ours = Measure-Outage $ModulePath 'ours'
    Write-Host ('Row 22, ours: {0} attempts in {1:0.0} s; polled again {2:0.0} s after the return; {3} DONE, {4} errors; warnings: {5}' -f $ours.Attempts, $ours.DownSeconds, $ours.Resumed, $ours.Done, $ours.Errors, ($ours.Warnings -join ' | '))
    $peerText = 'no peer (-PeerModulePath not given)'
    if ($PeerModulePath) {
        $before = Measure-Outage $PeerModulePath 'peer'
        Write-Host ('Row 22, before: {0} attempts in {1:0.0} s; polled again {2:0.0} s after the return; {3} DONE, {4} errors ({5}); {6} warnings' -f $before.Attempts, $before.DownSeconds, $before.Resumed, $before.Done, $before.Errors, $before.FirstError, $before.Warnings.Count)
        $peerText = 'before (no outage handling): {0} attempts ({1:0}x ours), {2:0.0}/s; every task polled again {3:0.0} s after; {4}/{5} DONE; {6} warnings' -f $before.Attempts, ($before.Attempts / [math]::Max(1, $ours.Attempts)), ($before.Attempts / $before.DownSeconds), $before.Resumed, $before.Done, $outageTasks, $before.Warnings.Count
    }
    $warnedOnce = $ours.Warnings.Count -eq 2 -and $ours.Warnings[0] -match ' is unreachable since ' -and $ours.Warnings[1] -match ' answers again, after '
    Add-Row 22 "A $outageSeconds s outage (a gateway answering 503 on the service's port, then the service back on it) under a Wait of $outageTasks tasks (-PollInterval $outagePoll -MaxPollInterval $outageMaxPoll, no rate limit), one run: attempts while it lasts; from its return until every task is polled again; outcome" `
        ('{0} attempts in {1:0.0} s ({2:0.00}/s); every task polled again {3:0.0} s after it returned; {4}/{5} DONE, {6} errors; {7} warnings' -f $ours.Attempts, $ours.DownSeconds, ($ours.Attempts / $ours.DownSeconds), $ours.Resumed, $ours.Done, $outageTasks, $ours.Errors, $ours.Warnings.Count) `
        $peerText `
        "<= 70 attempts; polled again within -MaxPollInterval ($outageMaxPoll s) + 10%; every task DONE; one warning down, one back" `
        (($ours.Attempts -le 70) -and ($ours.Resumed -le 1.1 * $outageMaxPoll) -and ($ours.Done -eq $outageTasks) -and ($ours.Errors -eq 0) -and $warnedOnce)
}
