# Starts and stops the bundled emulator as a process on a free loopback port; used by the demo, the
# benchmarks and the Pester suites.

function Start-MpsEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [string[]] $ArgumentList = @()
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    # One quoted string, not ArgumentList: Windows PowerShell's .NET Framework has no ArgumentList.
    $info.Arguments = @(@($EmulatorPath, '--port', '0') + $ArgumentList | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }) -join ' '
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    # The emulator prints "Listening on URL" first; on port 0 that is the only way to learn the port.
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(30)) -or $read.Result -notmatch 'Listening on (?<url>https?://\S+)') {
        $process.Kill()
        throw "The emulator did not start: $($read.Result)"
    }
    [pscustomobject]@{ Url = $Matches.url; Port = ([uri]$Matches.url).Port; Process = $process }
}

function Stop-MpsEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Get-MpsEmulatorStats {
    param($Emulator)
    Invoke-RestMethod "$($Emulator.Url)/_emulator/stats"
}

function Reset-MpsEmulator {
    param($Emulator)
    $null = Invoke-RestMethod -Method Post "$($Emulator.Url)/_emulator/reset"
}

# The emulator's built-in demo account: public by design, accepted by no real service.
$DemoSecretId = 'AKIDEMULATOR0000000000000000000000DEMO'
$DemoSecretKey = 'EmulatorDemoSecretKey0000000000000'

function Set-MpsEmulatorCredential {
    $env:TENCENTCLOUD_SECRET_ID = $DemoSecretId
    $env:TENCENTCLOUD_SECRET_KEY = $DemoSecretKey
    Remove-Item Env:TENCENTCLOUD_SESSION_TOKEN -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Start-MpsEmulator, Stop-MpsEmulator, Get-MpsEmulatorStats, Reset-MpsEmulator, Set-MpsEmulatorCredential -Variable DemoSecretId, DemoSecretKey
