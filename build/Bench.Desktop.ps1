# Row 26 of the Bench (dot-sourced by Bench.ps1): the Windows PowerShell build (bin/Desktop: netstandard2.0, its
# loader bin/Desktop/MpsAigc.psm1) beside the PowerShell 7 build (bin/Core: net8.0, ReadyToRun), the same workload in
# the same pwsh on this machine: 1,000 queries, then one 1 GiB download. Both run on .NET 10 here: this measures
# what the netstandard2.0 build costs by itself (no ReadyToRun, the platform's HTTP handler instead of the
# coalescing one), not .NET Framework, which cannot run on Linux.

if (Test-Row 26) {
    # The built module with its manifest naming bin/Desktop for every edition (as build.ps1 -Task Test makes it).
    $desktopFolder = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-bench-desktop-$PID/MpsAigc"
    $null = New-Item -ItemType Directory $desktopFolder -Force
    Copy-Item (Join-Path (Split-Path $ModulePath) '*') $desktopFolder -Recurse -Force
    $desktopManifest = Join-Path $desktopFolder 'MpsAigc.psd1'
    Set-Content $desktopManifest (Get-Content $desktopManifest -Raw).Replace('"bin/$PSEdition/MpsAigc"', '"bin/Desktop/MpsAigc"') -NoNewline
    $bulk = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--rate-limit', '0', '--video-bytes', '1073741824'
    try {
        $builds = [ordered]@{ Core = $ModulePath; Desktop = $desktopManifest }
        $measured = @{ Core = @(); Desktop = @() }
        foreach ($run in 1..$Runs) {
            # Alternating, so that a busy moment of the machine falls on both alike.
            foreach ($build in $builds.Keys) {
                $folder = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-bench26-$build-$run"
                $measured[$build] += Invoke-Pwsh @"
Import-Module '$($builds[$build])'
`$process = Get-Process -Id `$PID
`$cpu = `$process.TotalProcessorTime
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$tasks = 1..1000 | ForEach-Object { 'done-b26-$build-$run-' + `$_ } | Get-MpsAigcVideoTask -Endpoint '$($bulk.Url)' -MaxRequestsPerSecond 0 -ThrottleLimit 16
`$queries = `$watch.Elapsed.TotalSeconds
`$process.Refresh(); `$queryCpu = (`$process.TotalProcessorTime - `$cpu).TotalSeconds
`$cpu = `$process.TotalProcessorTime; `$watch.Restart()
`$file = Save-MpsAigcVideo -TaskId 'done-b26-file-$build-$run' -Endpoint '$($bulk.Url)' -Path '$folder' -ProgressAction SilentlyContinue
`$download = `$watch.Elapsed.TotalSeconds
`$process.Refresh()
@{ count = @(`$tasks).Count; bytes = `$file.Length; querySeconds = `$queries; queryCpu = `$queryCpu; downloadSeconds = `$download; downloadCpu = (`$process.TotalProcessorTime - `$cpu).TotalSeconds } | ConvertTo-Json -Compress
"@
                Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
                $last = $measured[$build][-1]
                if ($last.count -ne 1000 -or $last.bytes -ne 1073741824) { throw "The $build build returned $($last.count) of 1000 tasks and $($last.bytes) bytes." }
            }
        }
        $median = @{}
        foreach ($build in $builds.Keys) {
            $median[$build] = [pscustomobject]@{
                Queries = Get-Median $measured[$build].querySeconds; QueryCpu = Get-Median $measured[$build].queryCpu
                Download = Get-Median $measured[$build].downloadSeconds; DownloadCpu = Get-Median $measured[$build].downloadCpu
            }
        }
        $d = $median.Desktop; $c = $median.Core
        Add-Row 26 'The Windows PowerShell build (netstandard2.0) beside the PowerShell 7 build, both under this pwsh on .NET 10: 1,000 queries at -ThrottleLimit 16, then a 1 GiB download; elapsed and CPU' `
            ('Desktop build: queries {0:0.00} s ({1:0.00}x), CPU {2:0.00} s ({3:0.00}x); download {4:0.00} s ({5:0.00}x), CPU {6:0.00} s ({7:0.00}x)' -f $d.Queries, ($d.Queries / $c.Queries), $d.QueryCpu, ($d.QueryCpu / $c.QueryCpu), $d.Download, ($d.Download / $c.Download), $d.DownloadCpu, ($d.DownloadCpu / $c.DownloadCpu)) `
            ('Core build: queries {0:0.00} s, CPU {1:0.00} s; download {2:0.00} s, CPU {3:0.00} s' -f $c.Queries, $c.QueryCpu, $c.Download, $c.DownloadCpu) `
            'a figure to state (README), not a target: .NET Framework is not measured here' $true
    }
    finally {
        Stop-MpsEmulator $bulk
        Remove-Item (Split-Path $desktopFolder) -Recurse -Force -ErrorAction SilentlyContinue
    }
}
