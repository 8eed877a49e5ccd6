# Rows 13 and 14 of the Bench (dot-sourced by Bench.ps1, which holds $limited, an emulator enforcing each action's
# documented limit: DescribeAigcVideoTask 50/s, DescribeAigcImageTask 20/s).

if (Test-Row 13) {
    # Row 13: 200 image tasks that finish on their third poll. 600 requests at 20/s: 30 s.
    Add-ThirdPollRow 13 '200 image tasks done on their 3rd poll, emulator enforcing 20/s: elapsed vs ideal 30 s; refused' $limited 200 'Image'
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
