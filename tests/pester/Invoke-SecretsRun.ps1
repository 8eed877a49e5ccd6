<#
.SYNOPSIS
    One run through every path the module has, success and error alike, with everything it can emit captured:
    all six streams, $Error, -Debug and -Verbose, a transcript, job streams, exception ToString(), the file
    names it writes. Prints the capture; Secrets.Tests.ps1 searches it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Folder
)
# The secrets come in the environment: on the command line they would be in the transcript's header.
$SecretId = $env:MPSAIGC_TEST_SECRET_ID
$SecretKey = $env:MPSAIGC_TEST_SECRET_KEY
$SessionToken = $env:MPSAIGC_TEST_SESSION_TOKEN
Remove-Item Env:MPSAIGC_TEST_SECRET_KEY, Env:MPSAIGC_TEST_SESSION_TOKEN, Env:TENCENTCLOUD_SECRET_ID, Env:TENCENTCLOUD_SECRET_KEY -ErrorAction SilentlyContinue
$ErrorActionPreference = 'Continue'
$DebugPreference = 'Continue'
$VerbosePreference = 'Continue'
$InformationPreference = 'Continue'
$WarningPreference = 'Continue'
$ProgressPreference = 'Continue'
$transcript = Join-Path $Folder 'transcript.txt'
$null = Start-Transcript -Path $transcript
Import-Module $ModulePath

$credential = [pscredential]::new($SecretId, (ConvertTo-SecureString $SecretKey -AsPlainText -Force))
$wrong = [pscredential]::new($SecretId, (ConvertTo-SecureString "$SecretKey-wrong" -AsPlainText -Force))
# RequestTimeoutSec only bounds a hang: no fault of this emulator is a slow answer or a stall.
$connection = @{ Endpoint = $Endpoint; Credential = $credential; SessionToken = $SessionToken; RequestTimeoutSec = 10 }
$capture = [System.Collections.Generic.List[string]]::new()

function Add-Capture($Records) {
    foreach ($record in @($Records)) {
        if ($null -eq $record) { continue }
        if ($record -is [System.Management.Automation.ErrorRecord]) {
            $capture.Add(($record | Out-String))
            $capture.Add($record.Exception.ToString())
            $capture.Add("$($record.ErrorDetails) $($record.CategoryInfo) $($record.FullyQualifiedErrorId) $($record.ScriptStackTrace)")
            $capture.Add(($record.TargetObject | Out-String))
        }
        elseif ($record -is [MpsAigc.VideoTask]) {
            # The task's VideoUrls are the data asked for; what is shown of a task is its default views.
            $capture.Add(($record | Format-Table | Out-String))
            $capture.Add(($record | Format-List | Out-String))
        }
        else {
            $capture.Add(($record | Out-String))
            $capture.Add(($record | Format-List * -Force | Out-String))
        }
    }
}

# Queries: good ids, unknown ids, malformed answers, invalid ids, a wrong key, a missing profile.
Add-Capture ('done-sec-1', 'done-v2-sec-2', 'nosuch-sec-3', 'bad-notjson-sec', 'bad-huge-sec', 'bad-status-sec', '', "a`tb" | Get-MpsAigcVideoTask @connection *>&1)
Add-Capture (Get-MpsAigcVideoTask 'done-sec-1' -Endpoint $Endpoint -Credential $wrong -SessionToken $SessionToken *>&1)
Add-Capture (Get-MpsAigcVideoTask 'done-sec-1' -Endpoint $Endpoint -Credential $credential *>&1)
Add-Capture (Get-MpsAigcVideoTask 'done-sec-1' -Endpoint $Endpoint -ProfileName nosuch *>&1)
Add-Capture (Get-MpsAigcVideoTask 'done-sec-1' -Endpoint 'http://example.com' -Credential $credential *>&1)
# Waits: done and failed (a minute, against a hang: the fault plan's retries take what a busy machine makes them), then
# timed out (a task that never ends, in a wait of its own).
Add-Capture ('done-after2polls-sec-4', 'fail-sec-5' | Wait-MpsAigcVideoTask @connection -Timeout 60 -PollInterval 0.2 *>&1)
Add-Capture ('wait-sec-6' | Wait-MpsAigcVideoTask @connection -Timeout 2 -PollInterval 0.2 *>&1)
# Saves: whole, cut and resumed, existing, -WhatIf, expired and tampered links, bad schemes, a redirect, a folder in the way.
$saveFolder = Join-Path $Folder 'videos'
Add-Capture ('done-sec-7', 'done-v2-sec-8', 'bad-redirect-sec', 'bad-ftpurl-sec', 'fail-sec-9' | Get-MpsAigcVideoTask @connection | Save-MpsAigcVideo @connection -Path $saveFolder *>&1)
Add-Capture (Save-MpsAigcVideo -TaskId 'done-sec-7' @connection -Path $saveFolder *>&1)
Add-Capture (Save-MpsAigcVideo -TaskId 'done-sec-10' @connection -Path $saveFolder -WhatIf *>&1)
$links = (Get-MpsAigcVideoTask 'done-sec-11', 'done-v2-sec-17' @connection).VideoUrls
$query = $links[0].Split('?')[1]
# Links without the API (no credentials needed): tampered (403), another scheme, and a good one.
Add-Capture (Save-MpsAigcVideo -Url ($links[1] -replace 'signature=', 'signature=0'), "ftp://127.0.0.1/x.mp4?$query", $links[0] -Path $saveFolder *>&1)
# Creates: done, refused by the content check, -WhatIf.
Add-Capture (New-MpsAigcVideoTask -Prompt 'a secret garden' -ModelName Kling @connection -Confirm:$false *>&1)
Add-Capture (New-MpsAigcVideoTask -Prompt 'forbidden' -ModelName Kling @connection -Confirm:$false *>&1)
Add-Capture (New-MpsAigcVideoTask -Prompt 'a cat' -ModelName Kling @connection -WhatIf *>&1)
# Session defaults hold the credential; showing them must not show it.
Set-MpsAigcDefault -Endpoint $Endpoint -Credential $credential -SessionToken $SessionToken
Add-Capture (Get-MpsAigcDefault *>&1)
Add-Capture (Get-MpsAigcDefault | Format-List * -Force | Out-String)
Add-Capture (Get-MpsAigcVideoTask 'done-sec-12' *>&1)
Set-MpsAigcDefault -Clear
# Jobs: every stream of a job that succeeds and fails, and of one that is stopped.
$job = 'done-sec-13', 'nosuch-sec-14' | Get-MpsAigcVideoTask @connection -AsJob
$null = Wait-Job $job -Timeout 60
Add-Capture (Receive-Job $job -Keep *>&1)
Add-Capture ($job.ChildJobs | ForEach-Object { $_.Error; $_.Verbose; $_.Debug; $_.Warning; $_.Information; $_.Progress })
Add-Capture ($job | Format-List * -Force | Out-String)
$save = Get-MpsAigcVideoTask 'done-sec-15' @connection | Save-MpsAigcVideo @connection -Path $saveFolder -AsJob
$null = Wait-Job $save -Timeout 60
Add-Capture (Receive-Job $save *>&1)
$slow = Wait-MpsAigcVideoTask -TaskId 'wait-sec-16' @connection -AsJob
Stop-Job $slow
Add-Capture (Receive-Job $slow *>&1)
Get-Job | Remove-Job -Force

Add-Capture $Error
$null = Stop-Transcript
$capture.Add((Get-Content $transcript -Raw))
# Every file name written.
$capture.Add(((Get-ChildItem $Folder -Recurse -Force).FullName -join "`n"))
$capture -join "`n"
