BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $package = Get-ChildItem (Join-Path $Root 'out/packages') -Filter 'MpsAigc.*.nupkg' | Select-Object -First 1
}

AfterAll { Stop-MpsEmulator $emulator }

Describe 'The package' {
    It 'installs by name with Install-PSResource from a folder repository, queries the emulator and downloads' {
        if ($PSVersionTable.PSEdition -eq 'Desktop') { Set-ItResult -Skipped -Because 'Install-PSResource ships with PowerShell 7.4+; the package''s install is tested there' }
        $package | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test packages the module first'
        # A fresh pwsh with its own HOME: the repository registration and the CurrentUser module path
        # are both temporary, so nothing of the user's is touched.
        $home_ = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-home-$([guid]::NewGuid())")
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name MpsAigcLocal -Uri '$($package.DirectoryName)' -Trusted
Install-PSResource -Name MpsAigc -Repository MpsAigcLocal -Scope CurrentUser -TrustRepository -Quiet
Import-Module MpsAigc
(Get-Module MpsAigc).ModuleBase
`$file = Save-MpsAigcVideo -TaskId done-installed -Endpoint '$($emulator.Url)' -Path (Join-Path '$($home_.FullName)' videos)
# PowerShell 7 loads the modern build, whose downloads use its own connections (no helper assembly loaded by reflection).
@([AppDomain]::CurrentDomain.GetAssemblies().Where({ `$_.GetName().Name -like 'MpsAigc*' }).Location | Sort-Object) -join ';'
`$file.Length
(Get-MpsAigcVideoTask done-installed -Endpoint '$($emulator.Url)').Status.ToString()
"@
        $saved = $env:HOME
        try {
            $env:HOME = $home_.FullName
            $output = & $PowerShellPath -NoProfile -NonInteractive -Command $script
        }
        finally { $env:HOME = $saved }

        $output[0] | Should -BeLike "$($home_.FullName)*"
        $output[1] | Should -Be ((Join-Path $output[0] 'bin/Core/MpsAigc.Core.dll'), (Join-Path $output[0] 'bin/Core/MpsAigc.dll') -join ';')
        $output[2] | Should -BeGreaterThan 0
        $output[-1] | Should -Be 'DONE'
        Remove-Item $home_ -Recurse -Force
    }
}
