# The credential chain's role sources as a user meets them in one session: -RoleArn, TENCENTCLOUD_ROLE_ARN,
# Set-MpsAigcDefault -RoleArn/-StsEndpoint, Get-MpsAigcDefault, and what happens when keys cannot be renewed.
# (Long waits across many renewals: tests/hardening/RoleCredentials.Tests.ps1.)
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    $RoleArn = 'qcs::cam::uin/100000000001:roleName/mps-runbook'
    $emulator = Start-TestEmulator -ArgumentList '--credential', 'AKIDTCCLITOKEN00000000000000000000000:TccliKey0000:tccli-session-token'
    $endpoint = $emulator.Url

    function Get-Stat([string] $Path) {
        $value = Get-MpsEmulatorStats $emulator
        foreach ($part in $Path.Split('.')) { $value = $value.$part }
        [int]$value
    }
}

AfterAll { Stop-MpsEmulator $emulator }

Describe 'Assuming a role' {
    BeforeEach {
        Set-MpsEmulatorCredential
        $env:MPSAIGC_STS_ENDPOINT = $endpoint
        Reset-MpsEmulator $emulator
    }
    AfterEach {
        Remove-Item Env:MPSAIGC_STS_ENDPOINT, Env:TENCENTCLOUD_ROLE_ARN, Env:TENCENTCLOUD_ROLE_SESSION_NAME, Env:TENCENTCLOUD_TOKEN -ErrorAction SilentlyContinue
        Set-MpsAigcDefault -Clear
        Set-MpsEmulatorCredential
    }

    It '-RoleArn assumes the role with the keys the chain found, and every call is signed by the role' {
        $debug = 'done-r1', 'done-r2' | Get-MpsAigcVideoTask -Endpoint $endpoint -RoleArn $RoleArn -Debug 5>&1
        @($debug | Where-Object { $_ -is [MpsAigc.VideoTask] }).Count | Should -Be 2
        (($debug | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n") | Should -Match ([regex]::Escape("Credentials: AssumeRole $RoleArn"))
        Get-Stat 'CallsByCredentialKind.AssumeRole' | Should -Be 2
        Get-Stat 'CallsByCredentialKind.Permanent' | Should -Be 0
    }

    It 'TENCENTCLOUD_ROLE_ARN does the same, and later commands share the keys instead of asking STS again' {
        $env:TENCENTCLOUD_ROLE_ARN = $RoleArn
        $env:TENCENTCLOUD_ROLE_SESSION_NAME = 'pester-session'
        (Get-MpsAigcVideoTask done-e1 -Endpoint $endpoint).Status | Should -Be 'DONE'
        (Get-MpsAigcVideoTask done-e2 -Endpoint $endpoint).Status | Should -Be 'DONE'
        Get-Stat 'StsCalls.AssumeRole' | Should -Be 1
        Get-Stat 'CallsByCredentialKind.AssumeRole' | Should -Be 2
    }

    It 'Set-MpsAigcDefault -RoleArn -StsEndpoint applies to every command, and Get-MpsAigcDefault shows the source and its expiry' {
        Remove-Item Env:MPSAIGC_STS_ENDPOINT
        Set-MpsAigcDefault -RoleArn $RoleArn -StsEndpoint $endpoint -RoleDurationSeconds 3600
        (Get-MpsAigcVideoTask done-d1 -Endpoint $endpoint).Status | Should -Be 'DONE'
        $shown = Get-MpsAigcDefault
        $shown.RoleArn | Should -Be $RoleArn
        $shown.CredentialSource | Should -Be "AssumeRole $RoleArn"
        $shown.CredentialExpiration | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(50))
        $shown.CredentialExpiration | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddMinutes(61))
        Get-Stat 'CallsByCredentialKind.AssumeRole' | Should -Be 1
    }

    It 'a role STS refuses stops the command with one error that names the role and the reason' {
        $err = { 'done-x1', 'done-x2' | Get-MpsAigcVideoTask -Endpoint $endpoint -RoleArn 'not-a-role-arn' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'CredentialUnavailable,MpsAigc.Commands.GetMpsAigcVideoTaskCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'AssumeRole not-a-role-arn'
        $err.Exception.Message | Should -Match 'InvalidParameter'
        $err.Exception.Message | Should -Not -Match '\bat MpsAigc\.'
        Get-Stat 'CallsByCredentialKind.Permanent' | Should -Be 0
    }

    It 'reads the token tccli sets (TENCENTCLOUD_TOKEN) when TENCENTCLOUD_SESSION_TOKEN is not set' {
        $env:TENCENTCLOUD_SECRET_ID = 'AKIDTCCLITOKEN00000000000000000000000'
        $env:TENCENTCLOUD_SECRET_KEY = 'TccliKey0000'
        $env:TENCENTCLOUD_TOKEN = 'tccli-session-token'
        (Get-MpsAigcVideoTask done-t1 -Endpoint $endpoint).Status | Should -Be 'DONE'
    }
}

Describe 'Temporary keys that cannot be renewed' {
    BeforeAll {
        # Keys of 3 s, and an STS that is down from the moment the first keys are given.
        $short = Start-TestEmulator -ArgumentList '--temp-credential-lifetime-seconds', '3'
    }
    AfterAll {
        Stop-MpsEmulator $short
        Remove-Item Env:MPSAIGC_STS_ENDPOINT -ErrorAction SilentlyContinue
    }

    It 'ends every task of a wait with one CredentialUnavailable error naming the source once the keys have expired' {
        Set-MpsEmulatorCredential
        $env:MPSAIGC_STS_ENDPOINT = $short.Url
        $ids = 1..5 | ForEach-Object { "done-after30s-expire-$_" }
        $job = $ids | Wait-MpsAigcVideoTask -Endpoint $short.Url -RoleArn $RoleArn -PollInterval 0.5 -MaxPollInterval 1 -AsJob
        $null = Invoke-RestMethod -Method Post "$($short.Url)/_emulator/credential-outage?seconds=120"
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $done = $job | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable err
        $job | Remove-Job
        $done | Should -BeNullOrEmpty
        $err.Count | Should -Be 5
        $err.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'CredentialUnavailable'
        ($err.TargetObject | ForEach-Object { "$_" } | Sort-Object) | Should -Be ($ids | Sort-Object)
        $err[0].Exception.Message | Should -Match ([regex]::Escape("AssumeRole $RoleArn"))
        $err[0].Exception.Message | Should -Match 'InternalError'
    }
}
