# Shared by the Pester suites: where the built module and emulator are, and an emulator per suite.
$Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$ModulePath = Join-Path $Root 'out/MpsAigc/MpsAigc.psd1'
$EmulatorPath = Join-Path $Root 'out/emulator/MpsAigc.Emulator.dll'
$DemoSecretId = 'AKIDEMULATOR0000000000000000000000DEMO'
$DemoSecretKey = 'EmulatorDemoSecretKey0000000000000'

function Start-TestEmulator {
    param([string[]] $ArgumentList = @())
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($EmulatorPath, '--port', '0') + $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(30)) -or $read.Result -notmatch 'Listening on (?<url>http://\S+)') {
        $process.Kill()
        throw "The emulator did not start: $($read.Result)"
    }
    [pscustomobject]@{ Url = $Matches.url; Process = $process }
}

function Stop-TestEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Get-EmulatorStats {
    param($Emulator)
    Invoke-RestMethod "$($Emulator.Url)/_emulator/stats"
}

function Reset-Emulator {
    param($Emulator)
    $null = Invoke-RestMethod -Method Post "$($Emulator.Url)/_emulator/reset"
}

function Set-DemoCredential {
    $env:TENCENTCLOUD_SECRET_ID = $DemoSecretId
    $env:TENCENTCLOUD_SECRET_KEY = $DemoSecretKey
    Remove-Item Env:TENCENTCLOUD_SESSION_TOKEN -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function * -Variable ModulePath, EmulatorPath, DemoSecretId, DemoSecretKey, Root
