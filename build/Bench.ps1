<#
.SYNOPSIS
    Measures MpsAigc against the bundled emulator, beside the peers each row names, and writes a markdown
    table to the console and to -OutFile. Every figure is the median of several runs.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $NodePeerPath,
    [Parameter(Mandatory)] [string] $OutFile,
    [int] $Runs = 3,
    # Only these rows, comma-separated (-Rows 1,11,12); all of them by default. A string, as pwsh -File passes it.
    [string] $Rows,
    # MpsAigc before issue 13, with a limiter of each process's own: the peer of rows 15-17 (build.ps1 builds it).
    [string] $PeerModulePath,
    # Row 1's floor (tests/floor, build.ps1 builds it): a one-cmdlet binary module that makes one HttpClient POST.
    [string] $FloorPath
)
$ErrorActionPreference = 'Stop'
# Child processes get these paths, and they may start elsewhere: make them absolute.
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$NodePeerPath = (Resolve-Path $NodePeerPath).Path
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')
Import-Module (Join-Path $PSScriptRoot '../tests/hardening/QuotaRun.psm1')
Set-MpsEmulatorCredential
$pwsh = Join-Path $PSHOME 'pwsh'
$tableRows = [System.Collections.Generic.List[object]]::new()

$selectedRows = @($Rows -split ',' | Where-Object { $_.Trim() } | ForEach-Object { [int]$_ })
function Test-Row([int[]] $Number) {
    -not $selectedRows -or @($Number | Where-Object { $_ -in $selectedRows }).Count -gt 0
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Seconds([scriptblock] $Script) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $Script | Out-Null
    $watch.Elapsed.TotalSeconds
}

# One cold pwsh running COMMAND: its whole run, and the command's own time as the process measured it.
function Measure-ColdStart([string] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $inside = & $pwsh -NoProfile -NonInteractive -c "`$watch = [Diagnostics.Stopwatch]::StartNew(); $Command; `$watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)"
    [pscustomobject]@{ Wall = $watch.Elapsed.TotalSeconds; Inside = [double]::Parse(($inside | Select-Object -Last 1), [cultureinfo]::InvariantCulture) }
}

# Cold starts of each of COMMANDS (a name, and a script block that makes the command of run N), alternating,
# COUNT of each, with a bare start before each (see row 1). Medians of each: what it adds to a bare pwsh, and its
# own time inside the process; and the bare start's.
function Measure-ColdStarts([System.Collections.Specialized.OrderedDictionary] $Commands, [int] $Count) {
    $null = & $pwsh -NoProfile -c exit
    $bareTimes = @(); $coldRuns = @{}
    foreach ($name in $Commands.Keys) { $coldRuns[$name] = @() }
    foreach ($n in 1..$Count) {
        foreach ($name in $Commands.Keys) {
            $bareTimes += Measure-Seconds { & $pwsh -NoProfile -NonInteractive -c exit }
            $coldRuns[$name] += Measure-ColdStart (& $Commands[$name] $n)
        }
    }
    $result = [pscustomobject]@{ Bare = Get-Median $bareTimes; Added = @{}; Inside = @{} }
    foreach ($name in $Commands.Keys) {
        $result.Added[$name] = (Get-Median $coldRuns[$name].Wall) - $result.Bare
        $result.Inside[$name] = Get-Median $coldRuns[$name].Inside
    }
    $result
}

# One command's cold start from Measure-ColdStarts, beside the one named Rest (Invoke-RestMethod).
function Format-ColdStart($Cold, [string] $Name) {
    '{0:0.000} s ({1:0.00}x Invoke-RestMethod); inside {2:0.000} s ({3:0.00}x)' -f $Cold.Added[$Name], ($Cold.Added[$Name] / $Cold.Added.Rest), $Cold.Inside[$Name], ($Cold.Inside[$Name] / $Cold.Inside.Rest)
}

function Add-Row($Number, $Measure, $Ours, $Peer, $Target, [bool] $Met) {
    $tableRows.Add([pscustomobject]@{ '#' = $Number; Measure = $Measure; MpsAigc = $Ours; Peer = $Peer; Target = $Target; Met = if ($Met) { 'yes' } else { 'NO' } })
}

# A child pwsh runs each measured batch, so every run starts cold and its CPU time is its own.
function Invoke-Batch([string] $Endpoint, [int] $Count, [string] $Prefix, [int] $MaxRequestsPerSecond, [int] $ThrottleLimit) {
    $script = @"
Import-Module '$ModulePath'
`$ids = 1..$Count | ForEach-Object { '$Prefix-' + `$_ }
`$process = Get-Process -Id `$PID
`$cpu = `$process.TotalProcessorTime
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$tasks = `$ids | Get-MpsAigcVideoTask -Endpoint '$Endpoint' -MaxRequestsPerSecond $MaxRequestsPerSecond -ThrottleLimit $ThrottleLimit
`$elapsed = `$watch.Elapsed.TotalSeconds
`$process.Refresh()
@{ count = @(`$tasks).Count; elapsedSeconds = `$elapsed; cpuSeconds = (`$process.TotalProcessorTime - `$cpu).TotalSeconds } | ConvertTo-Json -Compress
"@
    $result = Invoke-Pwsh $script
    if ($result.count -ne $Count) { throw "Only $($result.count) of $Count tasks came back." }
    $result
}

# Peak memory and threads of an idle pwsh (with the module imported, or bare), measured once per run of the bench.
$idlePwsh = @{}
function Get-IdlePwsh([switch] $WithModule) {
    $key = [bool]$WithModule
    if (-not $idlePwsh.ContainsKey($key)) {
        $import = if ($WithModule) { "Import-Module '$ModulePath'; " } else { '' }
        $idlePwsh[$key] = Invoke-Pwsh "$import`$status = Get-Content /proc/self/status; `$field = { param(`$name) [long]((`$status | Where-Object { `$_.StartsWith(`$name) }) -replace '\D') }; @{ peakMiB = [int]((& `$field 'VmHWM:') / 1024); threads = [int](& `$field 'Threads:') } | ConvertTo-Json -Compress"
    }
    $idlePwsh[$key]
}

# Runs a script in a fresh pwsh and returns the JSON object it prints last.
function Invoke-Pwsh([string] $Script) {
    & $pwsh -NoProfile -NonInteractive -Command $Script | Select-Object -Last 1 | ConvertFrom-Json
}

# Rows 4 and 13: -Count tasks of one kind that finish on their third poll, against $Emulator enforcing the
# action's limit, so 3 x Count requests take 30 s at best; beside the Node SDK polling each task every 2 s.
function Add-ThirdPollRow([int] $Number, [string] $Measure, $Emulator, [int] $Count, [string] $Kind) {
    $prefix = if ($Kind -eq 'Image') { 'done-img-after3polls' } else { 'done-after3polls' }
    $waits = foreach ($run in 1..$Runs) {
        Reset-MpsEmulator $Emulator
        $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$done = 1..$Count | ForEach-Object { '$prefix-r$Number-$run-' + `$_ } | Wait-MpsAigc$($Kind)Task -Endpoint '$($Emulator.Url)' -ProgressAction SilentlyContinue
@{ count = @(`$done).Count; elapsedSeconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@
        if ($result.count -ne $Count) { throw "Only $($result.count) of $Count waited $($Kind.ToLowerInvariant()) tasks came back." }
        $stats = Get-MpsEmulatorStats $Emulator
        [pscustomobject]@{ Seconds = $result.elapsedSeconds; Refused = $stats.RequestLimitExceeded; Requests = $stats.Requests }
    }
    $naive = foreach ($run in 1..$Runs) {
        Reset-MpsEmulator $Emulator
        $idsFile = New-TemporaryFile
        1..$Count | ForEach-Object { "$prefix-r${Number}n-$run-$_" } | Set-Content $idsFile
        [string[]] $nodeArguments = @((Join-Path $NodePeerPath 'wait.js'), $Emulator.Port, 300, '--ids-file', $idsFile.FullName)
        if ($Kind -eq 'Image') { $nodeArguments += '--image' }
        try { $summary = (node @nodeArguments | ConvertFrom-Json).summary }
        finally { Remove-Item $idsFile }
        $stats = Get-MpsEmulatorStats $Emulator
        [pscustomobject]@{ Seconds = $summary.elapsedSeconds; Refused = $stats.RequestLimitExceeded; Requests = $stats.Requests; Finished = $summary.finished }
    }
    $seconds = Get-Median ($waits.Seconds)
    $refused = ($waits | Measure-Object Refused -Sum).Sum
    $requests = ($waits | Measure-Object Requests -Sum).Sum
    $naiveSeconds = Get-Median ($naive.Seconds)
    $naiveRefused = ($naive | Measure-Object Refused -Sum).Sum
    $naiveRequests = ($naive | Measure-Object Requests -Sum).Sum
    Add-Row $Number $Measure `
        ('{0:0.0} s = {1:0.00}x ideal; {2} of {3} requests refused ({4:0.00}%)' -f $seconds, ($seconds / 30), $refused, $requests, (100 * $refused / [math]::Max(1, $requests))) `
        ('Node SDK polling each every 2 s: {0:0.0} s = {1:0.00}x ideal; {2} of {3} refused ({4:0.0}%); {5} of {6} finished' -f $naiveSeconds, ($naiveSeconds / 30), $naiveRefused, $naiveRequests, (100 * $naiveRefused / [math]::Max(1, $naiveRequests)), ($naive | Select-Object -Last 1).Finished, $Count) `
        '<= 1.1x ideal, <= 1% refused' (($seconds -le 33) -and ($refused -le 0.01 * $requests))
}

function Invoke-NodeBatch([int] $Port, [int] $Count, [string] $Prefix, [int] $Concurrency) {
    $idsFile = New-TemporaryFile
    1..$Count | ForEach-Object { "$Prefix-$_" } | Set-Content $idsFile
    try {
        $lines = node (Join-Path $NodePeerPath 'describe.js') $Port $Concurrency --ids-file $idsFile
        $summary = ($lines | Select-Object -Last 1 | ConvertFrom-Json).summary
        $failed = @($lines | Select-Object -SkipLast 1 | ConvertFrom-Json | Where-Object { $_.PSObject.Properties['Error'] }).Count
        if ($failed) { throw "The Node SDK got $failed errors." }
        $summary
    }
    finally { Remove-Item $idsFile }
}

$limited = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '50'
$open = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0'
try {
    # Row 1: cold start, beside PowerShell's own one-call path: what each adds to a bare pwsh. The commands
    # alternate, 15 runs of each, so that a busy moment of the machine falls on all alike, and a bare start comes
    # before each: pwsh replays at start what the previous non-interactive pwsh JIT-compiled (its MultiCoreJit
    # profile), so a command that followed its own kind would start warmer than one that followed another.
    # Each child also times its own command from inside (import + query, or the POST): the same comparison
    # without pwsh's start and exit, whose spread from run to run is wider than the gaps measured here.
    # The floor is the least any binary module that calls a web API costs PowerShell: one cmdlet, one HttpClient
    # POST to the same server; "with a view" adds a one-view format file, for which PowerShell rebuilds its
    # whole format table at import, as it does for ours.
    if (Test-Row 1) {
        $commands = [ordered]@{
            Module  = { param($n) "Import-Module '$ModulePath'; Get-MpsAigcVideoTask done-cold-$n -Endpoint '$($open.Url)' | Out-Null" }
            # One POST to the same server (the emulator's answer to an unsigned call is an error envelope, as fast).
            Rest    = { param($n) "Invoke-RestMethod -Method Post -Uri '$($open.Url)' -ContentType application/json -Body '{`"TaskId`":`"done-cold-$n`"}' -Headers @{ 'X-TC-Action' = 'DescribeAigcVideoTask' } | Out-Null" }
        }
        if ($FloorPath) {
            $commands.Floor = { param($n) "Import-Module '$(Join-Path $FloorPath 'ColdStartFloor.psd1')'; Get-FloorItem -Uri '$($open.Url)' | Out-Null" }
            $commands.FloorView = { param($n) "Import-Module '$(Join-Path $FloorPath 'ColdStartFloorWithView.psd1')'; Get-FloorItem -Uri '$($open.Url)' | Out-Null" }
        }
        $cold = Measure-ColdStarts $commands 15
        $peer = 'Invoke-RestMethod {0:0.000} s, inside {1:0.000} s; bare pwsh {2:0.000} s' -f $cold.Added.Rest, $cold.Inside.Rest, $cold.Bare
        if ($FloorPath) {
            $peer += '; floor (one-cmdlet binary module, one HttpClient POST): ' + (Format-ColdStart $cold 'Floor') + '; the floor with one view: ' + (Format-ColdStart $cold 'FloorView')
        }
        Add-Row 1 'Cold start: what Import-Module + one query adds to bare pwsh, beside one Invoke-RestMethod POST (s); timed from inside the process too' `
            (Format-ColdStart $cold 'Module') $peer '<= 0.5x Invoke-RestMethod' ($cold.Added.Module -le 0.5 * $cold.Added.Rest)
    }

    if (Test-Row 2) {
        # Row 2: 1,000 ids with the default limit against an emulator enforcing 50/s. The first 50 may go at
        # once, so the ideal is (1,000 - 50) / 50 = 19 s; efficiency is ideal / elapsed.
        $elapsed = @(); $refused = 0; $maxSecond = 0
        foreach ($run in 1..$Runs) {
            Reset-MpsEmulator $limited
            $result = Invoke-Batch $limited.Url 1000 "done-r2-$run" 50 16
            $stats = Get-MpsEmulatorStats $limited
            $elapsed += $result.elapsedSeconds
            $refused += $stats.RequestLimitExceeded
            $maxSecond = [math]::Max($maxSecond, $stats.MaxRequestsInOneSecond)
        }
        $seconds = Get-Median $elapsed
        $efficiency = 19 / $seconds
        Add-Row 2 '1,000 ids, default limit, emulator enforcing 50/s' ('{0:0.0} s = {1:0.0} req/s avg; {2:0.0}% of the ideal 19 s; max {3} in one second; {4} RequestLimitExceeded' -f $seconds, (1000 / $seconds), ($efficiency * 100), $maxSecond, $refused) 'n/a' '>= 95% of ideal, 0 refused' (($efficiency -ge 0.95) -and $refused -eq 0)
    }

    if (Test-Row 3) {
        # Row 3: 1,000 ids with no limits, beside the official Node SDK at the same concurrency.
        $ours = foreach ($run in 1..$Runs) { Invoke-Batch $open.Url 1000 "done-r3-$run" 0 16 }
        $node = foreach ($run in 1..$Runs) { Invoke-NodeBatch $open.Port 1000 "done-r3n-$run" 16 }
        $ourRate = Get-Median ($ours | ForEach-Object { 1000 / $_.elapsedSeconds })
        $nodeRate = Get-Median ($node | ForEach-Object { 1000 / $_.elapsedSeconds })
        $ourCpu = Get-Median ($ours | ForEach-Object { $_.cpuSeconds })
        $nodeCpu = Get-Median ($node | ForEach-Object { $_.cpuSeconds })
        Add-Row 3 '1,000 ids, no limits, 16 in flight: requests/s; CPU s per 1,000' ('{0:0} req/s; {1:0.00} CPU s' -f $ourRate, $ourCpu) ('Node SDK {0:0} req/s; {1:0.00} CPU s' -f $nodeRate, $nodeCpu) '>= 1.0x Node rate' ($ourRate -ge $nodeRate)
    }

    if (Test-Row 4) {
        # Row 4: 500 tasks that finish on their third poll, emulator enforcing 50/s. 1,500 requests at 50/s: 30 s.
        Add-ThirdPollRow 4 '500 tasks done on their 3rd poll, emulator enforcing 50/s: elapsed vs ideal 30 s; refused' $limited 500 'Video'
    }

    if (Test-Row 5) {
        # Row 5: 10,000 tasks waited at once (limits off, so the run is about memory, not the rate).
        $memory = foreach ($run in 1..$Runs) {
            Invoke-Pwsh @"
Import-Module '$ModulePath'
`$done = 1..10000 | ForEach-Object { 'done-after3polls-r5-$run-' + `$_ } | Wait-MpsAigcVideoTask -Endpoint '$($open.Url)' -MaxRequestsPerSecond 0 -PollInterval 1 -ProgressAction SilentlyContinue
`$status = Get-Content /proc/self/status
`$field = { param(`$name) [long]((`$status | Where-Object { `$_.StartsWith(`$name) }) -replace '\D') }
@{ count = @(`$done).Count; peakMiB = [int]((& `$field 'VmHWM:') / 1024); threads = [int](& `$field 'Threads:') } | ConvertTo-Json -Compress
"@
        }
        $bare = Get-IdlePwsh -WithModule
        if (@($memory | Where-Object count -NE 10000).Count) { throw 'A 10,000-task wait did not return every task.' }
        $peak = Get-Median ($memory.peakMiB)
        $threads = Get-Median ($memory.threads)
        Add-Row 5 '10,000 tasks waited at once: peak memory of the pwsh process; threads at the end' ('{0} MiB peak; {1} threads' -f $peak, $threads) ('pwsh with the module imported, idle: {0} MiB peak; {1} threads' -f $bare.peakMiB, $bare.threads) '< 200 MiB' ($peak -lt 200)
    }

    if (Test-Row 6, 7, 8) {
        # Rows 6-8 download real bytes; the videos go to a scratch folder that is removed after each run.
        Import-Module $ModulePath
        # In memory where the machine has it, so each tool is measured, not the disk's writeback of the last one.
        $scratchRoot = if (Test-Path /dev/shm) { '/dev/shm' } else { [IO.Path]::GetTempPath() }
        $scratch = Join-Path $scratchRoot "mpsaigc-bench-$PID"
        $null = New-Item -ItemType Directory $scratch -Force
        try {
            if (Test-Row 6) {
                # Row 6: one 1 GiB video over loopback.
                $bare = Get-IdlePwsh -WithModule
                $gib = 1GB
                # Each tool's transfer: bytes, seconds, peak memory.
                $transfer = @{
                    ours = {
                        param($url)
                        $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$file = Save-MpsAigcVideo -Url '$url' -Path '$scratch/ours' -ProgressAction SilentlyContinue
`$seconds = `$watch.Elapsed.TotalSeconds
`$status = Get-Content /proc/self/status
@{ bytes = `$file.Length; seconds = `$seconds; peakMiB = [int]([long]((`$status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024) } | ConvertTo-Json -Compress
"@
                        Remove-Item "$scratch/ours" -Recurse -Force
                        $result
                    }
                    curl = {
                        param($url)
                        $watch = [Diagnostics.Stopwatch]::StartNew()
                        $timeLog = Join-Path $scratch 'curl.time'
                        if (Test-Path /usr/bin/time) { & /usr/bin/time -f '%M' -o $timeLog curl -s -o "$scratch/curl.mp4" $url } else { curl -s -o "$scratch/curl.mp4" $url }
                        [pscustomobject]@{ bytes = (Get-Item "$scratch/curl.mp4").Length; seconds = $watch.Elapsed.TotalSeconds; peakMiB = if (Test-Path $timeLog) { [int]((Get-Content $timeLog -Raw).Trim()) / 1024 } else { $null } }
                        Remove-Item "$scratch/curl.mp4"
                    }
                    iwr = {
                        param($url)
                        $result = Invoke-Pwsh @"
`$ProgressPreference = 'SilentlyContinue'
`$watch = [Diagnostics.Stopwatch]::StartNew()
Invoke-WebRequest '$url' -OutFile '$scratch/iwr.mp4'
`$seconds = `$watch.Elapsed.TotalSeconds
`$status = Get-Content /proc/self/status
@{ bytes = (Get-Item '$scratch/iwr.mp4').Length; seconds = `$seconds; peakMiB = [int]([long]((`$status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024) } | ConvertTo-Json -Compress
"@
                        Remove-Item "$scratch/iwr.mp4"
                        $result
                    }
                }
                $results = @{ ours = @(); curl = @(); iwr = @() }
                # One unmeasured transfer first, so that no tool pays for the emulator's own warm-up.
                curl -s -o /dev/null (Get-MpsAigcVideoTask "done-size$gib-r6-warm" -Endpoint $open.Url).VideoUrls[0]
                # Loopback transfers of a second or less vary by a third from one run to the next on 2 cores, and
                # the first transfer after the warm-up and the one after each other tool differ: at least 5 runs of
                # each tool, in an order that rotates every run, and every figure printed beside the medians.
                $downloadRuns = [math]::Max($Runs, 5)
                $tools = 'ours', 'curl', 'iwr'
                foreach ($run in 1..$downloadRuns) {
                    foreach ($tool in (0..2 | ForEach-Object { $tools[($_ + $run - 1) % 3] })) {
                        $url = (Get-MpsAigcVideoTask "done-size$gib-r6-$run-$tool" -Endpoint $open.Url).VideoUrls[0]
                        sync
                        $results[$tool] += & $transfer[$tool] $url
                    }
                }
                $ours = $results.ours; $curl = $results.curl; $iwr = $results.iwr
                foreach ($set in $ours, $curl, $iwr) { if (@($set | Where-Object bytes -NE $gib).Count) { throw 'A 1 GiB download came back short.' } }
                $ourRate = Get-Median ($ours | ForEach-Object { $gib / $_.seconds / 1MB })
                $curlRate = Get-Median ($curl | ForEach-Object { $gib / $_.seconds / 1MB })
                $iwrRate = Get-Median ($iwr | ForEach-Object { $gib / $_.seconds / 1MB })
                $perRun = foreach ($set in $ours, $curl, $iwr) { ($set | ForEach-Object { '{0:0}' -f ($gib / $_.seconds / 1MB) }) -join ', ' }
                Write-Host ('Row 6, MiB/s per run: ours {0}; curl {1}; Invoke-WebRequest {2}' -f $perRun)
                $ourPeak = Get-Median ($ours.peakMiB)
                $curlPeak = if ($curl[0].peakMiB) { '{0:0} MiB' -f (Get-Median ($curl.peakMiB)) } else { 'n/a' }
                Add-Row 6 "1 GiB video over loopback into $scratchRoot, median of $downloadRuns`: MiB/s; peak memory" `
                    ('{0:0} MiB/s ({1:0.00}x curl); pwsh peak {2} MiB ({3:+0;-0} MiB over idle pwsh)' -f $ourRate, ($ourRate / $curlRate), $ourPeak, ($ourPeak - $bare.peakMiB)) `
                    ('curl -o {0:0} MiB/s, peak {1}; Invoke-WebRequest -OutFile {2:0} MiB/s, pwsh peak {3} MiB' -f $curlRate, $curlPeak, $iwrRate, (Get-Median ($iwr.peakMiB))) `
                    '>= 0.9x curl; <= idle + 150 MiB' (($ourRate -ge 0.9 * $curlRate) -and ($ourPeak - $bare.peakMiB -le 150))
            }

            if (Test-Row 7, 8) {
                # Rows 7 and 8: 16 videos of 64 MiB, each connection capped at 25 MB/s.
                $throttled = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--bandwidth', '25000000'
                $flaky = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--bandwidth', '25000000', '--cut-share', '0.34', '--cut-after-bytes', '16777216'
                try {
                    $size = 64MB
                    $saveSeconds = @(); $loopSeconds = @(); $flakyResults = @()
                    foreach ($run in 1..$Runs) {
                        $ids = 1..16 | ForEach-Object { "done-size$size-r7-$run-$_" }
                        $saveSeconds += (Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$files = '$($ids -join "','")' | Save-MpsAigcVideo -Endpoint '$($throttled.Url)' -Path '$scratch/save' -ProgressAction SilentlyContinue
@{ count = @(`$files).Count; seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@).seconds
                        Remove-Item "$scratch/save" -Recurse -Force
                        $urls = (Get-MpsAigcVideoTask $ids -Endpoint $throttled.Url).VideoUrls
                        $loopSeconds += (Invoke-Pwsh @"
`$ProgressPreference = 'SilentlyContinue'
`$null = New-Item -ItemType Directory '$scratch/iwr' -Force
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$i = 0
foreach (`$url in '$($urls -join "','")') { `$i++; Invoke-WebRequest `$url -OutFile "$scratch/iwr/`$i.mp4" }
@{ seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@).seconds
                        Remove-Item "$scratch/iwr" -Recurse -Force

                        Reset-MpsEmulator $flaky
                        $flakyIds = 1..16 | ForEach-Object { "done-size$size-r8-$run-$_" }
                        $files = $flakyIds | Save-MpsAigcVideo -Endpoint $flaky.Url -Path "$scratch/flaky" -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue
                        $correct = @($files | Where-Object { (Get-FileHash $_.FullName).Hash -eq (Invoke-RestMethod "$($flaky.Url)/_emulator/sha256/videos/$($_.TaskId)/1.mp4") }).Count
                        $flakyResults += [pscustomobject]@{ Saved = @($files).Count; Correct = $correct; Cut = (Get-MpsEmulatorStats $flaky).CutResponses }
                        Remove-Item "$scratch/flaky" -Recurse -Force
                    }
                    $save = Get-Median $saveSeconds
                    $loop = Get-Median $loopSeconds
                    Add-Row 7 '16 x 64 MiB, 25 MB/s per connection: elapsed' ('{0:0.0} s ({1:0.0}x faster)' -f $save, ($loop / $save)) ('foreach Invoke-WebRequest -OutFile: {0:0.0} s' -f $loop) '>= 3x faster' ($loop / $save -ge 3)
                    $allWhole = -not @($flakyResults | Where-Object { $_.Saved -ne 16 -or $_.Correct -ne 16 }).Count
                    Add-Row 8 'The same 16 with a third of the responses cut short' (($flakyResults | ForEach-Object { '{0}/16 saved, {1}/16 hash-correct, {2} cut' -f $_.Saved, $_.Correct, $_.Cut }) -join '; ') 'n/a' '16/16 complete and hash-correct' $allWhole
                }
                finally {
                    Stop-MpsEmulator $throttled
                    Stop-MpsEmulator $flaky
                }
            }
        }
        finally { Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue }
    }

    if (Test-Row 9) {
        # Row 9: the fault suite's run (1,000 tasks through Get | Wait | Save, 10% of API answers and 20% of
        # downloads faulty), beside the same run on an emulator without faults.
        $faultRun = Join-Path $PSScriptRoot '../tests/hardening/Invoke-FaultRun.ps1'
        $common = '--rate-limit', '100', '--video-bytes', '65536', '--cut-after-bytes', '20000'
        $faulty = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList ($common + @('--api-fault-share', '0.1', '--slow-ms', '4000', '--download-fault-share', '0.2', '--stall-seconds', '30'))
        $clean = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList $common
        try {
            function Invoke-FaultRun($Emulator) {
                $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-bench9-$([guid]::NewGuid())")).FullName
                try {
                    Reset-MpsEmulator $Emulator
                    Invoke-Pwsh "& '$faultRun' -ModulePath '$ModulePath' -Endpoint '$($Emulator.Url)' -Folder '$folder' -Count 1000 | ConvertTo-Json -Compress"
                }
                finally { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
            }
            $withFaults = @(1..$Runs | ForEach-Object { Invoke-FaultRun $faulty })
            $withoutFaults = @(1..$Runs | ForEach-Object { Invoke-FaultRun $clean })
            $faultySeconds = Get-Median ($withFaults.ElapsedSeconds)
            $cleanSeconds = Get-Median ($withoutFaults.ElapsedSeconds)
            $violations = ($withFaults + $withoutFaults | ForEach-Object { @($_.Violations).Count } | Measure-Object -Sum).Sum
            $withFaults + $withoutFaults | ForEach-Object { $_.Violations } | Where-Object { $_ } | ForEach-Object { Write-Warning "Row 9: $_" }
            $saved = ($withFaults | ForEach-Object { $_.Saved }) -join '/'
            Add-Row 9 '1,000 tasks through Get, Wait and Save, 10% of API answers and 20% of downloads faulty: elapsed; outcomes' `
                ('{0:0.0} s ({1:0.00}x the clean run); {2} files saved of 1030, 70 planned errors, {3} tasks ending otherwise' -f $faultySeconds, ($faultySeconds / $cleanSeconds), $saved, $violations) `
                ('the same run without faults: {0:0.0} s' -f $cleanSeconds) 'every task: one whole file set or one error' ($violations -eq 0)
        }
        finally {
            Stop-MpsEmulator $faulty
            Stop-MpsEmulator $clean
        }
    }

    if (Test-Row 10) {
        # Row 10: temporary keys renewed under a long wait. The CVM role's keys live 8 s here (2 hours on STS by
        # default), so a 40 s wait crosses several lifetimes. The peer takes the same keys once, as the official
        # SDKs and tccli do with a temporary credential: nothing renews it.
        $lifetime = 8
        $roles = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '50', '--cvm-role', 'mps-runbook', '--temp-credential-lifetime-seconds', $lifetime
        try {
            function Invoke-RoleWait([string] $Prefix, [bool] $KeysOnce) {
                $connection = if ($KeysOnce) {
                    "`$keys = Invoke-RestMethod '$($roles.Url)/latest/meta-data/cam/security-credentials/mps-runbook'
    `$connection = @{ Credential = [pscredential]::new(`$keys.TmpSecretId, (ConvertTo-SecureString `$keys.TmpSecretKey -AsPlainText -Force)); SessionToken = `$keys.Token }"
                }
                else { '$connection = @{}' }
                Invoke-Pwsh @"
Get-ChildItem Env: | Where-Object Name -Match '^(TENCENTCLOUD_|TKE_)' | ForEach-Object { Remove-Item "Env:`$(`$_.Name)" }
`$env:TENCENTCLOUD_CREDENTIALS_FILE = '/nonexistent/credentials'
`$env:MPSAIGC_METADATA_ENDPOINT = '$($roles.Url)'
Import-Module '$ModulePath'
$connection
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$done = 1..100 | ForEach-Object { '$Prefix-' + `$_ } | Wait-MpsAigcVideoTask -Endpoint '$($roles.Url)' -PollInterval 2 -MaxPollInterval 4 @connection -ErrorAction SilentlyContinue -ErrorVariable failed
@{ done = @(`$done).Count; errors = @(`$failed).Count; firstError = @(`$failed | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] })[0]; seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@
            }
            Reset-MpsEmulator $roles
            $ours = Invoke-RoleWait 'done-after40s-bench10-renewed' $false
            $renewStats = Get-MpsEmulatorStats $roles
            Reset-MpsEmulator $roles
            $once = Invoke-RoleWait 'done-after40s-bench10-once' $true
            $fetches = $renewStats.MetadataCredentialRequests
            $calls = $renewStats.CallsByCredentialKind.CvmRole
            $expected = $ours.seconds / (0.75 * $lifetime) + 2
            # At STS's default lifetime of 7200 s, a renewal is due when 300 s are left: one per 6900 s of waiting.
            $perHour = 3600 / (7200 - [math]::Min(300, 7200 / 4))
            Add-Row 10 "Temporary keys under a wait: 100 tasks DONE after 40 s on CVM role keys living $lifetime s, emulator at 50/s: outcome; key fetches and what they cost" `
                ('{0}/100 DONE, {1} errors in {2:0.0} s; {3} key fetches (1 per {4:0.0} s) beside {5} API calls, {6} refused for an expired token; at STS''s default 2 h lifetime: {7:0.00} fetches per hour of waiting, no extra API call' -f $ours.done, $ours.errors, $ours.seconds, $fetches, ($ours.seconds / [math]::Max(1, $fetches)), $calls, $renewStats.ExpiredTokenRefusals, $perHour) `
                ('the same keys taken once (official SDKs, tccli): {0}/100 DONE, {1} errors ({2})' -f $once.done, $once.errors, $once.firstError) `
                'every task DONE; fetches <= elapsed / (0.75 x lifetime) + 2' (($ours.done -eq 100) -and $ours.errors -eq 0 -and $fetches -le $expected)
        }
        finally { Stop-MpsEmulator $roles }
    }

    # Rows 12 and 18: downloads and a cold start over https.
    if (Test-Row 12, 18) { . (Join-Path $PSScriptRoot 'Bench.Https.ps1') }
    if (Test-Row 11, 23, 24, 25) { . (Join-Path $PSScriptRoot 'Bench.Ranges.ps1') }
    if (Test-Row 13, 14) { . (Join-Path $PSScriptRoot 'Bench.Images.ps1') }
    if (Test-Row 15, 16, 17) { . (Join-Path $PSScriptRoot 'Bench.Quota.ps1') }
    if (Test-Row 19, 20, 21) { . (Join-Path $PSScriptRoot 'Bench.Journal.ps1') }
    if (Test-Row 26) { . (Join-Path $PSScriptRoot 'Bench.Desktop.ps1') }
    if (Test-Row 22) { . (Join-Path $PSScriptRoot 'Bench.Outage.ps1') }
}
finally {
    Stop-MpsEmulator $limited
    Stop-MpsEmulator $open
}

$header = "| # | Measure | MpsAigc | Peer | Target | Met |`n|---|---|---|---|---|---|"
$body = $tableRows | Sort-Object { [int]$_.'#' } | ForEach-Object { "| $($_.'#') | $($_.Measure) | $($_.MpsAigc) | $($_.Peer) | $($_.Target) | $($_.Met) |" }
$table = (@("MpsAigc bench, $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC, median of $Runs runs ($([Environment]::ProcessorCount) cores)", '', $header) + $body) -join "`n"
Set-Content $OutFile $table
Write-Host $table
