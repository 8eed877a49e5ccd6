# Every parameter of Set-MpsAigcDefault is a setting that Get-MpsAigcDefault shows back and that reaches the
# requests of a command given none of its own: what the emulator saw of it (a region, who signed, a role asked
# with a name and a length) is compared with what was set. A parameter added to Set-MpsAigcDefault without a
# case here fails the first test.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    $TemporaryId = 'AKIDROUNDTRIPTOKEN000000000000000000000'
    $emulator = Start-TestEmulator -ArgumentList '--credential', "${TemporaryId}:RoundTripKey0000:round-trip-token"
    $endpoint = $emulator.Url
    $profiles = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-roundtrip-$([guid]::NewGuid()).ini"
    Set-Content $profiles "[roundtrip]`nsecret_id = $DemoSecretId`nsecret_key = $DemoSecretKey`n"
    $journal = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-roundtrip-$([guid]::NewGuid()).jsonl"

    function New-Credential([string] $Id, [string] $Key) { [pscredential]::new($Id, (ConvertTo-SecureString $Key -AsPlainText -Force)) }
    function Get-RoleArn([string] $Name) { "qcs::cam::uin/100000000001:roleName/roundtrip-$($Name.ToLowerInvariant())" }

    # For each parameter: what the case sets (beside the endpoint), what Get-MpsAigcDefault shows of it, and
    # whether the calls the emulator answered for one query carry it.
    $Cases = @{
        Endpoint             = @{ Set = @{}; Shown = { $_.Endpoint -eq [uri]$endpoint }; Reached = { @($_ | Where-Object Action -EQ 'DescribeAigcVideoTask').Count -eq 1 } }
        Region               = @{ Set = @{ Region = 'ap-roundtrip' }; Shown = { $_.Region -eq 'ap-roundtrip' }; Reached = { $_[-1].Region -eq 'ap-roundtrip' } }
        Credential           = @{ Set = @{ Credential = (New-Credential $DemoSecretId $DemoSecretKey) }; NoEnvironmentKeys = $true; Shown = { $_.SecretId -eq $DemoSecretId }; Reached = { $_[-1].SecretId -eq $DemoSecretId } }
        SessionToken         = @{ Set = @{ Credential = (New-Credential $TemporaryId 'RoundTripKey0000'); SessionToken = 'round-trip-token' }; NoEnvironmentKeys = $true; Shown = { $_.HasSessionToken }; Reached = { $_[-1].SecretId -eq $TemporaryId -and $_[-1].HasToken } }
        ProfileName          = @{ Set = @{ ProfileName = 'roundtrip' }; NoEnvironmentKeys = $true; Shown = { $_.ProfileName -eq 'roundtrip' }; Reached = { $_[-1].SecretId -eq $DemoSecretId } }
        MaxRequestsPerSecond = @{ Set = @{ MaxRequestsPerSecond = 3 }; Ids = 9; Shown = { $_.MaxRequestsPerSecond -eq 3 }; Reached = { (Get-MpsEmulatorStats $emulator).MaxRequestsInOneSecond -le 3 } }
        RateLimitScope       = @{ Set = @{ RateLimitScope = 'Process' }; Shown = { $_.RateLimitScope -eq 'Process' }; Reached = { $script:debug -match "this process's own" } }
        RoleArn              = @{ Set = @{ RoleArn = (Get-RoleArn 'RoleArn'); StsEndpoint = $endpoint }; Shown = { $_.RoleArn -eq (Get-RoleArn 'RoleArn') }; Reached = { ($_ | Where-Object Action -EQ 'AssumeRole').RoleArn -eq (Get-RoleArn 'RoleArn') -and $_[-1].SecretId -ne $DemoSecretId } }
        RoleSessionName      = @{ Set = @{ RoleArn = (Get-RoleArn 'RoleSessionName'); StsEndpoint = $endpoint; RoleSessionName = 'round-trip' }; Shown = { $_.RoleSessionName -eq 'round-trip' }; Reached = { ($_ | Where-Object Action -EQ 'AssumeRole').RoleSessionName -eq 'round-trip' } }
        RoleDurationSeconds  = @{ Set = @{ RoleArn = (Get-RoleArn 'RoleDurationSeconds'); StsEndpoint = $endpoint; RoleDurationSeconds = 1800 }; Shown = { $_.RoleDurationSeconds -eq 1800 }; Reached = { ($_ | Where-Object Action -EQ 'AssumeRole').DurationSeconds -eq 1800 } }
        JournalPath          = @{ Set = @{ JournalPath = $journal }; Shown = { $_.JournalPath -eq $journal }; Run = { 'a journal round trip' | New-MpsAigcVideoTask -ModelName Kling }; Reached = { (Get-Content $journal -Raw) -match [regex]::Escape($script:output.TaskId) } }
        StsEndpoint          = @{ Set = @{ RoleArn = (Get-RoleArn 'StsEndpoint'); StsEndpoint = $endpoint }; Shown = { $_.StsEndpoint -eq [uri]$endpoint }; Reached = { @($_ | Where-Object Action -EQ 'AssumeRole').Count -eq 1 } }
    }
}

AfterAll {
    Set-MpsAigcDefault -Clear
    Remove-Item Env:TENCENTCLOUD_CREDENTIALS_FILE -ErrorAction SilentlyContinue
    Remove-Item $profiles, $journal, "$journal.lock" -ErrorAction SilentlyContinue
    Set-MpsEmulatorCredential
    Stop-MpsEmulator $emulator
}

Describe 'Every setting of Set-MpsAigcDefault' {
    It 'has a case here' {
        $notSettings = @('Clear', 'PassThru') + [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $parameters = (Get-Command Set-MpsAigcDefault).Parameters.Keys | Where-Object { $_ -notin $notSettings } | Sort-Object
        $parameters | Should -Be ($Cases.Keys | Sort-Object)
    }

    It '<_> round-trips through Get-MpsAigcDefault and reaches a request' -ForEach @(
        'Endpoint', 'Region', 'Credential', 'SessionToken', 'ProfileName', 'MaxRequestsPerSecond', 'RateLimitScope', 'RoleArn', 'RoleSessionName', 'RoleDurationSeconds', 'StsEndpoint', 'JournalPath'
    ) {
        $case = $Cases[$_]
        Set-MpsEmulatorCredential
        if ($case.NoEnvironmentKeys) { Remove-Item Env:TENCENTCLOUD_SECRET_ID, Env:TENCENTCLOUD_SECRET_KEY }
        $env:TENCENTCLOUD_CREDENTIALS_FILE = $profiles
        Reset-MpsEmulator $emulator
        try {
            $settings = $case.Set.Clone()
            $settings.Endpoint = $endpoint
            Set-MpsAigcDefault @settings

            Get-MpsAigcDefault | ForEach-Object $case.Shown | Should -BeTrue
            if ($case.Run) {
                $script:output = & $case.Run
            }
            else {
                $ids = 1..$(if ($case.Ids) { $case.Ids } else { 1 }) | ForEach-Object { "done-roundtrip-$_" }
                $script:debug = ($ids | Get-MpsAigcVideoTask -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n"
            }
            , (Get-MpsEmulatorStats $emulator).RecentCalls | ForEach-Object $case.Reached | Should -BeTrue
        }
        finally {
            Set-MpsAigcDefault -Clear
            Remove-Item Env:TENCENTCLOUD_CREDENTIALS_FILE -ErrorAction SilentlyContinue
            Set-MpsEmulatorCredential
        }
    }
}
