# One run that takes every path, success and error, and everything it emits searched for secrets.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $secretId = 'AKIDSECRETSTEST0000000000000000000000'
    $secretKey = 'TopSecretKeyNeverShown0123456789'
    $token = 'TopSecretSessionTokenNeverShown0123456789'
    # A fifth of API answers and a third of downloads go wrong, so retries and resumes speak in -Verbose.
    $emulator = Start-TestEmulator -ArgumentList '--credential', "${secretId}:${secretKey}:$token", '--video-bytes', '100000', '--cut-after-bytes', '30000',
        '--api-fault-share', '0.2', '--api-faults', '502,drop,internal,limit', '--download-fault-share', '0.34', '--download-faults', 'cut,length'
    $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-secrets-$([guid]::NewGuid())")).FullName
    $pwsh = $PowerShellPath
    $env:MPSAIGC_TEST_SECRET_ID = $secretId; $env:MPSAIGC_TEST_SECRET_KEY = $secretKey; $env:MPSAIGC_TEST_SESSION_TOKEN = $token
    try {
        $capture = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-SecretsRun.ps1') -ModulePath $ModulePath -Endpoint $emulator.Url -Folder $folder 2>&1 | Out-String
    }
    finally { Remove-Item Env:MPSAIGC_TEST_SECRET_ID, Env:MPSAIGC_TEST_SECRET_KEY, Env:MPSAIGC_TEST_SESSION_TOKEN }
    $served = Get-MpsEmulatorStats $emulator
}

AfterAll {
    Stop-MpsEmulator $emulator
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Secrets in a run that takes every path' {
    It 'took the paths: errors, retries, resumes, jobs and the transcript are all in the capture' {
        foreach ($expected in 'ResourceNotFound.TaskNotFound', 'InvalidResponse', 'UnknownTaskStatus', 'InvalidTaskId', 'AuthFailure.SignatureFailure', 'ProfileNotFound',
            'InvalidEndpoint', 'TaskFailed', 'WaitTimeout', 'RedirectRefused', 'InvalidUrl', 'TaskNotDone', 'FileExists', 'VideoUrlExpired', 'retrying in', 'resuming from',
            'Credentials: SecretId', 'Credentials: none', 'PowerShell transcript start', 'What if') {
            $capture | Should -Match ([regex]::Escape($expected)) -Because "the run must reach $expected"
        }
        # The refused prompt meets a fault or the content check, as the fault plan falls.
        $capture | Should -Match 'InvalidParameter\.ViolationContent|OutcomeUnknown'
        $served.ApiFaults | Should -BeGreaterThan 0
        ($served.DownloadFaults + $served.CutResponses) | Should -BeGreaterThan 0
    }

    It 'shows the SecretId, as the place to look, but never the SecretKey or the session token' {
        $capture | Should -Match $secretId
        $capture | Should -Not -Match $secretKey
        $capture | Should -Not -Match $token
    }

    It 'never shows a signed query string' {
        $capture | Should -Not -Match 'q-signature='
        $capture | Should -Not -Match 'q-sign-time='
        $capture | Should -Not -Match 'badlinksecret'
    }
}
