# Rows 12 and 18 of the bench, dot-sourced by Bench.ps1 (its helpers and variables are in scope): downloads over
# TLS, where users' video links really are (https on COS); row 11, one large file over https, is served by nginx
# (Bench.Ranges.ps1). The emulator serves https with a certificate made for
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
