# Rows 11, 12 and 18 of the bench, dot-sourced by Bench.ps1 (its helpers and variables are in scope): downloads over
# TLS, where users' video links really are (https on COS). The emulator serves https with a certificate made for
# this run; only this run's processes trust it (curl --cacert; .NET and pwsh read SSL_CERT_FILE on Linux). This
# process never speaks TLS: on Unix, .NET cannot change its own native environment, so child processes do.

$scratchRoot = if (Test-Path /dev/shm) { '/dev/shm' } else { [IO.Path]::GetTempPath() }
$scratch = Join-Path $scratchRoot "mpsaigc-bench-tls-$PID"
$null = New-Item -ItemType Directory $scratch -Force
$certificates = Join-Path $scratch 'emulators.pem'
$savedCertFile = $env:SSL_CERT_FILE
$tlsServers = @()
try {
    $tls = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--https', '--certificate-out', "$scratch/open.pem"
    $tlsServers += $tls
    $tlsThrottled = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--bandwidth', '25000000', '--https', '--certificate-out', "$scratch/throttled.pem"
    $tlsServers += $tlsThrottled
    Get-Content "$scratch/open.pem", "$scratch/throttled.pem" | Set-Content $certificates
    $env:SSL_CERT_FILE = $certificates

    # The links of some tasks, asked by a child pwsh (the one that trusts the certificate).
    function Get-TlsVideoUrl($Emulator, [string[]] $TaskIds) {
        (Invoke-Pwsh "Import-Module '$ModulePath'; @{ urls = @(Get-MpsAigcVideoTask '$($TaskIds -join "','")' -Endpoint '$($Emulator.Url)' | ForEach-Object { `$_.VideoUrls[0] }) } | ConvertTo-Json -Compress").urls
    }

    # Each tool's transfer of one file: bytes, seconds, CPU seconds (user + sys), peak memory.
    $measureChild = "`$process = Get-Process -Id `$PID; `$cpu = `$process.TotalProcessorTime; `$watch = [Diagnostics.Stopwatch]::StartNew()"
    $reportChild = "`$seconds = `$watch.Elapsed.TotalSeconds; `$process.Refresh(); `$status = Get-Content /proc/self/status
@{ bytes = (Get-Item 'SAVED_FILE').Length; seconds = `$seconds; cpu = (`$process.TotalProcessorTime - `$cpu).TotalSeconds; peakMiB = [int]([long]((`$status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024) } | ConvertTo-Json -Compress"
    $transfer = @{
        ours = {
            param($url)
            $result = Invoke-Pwsh ("Import-Module '$ModulePath'`n$measureChild`n`$null = Save-MpsAigcVideo -Url '$url' -Path '$scratch/ours' -FileName ours.mp4 -ProgressAction SilentlyContinue`n" + $reportChild.Replace('SAVED_FILE', "$scratch/ours/ours.mp4"))
            Remove-Item "$scratch/ours" -Recurse -Force
            $result
        }
        curl = {
            param($url)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & /usr/bin/time -f '%U %S %M' -o "$scratch/curl.time" curl -s --cacert $certificates -o "$scratch/curl.mp4" $url
            $seconds = $watch.Elapsed.TotalSeconds
            $user, $system, $peakKiB = (Get-Content "$scratch/curl.time" -Raw).Trim().Split(' ')
            [pscustomobject]@{ bytes = (Get-Item "$scratch/curl.mp4").Length; seconds = $seconds; cpu = [double]$user + [double]$system; peakMiB = [int]$peakKiB / 1024 }
            Remove-Item "$scratch/curl.mp4"
        }
        iwr = {
            param($url)
            $result = Invoke-Pwsh ("`$ProgressPreference = 'SilentlyContinue'`n$measureChild`nInvoke-WebRequest '$url' -OutFile '$scratch/iwr.mp4'`n" + $reportChild.Replace('SAVED_FILE', "$scratch/iwr.mp4"))
            Remove-Item "$scratch/iwr.mp4"
            $result
        }
    }

    if (Test-Row 11) {
        # Row 11: one 1 GiB video over https, each tool in turn in a rotating order (see row 6).
        $gib = 1GB
        $downloadRuns = [math]::Max($Runs, 5)
        $tools = 'ours', 'curl', 'iwr'
        $ids = foreach ($run in 1..$downloadRuns) { foreach ($tool in $tools) { "done-size$gib-r11-$run-$tool" } }
        $urls = @(Get-TlsVideoUrl $tls (@("done-size$gib-r11-warm") + $ids))
        # One unmeasured transfer first, so that no tool pays for the emulator's own warm-up.
        curl -s --cacert $certificates -o /dev/null $urls[0]
        $results = @{ ours = @(); curl = @(); iwr = @() }
        foreach ($run in 1..$downloadRuns) {
            foreach ($tool in (0..2 | ForEach-Object { $tools[($_ + $run - 1) % 3] })) {
                $url = $urls[1 + ($run - 1) * 3 + $tools.IndexOf($tool)]
                sync
                $results[$tool] += & $transfer[$tool] $url
            }
        }
        foreach ($tool in $tools) { if (@($results[$tool] | Where-Object bytes -NE $gib).Count) { throw "A 1 GiB https download by $tool came back short." } }
        $rate = @{}; $cpu = @{}
        foreach ($tool in $tools) {
            $rate[$tool] = Get-Median ($results[$tool] | ForEach-Object { $gib / $_.seconds / 1MB })
            $cpu[$tool] = Get-Median ($results[$tool] | ForEach-Object { $_.cpu })
        }
        $perRun = foreach ($tool in $tools) { ($results[$tool] | ForEach-Object { '{0:0}' -f ($gib / $_.seconds / 1MB) }) -join ', ' }
        Write-Host ('Row 11, MiB/s per run: ours {0}; curl {1}; Invoke-WebRequest {2}' -f $perRun)
        $ourPeak = Get-Median ($results.ours.peakMiB)
        $barePeak = (Get-IdlePwsh).peakMiB
        Add-Row 11 "1 GiB video over https (TLS on loopback) into $scratchRoot, median of $downloadRuns`: MiB/s; CPU s per GiB (user + sys); peak memory" `
            ('{0:0} MiB/s ({1:0.00}x curl); {2:0.00} CPU s ({3:0.00}x curl); pwsh peak {4} MiB ({5:+0;-0} MiB over bare pwsh)' -f $rate.ours, ($rate.ours / $rate.curl), $cpu.ours, ($cpu.ours / $cpu.curl), $ourPeak, ($ourPeak - $barePeak)) `
            ('curl -o {0:0} MiB/s, {1:0.00} CPU s; Invoke-WebRequest -OutFile {2:0} MiB/s, {3:0.00} CPU s' -f $rate.curl, $cpu.curl, $rate.iwr, $cpu.iwr) `
            '>= 0.9x curl; CPU <= 1.2x curl; <= bare + 150 MiB' (($rate.ours -ge 0.9 * $rate.curl) -and ($cpu.ours -le 1.2 * $cpu.curl) -and ($ourPeak - $barePeak -le 150))
    }

    if (Test-Row 12) {
        # Row 12: row 7 over https: 16 videos of 64 MiB, each connection capped at 25 MB/s.
        $size = 64MB
        $saveSeconds = @(); $loopSeconds = @()
        foreach ($run in 1..$Runs) {
            $ids = 1..16 | ForEach-Object { "done-size$size-r12-$run-$_" }
            $saveSeconds += (Invoke-Pwsh @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$files = '$($ids -join "','")' | Save-MpsAigcVideo -Endpoint '$($tlsThrottled.Url)' -Path '$scratch/save' -ProgressAction SilentlyContinue
@{ count = @(`$files).Count; seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@).seconds
            Remove-Item "$scratch/save" -Recurse -Force
            $urls = Get-TlsVideoUrl $tlsThrottled $ids
            $loopSeconds += (Invoke-Pwsh @"
`$ProgressPreference = 'SilentlyContinue'
`$null = New-Item -ItemType Directory '$scratch/iwr' -Force
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$i = 0
foreach (`$url in '$($urls -join "','")') { `$i++; Invoke-WebRequest `$url -OutFile "$scratch/iwr/`$i.mp4" }
@{ seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@).seconds
            Remove-Item "$scratch/iwr" -Recurse -Force
        }
        $save = Get-Median $saveSeconds
        $loop = Get-Median $loopSeconds
        Add-Row 12 '16 x 64 MiB over https, 25 MB/s per connection: elapsed' ('{0:0.0} s ({1:0.0}x faster)' -f $save, ($loop / $save)) ('foreach Invoke-WebRequest -OutFile: {0:0.0} s' -f $loop) '>= 3x faster' ($loop / $save -ge 3)
    }

    if (Test-Row 18) {
        # Row 18: row 1 where users really are, over https: the first query to a TLS endpoint, beside one
        # Invoke-RestMethod POST over https and the floor's POST over https. All pay for TLS's first use in the
        # process (loading OpenSSL, the trust store) as well as for the handshake.
        $commands = [ordered]@{
            Module = { param($n) "Import-Module '$ModulePath'; Get-MpsAigcVideoTask done-cold-tls-$n -Endpoint '$($tls.Url)' | Out-Null" }
            Rest   = { param($n) "Invoke-RestMethod -Method Post -Uri '$($tls.Url)' -ContentType application/json -Body '{`"TaskId`":`"done-cold-tls-$n`"}' -Headers @{ 'X-TC-Action' = 'DescribeAigcVideoTask' } | Out-Null" }
        }
        if ($FloorPath) {
            $commands.FloorView = { param($n) "Import-Module '$(Join-Path $FloorPath 'ColdStartFloorWithView.psd1')'; Get-FloorItem -Uri '$($tls.Url)' | Out-Null" }
        }
        $cold = Measure-ColdStarts $commands 11
        $peer = 'Invoke-RestMethod over https {0:0.000} s, inside {1:0.000} s; bare pwsh {2:0.000} s' -f $cold.Added.Rest, $cold.Inside.Rest, $cold.Bare
        if ($FloorPath) { $peer += '; the floor with one view, over https: ' + (Format-ColdStart $cold 'FloorView') }
        Add-Row 18 'Cold start over https (TLS on loopback): what Import-Module + one query adds to bare pwsh, beside one Invoke-RestMethod POST over https (s); timed from inside the process too' `
            (Format-ColdStart $cold 'Module') $peer '<= 0.5x Invoke-RestMethod' ($cold.Added.Module -le 0.5 * $cold.Added.Rest)
    }
}
finally {
    $env:SSL_CERT_FILE = $savedCertFile
    foreach ($server in $tlsServers) { Stop-MpsEmulator $server }
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
