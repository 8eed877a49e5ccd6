# Windows PowerShell's loader (bin/Desktop/MpsAigc.psm1): it refuses a .NET Framework older than 4.7.2 with what to
# install, before the netstandard2.0 build loads. Its check is read from the built file and run here with the
# Release values the registry holds (Windows PowerShell does not enforce the manifest's DotNetFrameworkVersion).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $loader = Join-Path $Root 'out/MpsAigc/bin/Desktop/MpsAigc.psm1'
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($loader, [ref] $null, [ref] $null)
    $check = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Assert-NetFramework' }, $true)
    . ([scriptblock]::Create($check.Extent.Text))
}

Describe 'The Windows PowerShell loader' {
    It 'refuses .NET Framework <Name> and says what to install' -TestCases @(
        @{ Name = '4.6.2 (Windows Server 2016)'; Release = 394806 }
        @{ Name = '4.7.1'; Release = 461310 }
        @{ Name = 'none found'; Release = $null }
    ) {
        { Assert-NetFramework $Release } | Should -Throw '*needs .NET Framework 4.7.2 or later*Install .NET Framework 4.8*PowerShell 7.4*'
    }

    It 'accepts .NET Framework <Name>' -TestCases @(
        @{ Name = '4.7.2'; Release = 461808 }
        @{ Name = '4.8'; Release = 528040 }
        @{ Name = '4.8.1'; Release = 533320 }
    ) {
        { Assert-NetFramework $Release } | Should -Not -Throw
    }

    It 'is what the manifest loads for Windows PowerShell, and PowerShell 7 loads the net8.0 assembly alone' {
        $manifest = Get-Content (Join-Path $Root 'out/MpsAigc/MpsAigc.psd1') -Raw
        $manifest | Should -Match 'RootModule\s*=\s*"bin/\$PSEdition/MpsAigc"'
        @(Get-ChildItem (Join-Path $Root 'out/MpsAigc/bin/Core') -Filter 'MpsAigc.*' | Where-Object Extension -NE '.dll') | Should -BeNullOrEmpty
    }
}
