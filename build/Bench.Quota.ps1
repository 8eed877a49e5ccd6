# Rows 15-17 of the Bench (dot-sourced by Bench.ps1, which holds $limited, an emulator enforcing 50/s per account,
# and -PeerModulePath, MpsAigc before issue 13).

if (Test-Row 15, 16, 17) {
    # Rows 15-17: one account's 50/s shared by 4 processes (Start-Job children, started together), each
    # waiting on 100 tasks that finish on their third poll: 1,200 requests, so at best 24 s. Beside
    # MpsAigc before issue 13, whose limiter was each process's own. The three take turns going first.
    if (-not $PeerModulePath) { throw 'Rows 15-17 need -PeerModulePath (build.ps1 -Task Bench builds it).' }
    $quota = @{ Machine = @(); Process = @(); Peer = @() }
    $kinds = 'Machine', 'Process', 'Peer'
    foreach ($run in 1..$Runs) {
        foreach ($kind in (0..2 | ForEach-Object { $kinds[($_ + $run - 1) % 3] })) {
            Reset-MpsEmulator $limited
            $module = if ($kind -eq 'Peer') { $PeerModulePath } else { $ModulePath }
            $processes = @(Invoke-QuotaRun -ModulePath $module -Endpoint $limited.Url -Prefix "done-after3polls-r15-$run-$kind" -Processes 4 -Count 100 -Scope $(if ($kind -eq 'Process') { 'Process' } else { 'Machine' }))
            $stats = Get-MpsEmulatorStats $limited
            $slowest = ($processes.Seconds | Measure-Object -Maximum).Maximum
            $quota[$kind] += [pscustomobject]@{
                Share     = 24 / $slowest
                # While requests flowed (the seconds the emulator saw any): the limiter's part, without the
                # processes' own start (JIT in four pwsh at once) and the last polls of the slowest tasks.
                Flowing   = ($stats.Requests - $stats.RequestLimitExceeded) / (50 * [math]::Max(1, $stats.SecondsWithRequests))
                Seconds   = $slowest
                Fairness  = $slowest / ($processes.Seconds | Measure-Object -Minimum).Minimum
                Refused   = $stats.RequestLimitExceeded
                Requests  = $stats.Requests
                Failed    = ($processes | Measure-Object Errors -Sum).Sum + (400 - ($processes | Measure-Object Done -Sum).Sum)
            }
        }
    }
    $figures = @{}
    foreach ($kind in $kinds) {
        $set = $quota[$kind]
        Write-Host ('Rows 15-17, {0}, per run: {1}' -f $kind, (($set | ForEach-Object { '{0:0.0} s ({1:0.00} while flowing), {2}/{3} refused, fairness {4:0.00}' -f $_.Seconds, $_.Flowing, $_.Refused, $_.Requests, $_.Fairness }) -join '; '))
        $figures[$kind] = [pscustomobject]@{
            Share    = Get-Median ($set.Share)
            Flowing  = Get-Median ($set.Flowing)
            Seconds  = Get-Median ($set.Seconds)
            Percent  = Get-Median ($set | ForEach-Object { 100 * $_.Refused / [math]::Max(1, $_.Requests) })
            Fairness = Get-Median ($set.Fairness)
            Failed   = ($set | Measure-Object Failed -Sum).Sum
        }
    }
    $text = { param($f) '{0:0.00} of the quota ({1:0.0} s; {2:0.00} in the seconds requests flowed), {3:0.0}% refused{4}' -f $f.Share, $f.Seconds, $f.Flowing, $f.Percent, $(if ($f.Failed) { ", $($f.Failed) tasks not DONE" } else { '' }) }
    $peer = 'before #13: ' + (& $text $figures.Peer)
    if (Test-Row 15) {
        Add-Row 15 '4 processes x 100 tasks on one machine, one account at 50/s (machine scope, the default): share of the quota (ideal 24 s); refused' `
            (& $text $figures.Machine) $peer '>= 0.9 of the quota, <= 2% refused' (($figures.Machine.Share -ge 0.9) -and $figures.Machine.Percent -le 2 -and -not $figures.Machine.Failed)
    }
    if (Test-Row 16) {
        Add-Row 16 'The same at process scope (processes that cannot share: separate machines)' `
            (& $text $figures.Process) $peer '>= 0.8 of the quota, <= 10% refused' (($figures.Process.Share -ge 0.8) -and $figures.Process.Percent -le 10 -and -not $figures.Process.Failed)
    }
    if (Test-Row 17) {
        Add-Row 17 'Fairness in rows 15 and 16: the last process to finish over the first' `
            ('machine scope {0:0.00}x; process scope {1:0.00}x' -f $figures.Machine.Fairness, $figures.Process.Fairness) ('before #13: {0:0.00}x' -f $figures.Peer.Fairness) '<= 1.5x' (($figures.Machine.Fairness -le 1.5) -and $figures.Process.Fairness -le 1.5)
    }
}
