# Rows 11, 23, 24 and 25 of the Bench, dot-sourced by Bench.ps1 (its helpers and variables are in scope): one large
# file at the speed of the link. A benchmark must let the fastest peer run at the speed this machine allows, so
# these rows download from nginx, a real server that is not the limit (the emulator's TLS gives curl a third of what
# nginx does), on loopback, on a free port, with a configuration generated under out/; nginx, aria2 and the other
# peers are installed with apt-get when missing. Only this run's processes trust the server's certificate (curl
# --cacert, SSL_CERT_FILE for .NET and pwsh). Each row prints its peers' figures beside ours, in one run. Its variables
# have names of their own: Bench.ps1's ($limited, $open) are stopped after it.

Import-Module (Join-Path $PSScriptRoot 'NginxProcess.psm1')
Install-BenchTool @{ nginx = 'nginx'; aria2c = 'aria2'; curl = 'curl'; openssl = 'openssl'; '/usr/bin/time' = 'time' }

$rangeScratchRoot = if (Test-Path /dev/shm) { '/dev/shm' } else { [IO.Path]::GetTempPath() }
$rangeScratch = Join-Path $rangeScratchRoot "mpsaigc-bench-ranges-$PID"
$served = Join-Path $rangeScratch 'served'
$null = New-Item -ItemType Directory $served -Force
$configFolder = Split-Path $OutFile
$savedCertFile = $env:SSL_CERT_FILE
$rangeServers = @()

# A file of random bytes for the servers to serve, and its hash.
function New-ServedFile([string] $Name, [long] $Bytes) {
    $path = Join-Path $served $Name
    & head -c $Bytes /dev/urandom > $path
    [pscustomobject]@{ Name = $Name; Path = $path; Bytes = $Bytes; Hash = (Get-FileHash $path).Hash }
}

# One download by one tool, in a child process where the tool is .NET: MiB/s, CPU seconds (user + sys), peak
# memory, and whether the bytes are the served file's.
function Invoke-Download([string] $Tool, [string] $Url, $File, [string] $Arguments = '') {
    $target = Join-Path $rangeScratch "got-$Tool"
    $null = New-Item -ItemType Directory $target -Force
    $saved = Join-Path $target $File.Name
    $watch = [Diagnostics.Stopwatch]::StartNew()
    switch ($Tool) {
        { $_ -in 'ours', 'oursOne' } {
            $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$process = Get-Process -Id `$PID; `$cpu = `$process.TotalProcessorTime; `$watch = [Diagnostics.Stopwatch]::StartNew()
`$null = Save-MpsAigcVideo -Url '$Url' -Path '$target' -FileName '$($File.Name)' -ProgressAction SilentlyContinue $Arguments
`$seconds = `$watch.Elapsed.TotalSeconds; `$process.Refresh(); `$status = Get-Content /proc/self/status
@{ seconds = `$seconds; cpu = (`$process.TotalProcessorTime - `$cpu).TotalSeconds; peakMiB = [int]([long]((`$status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024) } | ConvertTo-Json -Compress
"@
        }
        'iwr' {
            $result = Invoke-Pwsh @"
`$ProgressPreference = 'SilentlyContinue'
`$process = Get-Process -Id `$PID; `$cpu = `$process.TotalProcessorTime; `$watch = [Diagnostics.Stopwatch]::StartNew()
Invoke-WebRequest '$Url' -OutFile '$saved'
`$seconds = `$watch.Elapsed.TotalSeconds; `$process.Refresh(); `$status = Get-Content /proc/self/status
@{ seconds = `$seconds; cpu = (`$process.TotalProcessorTime - `$cpu).TotalSeconds; peakMiB = [int]([long]((`$status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024) } | ConvertTo-Json -Compress
"@
        }
        default {
            $command = if ($Tool -eq 'aria2') { @('aria2c', '-q', '-x8', '-s8', '--allow-overwrite=true', '--file-allocation=none', '--ca-certificate', $env:SSL_CERT_FILE, '-d', $target, '-o', $File.Name, $Url) }
            else { @('curl', '-s', '--cacert', $env:SSL_CERT_FILE, '-o', $saved, $Url) }
            $timeLog = Join-Path $rangeScratch 'time.log'
            & /usr/bin/time -f '%U %S %M' -o $timeLog @command
            $seconds = $watch.Elapsed.TotalSeconds
            $user, $system, $peakKiB = (Get-Content $timeLog -Raw).Trim().Split(' ')
            $result = [pscustomobject]@{ seconds = $seconds; cpu = [double]$user + [double]$system; peakMiB = [int]$peakKiB / 1024 }
        }
    }
    $whole = (Test-Path $saved) -and (Get-FileHash $saved).Hash -eq $File.Hash
    Remove-Item $target -Recurse -Force
    [pscustomobject]@{ Tool = $Tool; MiBps = $File.Bytes / 1MB / $result.seconds; Cpu = $result.cpu; PeakMiB = $result.peakMiB; Whole = $whole }
}

# RUNS downloads of each tool, in an order that rotates every run (see row 6), with every figure printed.
function Measure-Downloads([string[]] $Tools, [string] $Url, $File, [hashtable] $Arguments, [int] $Count, [string] $Row) {
    $results = @{}
    foreach ($tool in $Tools) { $results[$tool] = @() }
    foreach ($run in 1..$Count) {
        foreach ($tool in (0..($Tools.Count - 1) | ForEach-Object { $Tools[($_ + $run - 1) % $Tools.Count] })) {
            sync
            $results[$tool] += Invoke-Download $tool $Url $File $Arguments[$tool]
        }
    }
    foreach ($tool in $Tools) {
        if (@($results[$tool] | Where-Object { -not $_.Whole }).Count) { throw "Row ${Row}: a download by $tool is not the served file." }
    }
    Write-Host ("Row ${Row}, MiB/s per run: " + (($Tools | ForEach-Object { "$_ " + (($results[$_] | ForEach-Object { '{0:0}' -f $_.MiBps }) -join ', ') }) -join '; '))
    $summary = @{}
    foreach ($tool in $Tools) {
        $summary[$tool] = [pscustomobject]@{ MiBps = Get-Median ($results[$tool].MiBps); Cpu = Get-Median ($results[$tool].Cpu); PeakMiB = Get-Median ($results[$tool].PeakMiB) }
    }
    $summary
}

try {
    $certificate = New-LoopbackCertificate (Join-Path $rangeScratch 'certificate')
    $env:SSL_CERT_FILE = $certificate.Certificate

    if (Test-Row 23) {
        # Row 23: one 256 MiB file from a server that limits each connection to 16 MiB/s, as a distant bucket
        # limits one TCP stream: Save beside aria2 -x8 -s8 (the same eight connections) and curl (one).
        $file = New-ServedFile 'limited.bin' 256MB
        $rateLimited = Start-Nginx -Root $served -ConfigFolder $configFolder -RateLimit 16MB
        $rangeServers += $rateLimited
        $figures = Measure-Downloads 'ours', 'aria2', 'curl' "$($rateLimited.Url)/$($file.Name)" $file @{} ([math]::Max($Runs, 3)) 23
        Add-Row 23 'One 256 MiB file, nginx limiting each connection to 16 MiB/s: MiB/s, every copy byte-identical' `
            ('{0:0} MiB/s ({1:0.00}x aria2, {2:0.0}x curl)' -f $figures.ours.MiBps, ($figures.ours.MiBps / $figures.aria2.MiBps), ($figures.ours.MiBps / $figures.curl.MiBps)) `
            ('aria2c -x8 -s8 {0:0} MiB/s; curl {1:0} MiB/s' -f $figures.aria2.MiBps, $figures.curl.MiBps) `
            '>= 0.9x aria2' ($figures.ours.MiBps -ge 0.9 * $figures.aria2.MiBps)
        Remove-Item $file.Path
    }

    if (Test-Row 11, 24) {
        # Rows 11 and 24: one 1 GiB file over https from nginx, which serves curl as fast as this machine allows.
        # Row 11 holds Save to one connection, as curl has: what .NET's TLS reading costs beside OpenSSL's in curl.
        # Row 24 is Save as it comes, its ranges on several connections.
        $file = New-ServedFile 'big.bin' 1GB
        $tlsServer = Start-Nginx -Root $served -ConfigFolder $configFolder -Certificate $certificate
        $rangeServers += $tlsServer
        $url = "$($tlsServer.Url)/$($file.Name)"
        $null = & curl -s --cacert $certificate.Certificate -o /dev/null $url
        $tools = @('curl', 'iwr') + @(if (Test-Row 11) { 'oursOne' }) + @(if (Test-Row 24) { 'ours' })
        $figures = Measure-Downloads $tools $url $file @{ oursOne = '-ConnectionLimit 1' } ([math]::Max($Runs, 5)) '11/24'
        $barePeak = (Get-IdlePwsh).peakMiB
        $peers = 'curl {0:0} MiB/s, {1:0.00} CPU s; Invoke-WebRequest -OutFile {2:0} MiB/s, {3:0.00} CPU s' -f $figures.curl.MiBps, $figures.curl.Cpu, $figures.iwr.MiBps, $figures.iwr.Cpu
        foreach ($row in @(11, 24 | Where-Object { Test-Row $_ })) {
            $ours = if ($row -eq 11) { $figures.oursOne } else { $figures.ours }
            $measure = if ($row -eq 11) { 'One 1 GiB file over https from nginx on one connection (-ConnectionLimit 1), into ' } else { 'One 1 GiB file over https from nginx, Save as it comes (ranges), into ' }
            Add-Row $row ($measure + "$rangeScratchRoot, median of $([math]::Max($Runs, 5)): MiB/s; CPU s per GiB (user + sys); peak memory") `
                ('{0:0} MiB/s ({1:0.00}x curl); {2:0.00} CPU s ({3:0.00}x curl); pwsh peak {4} MiB ({5:+0;-0} MiB over bare pwsh)' -f $ours.MiBps, ($ours.MiBps / $figures.curl.MiBps), $ours.Cpu, ($ours.Cpu / $figures.curl.Cpu), $ours.PeakMiB, ($ours.PeakMiB - $barePeak)) `
                $peers $(if ($row -eq 11) { '>= 0.9x curl; CPU <= 1.2x curl; <= bare + 150 MiB' } else { '>= 1.0x curl; <= bare + 150 MiB' }) `
                $(if ($row -eq 11) { ($ours.MiBps -ge 0.9 * $figures.curl.MiBps) -and ($ours.Cpu -le 1.2 * $figures.curl.Cpu) -and ($ours.PeakMiB - $barePeak -le 150) } else { ($ours.MiBps -ge $figures.curl.MiBps) -and ($ours.PeakMiB - $barePeak -le 150) })
        }
        Remove-Item $file.Path
    }

    if (Test-Row 25) {
        # Row 25: row 23's file from the emulator, whose faults cut half of its answers after 8 MB: several ranges
        # are cut at once. A cut range resumes after what it delivered, so what comes twice is far under a range.
        $size = 256MB
        $cutAfter = 8000000
        $cutting = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--video-bytes', $size, '--bandwidth', 16MB, '--cut-share', '0.5', '--cut-after-bytes', $cutAfter
        try {
            $outcomes = foreach ($run in 1..$Runs) {
                Reset-MpsEmulator $cutting
                $id = "done-r25-$run"
                $folder = Join-Path $rangeScratch 'flaky'
                $result = Invoke-Pwsh "Import-Module '$ModulePath'; `$file = Save-MpsAigcVideo -TaskId '$id' -Endpoint '$($cutting.Url)' -Path '$folder' -ProgressAction SilentlyContinue; @{ hash = (Get-FileHash `$file.FullName).Hash } | ConvertTo-Json -Compress"
                $stats = Get-MpsEmulatorStats $cutting
                Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
                [pscustomobject]@{ Whole = $result.hash -eq (Invoke-RestMethod "$($cutting.Url)/_emulator/sha256/videos/$id/1.mp4"); Cuts = $stats.CutResponses; Again = $stats.VideoBytesServed - $size }
            }
            $range = $size / 8
            $allWhole = -not @($outcomes | Where-Object { -not $_.Whole }).Count
            $underOneRange = -not @($outcomes | Where-Object { $_.Cuts -lt 1 -or $_.Again -gt $_.Cuts * $range }).Count
            Add-Row 25 "Row 23's file (256 MiB, 16 MiB/s per connection) from the emulator cutting half its answers after 8 MB: whole; bytes fetched twice" `
                (($outcomes | ForEach-Object { '{0}, {1} cuts, {2:N0} bytes twice ({3:N0} per cut)' -f $(if ($_.Whole) { 'whole and hash-correct' } else { 'NOT WHOLE' }), $_.Cuts, $_.Again, ($_.Again / [math]::Max(1, $_.Cuts)) }) -join '; ') `
                ('one range: {0:N0} bytes' -f $range) 'whole and hash-correct; bytes twice < one range per cut' ($allWhole -and $underOneRange)
        }
        finally { Stop-MpsEmulator $cutting }
    }
}
finally {
    $env:SSL_CERT_FILE = $savedCertFile
    foreach ($server in $rangeServers) { Stop-Nginx $server }
    Remove-Item $rangeScratch -Recurse -Force -ErrorAction SilentlyContinue
}
