BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    $commands = Get-Command -Module MpsAigc -CommandType Cmdlet
    $examples = foreach ($command in $commands) {
        $index = 0
        foreach ($example in (Get-Help $command.Name -Full).examples.example) {
            $index++
            @{ Command = $command.Name; Index = $index; Code = $example.code }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    # WhatIf and Confirm are documented where a cmdlet has them, as platyPS does.
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
}

AfterAll { Stop-MpsEmulator $emulator }

Describe 'Help of <_.Name>' -ForEach $commands {
    BeforeAll { $help = Get-Help $_.Name -Full; $command = $_ }

    It 'has a synopsis, a description, at least three examples, outputs and related links' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$($command.Name) *[<CommonParameters>]*"
        $help.description.Text | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        $help.returnValues.returnValue | Should -Not -BeNullOrEmpty
        $help.relatedLinks | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter, and no parameter that does not exist' {
        $actual = $command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object
        # A cmdlet without parameters of its own has an empty parameters section.
        $parameters = @($help.parameters.parameter | Where-Object { $_.name })
        $documented = $parameters.name | Sort-Object
        $documented | Should -Be $actual
        $parameters | ForEach-Object { $_.description.Text | Should -Not -BeNullOrEmpty -Because "-$($_.name) needs a description" }
    }
}

Describe 'Example <Index> of <Command>' -ForEach $examples {
    # An example may set session defaults; no other test should inherit them.
    AfterEach { Set-MpsAigcDefault -Clear }

    It 'runs against the emulator' {
        $endpoint = $emulator.Url
        $output = & ([scriptblock]::Create($Code)) 2>$null
        $output | Should -Not -BeNullOrEmpty
    }
}
