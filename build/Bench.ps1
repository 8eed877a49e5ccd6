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
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')
Set-MpsEmulatorCredential
$pwsh = Join-Path $PSHOME 'pwsh'
$rows = [System.Collections.Generic.List[object]]::new()

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

function Add-Row($Number, $Measure, $Ours, $Peer, $Target, [bool] $Met) {
    $rows.Add([pscustomobject]@{ '#' = $Number; Measure = $Measure; MpsAigc = $Ours; Peer = $Peer; Target = $Target; Met = if ($Met) { 'yes' } else { 'NO' } })
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
    $result = & $pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1 | ConvertFrom-Json
    if ($result.count -ne $Count) { throw "Only $($result.count) of $Count tasks came back." }
    $result
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
    # Row 1: cold start.
    $null = & $pwsh -NoProfile -c exit
    $bare = Get-Median (1..5 | ForEach-Object { Measure-Seconds { & $pwsh -NoProfile -NonInteractive -c exit } })
    $withModule = Get-Median (1..5 | ForEach-Object {
            $n = $_
            Measure-Seconds { & $pwsh -NoProfile -NonInteractive -c "Import-Module '$ModulePath'; Get-MpsAigcVideoTask done-cold-$n -Endpoint '$($open.Url)' | Out-Null" }
        })
    $added = $withModule - $bare
    Add-Row 1 'Cold start: pwsh + Import-Module + one query, minus bare pwsh (s)' ('{0:0.000}' -f $added) ('bare pwsh {0:0.000}' -f $bare) '<= 0.150' ($added -le 0.15)

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

    # Row 3: 1,000 ids with no limits, beside the official Node SDK at the same concurrency.
    $ours = foreach ($run in 1..$Runs) { Invoke-Batch $open.Url 1000 "done-r3-$run" 0 16 }
    $node = foreach ($run in 1..$Runs) { Invoke-NodeBatch $open.Port 1000 "done-r3n-$run" 16 }
    $ourRate = Get-Median ($ours | ForEach-Object { 1000 / $_.elapsedSeconds })
    $nodeRate = Get-Median ($node | ForEach-Object { 1000 / $_.elapsedSeconds })
    $ourCpu = Get-Median ($ours | ForEach-Object { $_.cpuSeconds })
    $nodeCpu = Get-Median ($node | ForEach-Object { $_.cpuSeconds })
    Add-Row 3 '1,000 ids, no limits, 16 in flight: requests/s; CPU s per 1,000' ('{0:0} req/s; {1:0.00} CPU s' -f $ourRate, $ourCpu) ('Node SDK {0:0} req/s; {1:0.00} CPU s' -f $nodeRate, $nodeCpu) '>= 1.0x Node rate' ($ourRate -ge $nodeRate)
}
finally {
    Stop-MpsEmulator $limited
    Stop-MpsEmulator $open
}

$header = "| # | Measure | MpsAigc | Peer | Target | Met |`n|---|---|---|---|---|---|"
$body = $rows | ForEach-Object { "| $($_.'#') | $($_.Measure) | $($_.MpsAigc) | $($_.Peer) | $($_.Target) | $($_.Met) |" }
$table = (@("MpsAigc bench, $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC, median of $Runs runs ($([Environment]::ProcessorCount) cores)", '', $header) + $body) -join "`n"
Set-Content $OutFile $table
Write-Host $table
