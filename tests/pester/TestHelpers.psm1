# Shared by the Pester suites: where the built module and emulator are, and the emulator's process helpers.
$Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$ModulePath = Join-Path $Root 'out/MpsAigc/MpsAigc.psd1'
$EmulatorPath = Join-Path $Root 'out/emulator/MpsAigc.Emulator.dll'
Import-Module (Join-Path $Root 'build/EmulatorProcess.psm1') -Force -Global

function Start-TestEmulator {
    param([string[]] $ArgumentList = @(), [int] $Port = 0)
    Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList $ArgumentList -Port $Port
}

Export-ModuleMember -Function Start-TestEmulator -Variable ModulePath, EmulatorPath, Root
