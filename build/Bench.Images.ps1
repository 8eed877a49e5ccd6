# Rows 13 and 14 of the Bench (dot-sourced by Bench.ps1, which holds $limited, an emulator enforcing each action's
# documented limit: DescribeAigcVideoTask 50/s, DescribeAigcImageTask 20/s).

if (Test-Row 13) {
    # Row 13: 200 image tasks that finish on their third poll. 600 requests at 20/s: 30 s.
    $waits = foreach ($run in 1..$Runs) {
        Reset-MpsEmulator $limited
        $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$done = 1..200 | ForEach-Object { 'done-img-after3polls-r13-$run-' + `$_ } | Wait-MpsAigcImageTask -Endpoint '$($limited.Url)' -ProgressAction SilentlyContinue
@{ count = @(`$done).Count; elapsedSeconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@
        if ($result.count -ne 200) { throw "Only $($result.count) of 200 waited image tasks came back." }
        $stats = Get-MpsEmulatorStats $limited
        [pscustomobject]@{ Seconds = $result.elapsedSeconds; Refused = $stats.RequestLimitExceeded; Requests = $stats.Requests }
    }
    $naive = foreach ($run in 1..$Runs) {
        Reset-MpsEmulator $limited
        $idsFile = New-TemporaryFile
        1..200 | ForEach-Object { "done-img-after3polls-r13n-$run-$_" } | Set-Content $idsFile
        try { $summary = (node (Join-Path $NodePeerPath 'wait.js') $limited.Port 300 --ids-file $idsFile --image | ConvertFrom-Json).summary }
        finally { Remove-Item $idsFile }
        $stats = Get-MpsEmulatorStats $limited
        [pscustomobject]@{ Seconds = $summary.elapsedSeconds; Refused = $stats.RequestLimitExceeded; Requests = $stats.Requests; Finished = $summary.finished }
    }
    $seconds = Get-Median ($waits.Seconds)
    $refused = ($waits | Measure-Object Refused -Sum).Sum
    $requests = ($waits | Measure-Object Requests -Sum).Sum
    $naiveSeconds = Get-Median ($naive.Seconds)
    $naiveRefused = ($naive | Measure-Object Refused -Sum).Sum
    $naiveRequests = ($naive | Measure-Object Requests -Sum).Sum
    Add-Row 13 '200 image tasks done on their 3rd poll, emulator enforcing 20/s: elapsed vs ideal 30 s; refused' `
        ('{0:0.0} s = {1:0.00}x ideal; {2} of {3} requests refused ({4:0.00}%)' -f $seconds, ($seconds / 30), $refused, $requests, (100 * $refused / [math]::Max(1, $requests))) `
        ('Node SDK polling each every 2 s: {0:0.0} s = {1:0.00}x ideal; {2} of {3} refused ({4:0.0}%); {5} of 200 finished' -f $naiveSeconds, ($naiveSeconds / 30), $naiveRefused, $naiveRequests, (100 * $naiveRefused / [math]::Max(1, $naiveRequests)), ($naive | Select-Object -Last 1).Finished) `
        '<= 1.1x ideal, <= 1% refused' (($seconds -le 33) -and ($refused -le 0.01 * $requests))
}

if (Test-Row 14) {
    # Row 14: videos and images at once in one session, each action at its own limit: 500 videos x 3 polls at
    # 50/s and 200 images x 3 polls at 20/s are both 30 s of requests (rows 4 and 13), so together they need
    # 30 s, not 60.
    $mixed = foreach ($run in 1..$Runs) {
        Reset-MpsEmulator $limited
        $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$videos = 1..500 | ForEach-Object { 'done-after3polls-r14-$run-' + `$_ } | Wait-MpsAigcVideoTask -Endpoint '$($limited.Url)' -AsJob
`$images = 1..200 | ForEach-Object { 'done-img-after3polls-r14-$run-' + `$_ } | Wait-MpsAigcImageTask -Endpoint '$($limited.Url)' -AsJob
`$done = `$videos, `$images | Receive-Job -Wait -AutoRemoveJob
@{ count = @(`$done).Count; elapsedSeconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@
        if ($result.count -ne 700) { throw "Only $($result.count) of 700 waited tasks came back." }
        $stats = Get-MpsEmulatorStats $limited
        [pscustomobject]@{ Seconds = $result.elapsedSeconds; Refused = $stats.RequestLimitExceeded; Requests = $stats.Requests }
    }
    $seconds = Get-Median ($mixed.Seconds)
    $refused = ($mixed | Measure-Object Refused -Sum).Sum
    $requests = ($mixed | Measure-Object Requests -Sum).Sum
    Add-Row 14 'Mixed: 500 videos (50/s) and 200 images (20/s) waited at once, 3 polls each: elapsed vs ideal 30 s; refused' `
        ('{0:0.0} s = {1:0.00}x ideal; {2} of {3} requests refused' -f $seconds, ($seconds / 30), $refused, $requests) `
        'one action after the other: 60 s (ideal)' '<= 1.1x ideal, 0 refused' (($seconds -le 33) -and $refused -eq 0)
}
