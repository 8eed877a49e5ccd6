# Shared by the Pester suites: where the built module and emulator are, and the emulator's process helpers.
$Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
# build.ps1 -Task Test sets MPSAIGC_TEST_MODULE for its second pass: the Windows PowerShell build under this pwsh.
$ModulePath = if ($env:MPSAIGC_TEST_MODULE) { $env:MPSAIGC_TEST_MODULE } else { Join-Path $Root 'out/MpsAigc/MpsAigc.psd1' }
$EmulatorPath = Join-Path $Root 'out/emulator/MpsAigc.Emulator.dll'
# The suites run in PowerShell 7 and in Windows PowerShell 5.1 (.github/workflows/windows.yml): a child process is
# the same PowerShell as this one, and $IsWindows is PowerShell 7's alone.
$PowerShellPath = if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' } else { Join-Path $PSHOME 'pwsh' }
$OnWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
Import-Module (Join-Path $Root 'build/EmulatorProcess.psm1') -Force -Global

function Start-TestEmulator {
    param([string[]] $ArgumentList = @())
    Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList $ArgumentList
}

Export-ModuleMember -Function Start-TestEmulator -Variable ModulePath, EmulatorPath, Root, PowerShellPath, OnWindows
