<#
.SYNOPSIS
    A runbook with no static key: ids -> Get | Wait | Save on temporary keys that expire every few seconds, in a
    fresh pwsh whose only credential is the role of -Scenario. Everything it emits goes to a transcript (with
    -Debug and -Verbose); the summary is written to summary.json in -Folder. RoleCredentials.Tests.ps1 reads both.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Folder,
    [Parameter(Mandatory)] [ValidateSet('AssumeRole', 'CvmRole', 'TkeOidc')] [string] $Scenario,
    [int] $Count = 30,
    # Each task is DONE this many seconds after its first query: the run lasts several key lifetimes.
    [int] $TaskSeconds = 20,
    [string] $TokenFile
)
# The rotated OIDC token comes in the environment: on the command line it would be in the transcript's header.
$rotatedToken = $env:MPSAIGC_TEST_ROTATED_TOKEN
Remove-Item Env:MPSAIGC_TEST_ROTATED_TOKEN -ErrorAction SilentlyContinue
# No static key anywhere: every credential variable the chain reads is cleared, the profile file points nowhere.
Get-ChildItem Env: | Where-Object Name -Match '^(TENCENTCLOUD_|TKE_)' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
$env:TENCENTCLOUD_CREDENTIALS_FILE = Join-Path $Folder 'no-such-credentials'
$env:MPSAIGC_STS_ENDPOINT = $Endpoint
$roleArn = 'qcs::cam::uin/100000000001:roleName/mps-runbook'
switch ($Scenario) {
    'AssumeRole' {
        # A CI leg: base keys from its secret store (the emulator's demo account), and the role it works as.
        $env:TENCENTCLOUD_SECRET_ID = 'AKIDEMULATOR0000000000000000000000DEMO'
        $env:TENCENTCLOUD_SECRET_KEY = 'EmulatorDemoSecretKey0000000000000'
        $env:TENCENTCLOUD_ROLE_ARN = $roleArn
    }
    'CvmRole' { $env:MPSAIGC_METADATA_ENDPOINT = $Endpoint }
    'TkeOidc' {
        # A pod: the node's CVM role answers too, and must lose to the pod's own.
        $env:MPSAIGC_METADATA_ENDPOINT = $Endpoint
        $env:TKE_REGION = 'ap-guangzhou'
        $env:TKE_PROVIDER_ID = 'tke-oidc-provider'
        $env:TKE_WEB_IDENTITY_TOKEN_FILE = $TokenFile
        $env:TKE_ROLE_ARN = $roleArn
    }
}
$ErrorActionPreference = 'Continue'
$DebugPreference = 'Continue'
$VerbosePreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$null = Start-Transcript -Path (Join-Path $Folder 'transcript.txt')
Import-Module $ModulePath

$watch = [Diagnostics.Stopwatch]::StartNew()
$ids = 1..$Count | ForEach-Object { "done-after${TaskSeconds}s-$Scenario-$_" }
$videos = Join-Path $Folder 'videos'
$failed = [System.Collections.Generic.List[object]]::new()
$wait = @{ PollInterval = 1; MaxPollInterval = 2 }
$files = switch ($Scenario) {
    'AssumeRole' {
        # Every stage in a background job: the jobs renew the keys as the pipeline would.
        $tasks = $ids | Get-MpsAigcVideoTask -Endpoint $Endpoint -AsJob | Receive-Job -Wait -ErrorVariable +failed
        $done = $tasks | Wait-MpsAigcVideoTask @wait -AsJob | Receive-Job -Wait -ErrorVariable +failed
        $done | Save-MpsAigcVideo -Path $videos -AsJob | Receive-Job -Wait -ErrorVariable +failed
    }
    'CvmRole' {
        $ids | Get-MpsAigcVideoTask -Endpoint $Endpoint -ErrorVariable +failed | Wait-MpsAigcVideoTask @wait -ErrorVariable +failed |
            Save-MpsAigcVideo -Path $videos -ErrorVariable +failed
    }
    'TkeOidc' {
        # The cluster rotates the token half way through; every renewal after that must read the new one.
        $job = $ids | Get-MpsAigcVideoTask -Endpoint $Endpoint -ErrorVariable +failed | Wait-MpsAigcVideoTask @wait -AsJob
        Start-Sleep -Seconds ([math]::Floor($TaskSeconds / 2))
        Set-Content -Path $TokenFile -Value $rotatedToken -NoNewline
        $job | Receive-Job -Wait -ErrorVariable +failed | Save-MpsAigcVideo -Path $videos -ErrorVariable +failed
    }
}
$defaults = Get-MpsAigcDefault
$defaults | Format-List | Out-String | Write-Host
Get-Job | Remove-Job -Force
$null = Stop-Transcript
[pscustomobject]@{
    Files = @($files | Where-Object { $_ -is [System.IO.FileInfo] }).Count
    FileNames = @($files | ForEach-Object Name)
    Errors = @($failed | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    CredentialSource = $defaults.CredentialSource
    CredentialExpires = [bool]$defaults.CredentialExpiration
    Seconds = $watch.Elapsed.TotalSeconds
} | ConvertTo-Json | Set-Content (Join-Path $Folder 'summary.json')
