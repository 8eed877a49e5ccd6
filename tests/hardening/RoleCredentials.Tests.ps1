# Runbooks with no static key: an assumed role (through -AsJob), the CVM instance role, and TKE OIDC (with the
# token file rotated half way and the node's CVM role present too). Keys live 6 s, so each run of about 20 s
# crosses several renewals; the three runs, and the STS outage at the end, go at once. Every task must end as a
# file, every call must be signed by the expected kind of key, and no temporary key or token may show anywhere.
BeforeDiscovery {
    $scenarios = @(
        @{ Scenario = 'AssumeRole'; Kind = 'AssumeRole'; Source = 'AssumeRole qcs::cam::uin/100000000001:roleName/mps-runbook'; Fetches = 'StsCalls.AssumeRole' }
        @{ Scenario = 'CvmRole'; Kind = 'CvmRole'; Source = 'CvmRole mps-runbook'; Fetches = 'MetadataCredentialRequests' }
        @{ Scenario = 'TkeOidc'; Kind = 'WebIdentity'; Source = 'TkeOidc qcs::cam::uin/100000000001:roleName/mps-runbook'; Fetches = 'StsCalls.AssumeRoleWithWebIdentity' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../pester/TestHelpers.psm1') -Force
    $Lifetime = 6
    $Count = 30
    $TaskSeconds = 15

    function Get-Stat($Stats, [string] $Path) {
        $value = $Stats
        foreach ($part in $Path.Split('.')) { $value = if ($null -eq $value) { $null } else { $value.$part } }
        if ($null -eq $value) { 0 } else { $value }
    }

    # Starts Invoke-RoleRun.ps1 in a fresh pwsh against an emulator of its own; the three runs go at once.
    function Start-RoleRun([string] $Scenario) {
        $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-role-$Scenario-$([guid]::NewGuid())")).FullName
        $tokenFile = Join-Path $folder 'oidc-token'
        $firstToken = 'eyJoidc' + ([guid]::NewGuid().ToString('N')) + ([guid]::NewGuid().ToString('N'))
        $rotatedToken = 'eyJrotated' + ([guid]::NewGuid().ToString('N')) + ([guid]::NewGuid().ToString('N'))
        Set-Content -Path $tokenFile -Value $firstToken -NoNewline
        $emulatorArguments = @('--temp-credential-lifetime-seconds', $Lifetime, '--video-bytes', '2000')
        switch ($Scenario) {
            'CvmRole' { $emulatorArguments += '--cvm-role', 'mps-runbook' }
            'TkeOidc' { $emulatorArguments += '--cvm-role', 'node-role', '--oidc-token-file', $tokenFile, '--oidc-provider-id', 'tke-oidc-provider' }
        }
        $emulator = Start-TestEmulator -ArgumentList $emulatorArguments
        $console = Join-Path $folder 'console.txt'
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-RoleRun.ps1'), '-ModulePath', $ModulePath, '-Endpoint', $emulator.Url,
            '-Folder', $folder, '-Scenario', $Scenario, '-Count', $Count, '-TaskSeconds', $TaskSeconds, '-TokenFile', $tokenFile)
        # The rotated token goes in the environment the child inherits, never on its command line.
        $env:MPSAIGC_TEST_ROTATED_TOKEN = $rotatedToken
        try { $process = Start-Process (Join-Path $PSHOME 'pwsh') -ArgumentList $arguments -PassThru -RedirectStandardOutput $console -RedirectStandardError "$console.err" }
        finally { Remove-Item Env:MPSAIGC_TEST_ROTATED_TOKEN -ErrorAction SilentlyContinue }
        @{ Process = $process; Emulator = $emulator; Folder = $folder; Console = $console; FirstToken = $firstToken; RotatedToken = $rotatedToken }
    }

    # Waits for a run (bounded at 3 minutes) and gathers its summary, transcript, console and the emulator's view.
    function Complete-RoleRun($Run) {
        if (-not $Run.Process.WaitForExit(180000)) { $Run.Process.Kill($true); throw 'The run did not end within 3 minutes.' }
        $Run.Summary = Get-Content (Join-Path $Run.Folder 'summary.json') -Raw | ConvertFrom-Json
        $Run.Capture = (Get-Content (Join-Path $Run.Folder 'transcript.txt') -Raw) + (Get-Content $Run.Console -Raw) + (Get-Content "$($Run.Console).err" -Raw)
        $Run.Seconds = $Run.Summary.Seconds
        $Run.Stats = Get-MpsEmulatorStats $Run.Emulator
        $Run
    }

    $runs = @{}
    foreach ($scenario in 'AssumeRole', 'CvmRole', 'TkeOidc') { $runs[$scenario] = Start-RoleRun $scenario }

    # Meanwhile, in this process: keys of 20 s are renewed 15 s after they were given (at the first poll from
    # then on, polls being at most 2 s apart). STS goes down once the job signs with its first keys, and comes back
    # once the renewal has met the outage: the next try (a second later, and never past half the time the keys have
    # left) renews them while they are still valid.
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $outage = Start-TestEmulator -ArgumentList '--temp-credential-lifetime-seconds', '20', '--video-bytes', '2000'
    $env:MPSAIGC_STS_ENDPOINT = $outage.Url
    $outageJob = 1..10 | ForEach-Object { "done-after26s-outage-$_" } |
        Wait-MpsAigcVideoTask -Endpoint $outage.Url -RoleArn 'qcs::cam::uin/100000000001:roleName/mps-runbook' -PollInterval 1 -MaxPollInterval 2 -AsJob
    # Each bounded at a minute: a wait that never ends fails the outage's test below instead of hanging.
    function Wait-OutageStat([string] $Path, [string] $What) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while ((Get-Stat (Get-MpsEmulatorStats $outage) $Path) -lt 1 -and $watch.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 50 }
        Write-Host ('STS outage: {0} after {1:0.0} s' -f $What, $watch.Elapsed.TotalSeconds)
    }
    Wait-OutageStat 'CallsByCredentialKind.AssumeRole' 'the job signed with its first keys'
    $null = Invoke-RestMethod -Method Post "$($outage.Url)/_emulator/credential-outage?seconds=600"
    Wait-OutageStat 'CredentialOutageRefusals' 'the renewal met the outage'
    $null = Invoke-RestMethod -Method Post "$($outage.Url)/_emulator/credential-outage?seconds=0"
}

AfterAll {
    foreach ($run in $runs.Values) {
        Stop-MpsEmulator $run.Emulator
        Remove-Item $run.Folder -Recurse -Force -ErrorAction SilentlyContinue
    }
    Stop-MpsEmulator $outage
    Remove-Item Env:MPSAIGC_STS_ENDPOINT -ErrorAction SilentlyContinue
}

Describe 'A runbook on <Scenario> keys that expire every few seconds' -ForEach $scenarios {
    BeforeAll {
        $run = Complete-RoleRun $runs[$Scenario]
        $stats = $run.Stats
        $firstToken = $run.FirstToken
        $rotatedToken = $run.RotatedToken
        $folder = $run.Folder
        Write-Host ('{0}: {1:0.0} s, {2} key fetches, {3} API calls, {4} expired-token refusals' -f $Scenario, $run.Seconds, (Get-Stat $stats $Fetches),
            (Get-Stat $stats "CallsByCredentialKind.$Kind"), (Get-Stat $stats 'ExpiredTokenRefusals'))
        # What the metadata service holds now: the newest instance keys, which must appear nowhere in the run.
        $instanceKeys = if ($Scenario -ne 'AssumeRole') {
            $role = if ($Scenario -eq 'CvmRole') { 'mps-runbook' } else { 'node-role' }
            Invoke-RestMethod "$($run.Emulator.Url)/latest/meta-data/cam/security-credentials/$role"
        }
    }

    It 'saves every video with no error, and names the source it ran on' {
        $run.Summary.Errors | Should -BeNullOrEmpty
        $run.Summary.Files | Should -Be $Count
        @(Get-ChildItem (Join-Path $folder 'videos') -Filter *.mp4).Count | Should -Be $Count
        $run.Summary.CredentialSource | Should -Be $Source
        $run.Summary.CredentialExpires | Should -BeTrue
    }

    It 'signs every API call with <Kind> keys' {
        $calls = Get-Stat $stats "CallsByCredentialKind.$Kind"
        $calls | Should -BeGreaterThan ($Count * 3)
        foreach ($other in 'Permanent', 'AssumeRole', 'WebIdentity', 'CvmRole' | Where-Object { $_ -ne $Kind }) {
            Get-Stat $stats "CallsByCredentialKind.$other" | Should -Be 0 -Because "no call may be signed by $other keys"
        }
    }

    It 'renews about once per three quarters of a lifetime, not once per request' {
        $fetches = Get-Stat $stats $Fetches
        # The first fetch, then one renewal each time a quarter of the 6 s lifetime is left.
        $expected = $run.Seconds / ($Lifetime * 0.75)
        $fetches | Should -BeGreaterOrEqual 3
        $fetches | Should -BeLessOrEqual ([math]::Ceiling($expected * 1.5) + 2)
        $fetches | Should -BeLessThan ((Get-Stat $stats "CallsByCredentialKind.$Kind") / 10)
        # Renewed before expiry: the service almost never saw an expired token (a request signed just before
        # the end may arrive just after it; it is renewed and retried, as the zero errors above show).
        Get-Stat $stats 'ExpiredTokenRefusals' | Should -BeLessOrEqual ([math]::Max(1, (Get-Stat $stats "CallsByCredentialKind.$Kind") / 100))
    }

    It 'never asks the metadata service in a pod with OIDC' -Skip:($Scenario -ne 'TkeOidc') {
        Get-Stat $stats 'MetadataCredentialRequests' | Should -Be 0
        Get-Stat $stats 'StsCalls.AssumeRoleWithWebIdentity' | Should -BeGreaterOrEqual 3
    }

    It 'shows no temporary key, token or OIDC token in the transcript, streams or console' {
        $run.Capture | Should -Match 'Credentials: ' -Because 'the run wrote its -Debug lines'
        $run.Capture | Should -Not -Match ([regex]::Escape($firstToken))
        $run.Capture | Should -Not -Match ([regex]::Escape($rotatedToken))
        if ($instanceKeys) {
            $run.Capture | Should -Not -Match ([regex]::Escape($instanceKeys.TmpSecretKey))
            $run.Capture | Should -Not -Match ([regex]::Escape($instanceKeys.Token))
        }
        # The emulator's keys are 40 and its tokens 120 random letters and digits; SecretIds are 36.
        $run.Capture | Should -Not -Match '[A-Za-z0-9]{40,}'
    }
}

Describe 'An STS outage while the keys are still valid' {
    BeforeAll {
        $null = $outageJob | Wait-Job -Timeout 90
        $done = @($outageJob | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable failed)
        $state = $outageJob.State
        $outageJob | Remove-Job -Force
        $stats = Get-MpsEmulatorStats $outage
    }

    It 'keeps using the current keys, renews after the outage, and loses no task' {
        $state | Should -Be 'Completed'
        $failed | Should -BeNullOrEmpty
        $done.Count | Should -Be 10
        $stats.CredentialOutageRefusals | Should -BeGreaterThan 0 -Because 'a renewal must have met the outage'
        $stats.StsCalls.AssumeRole | Should -BeGreaterOrEqual 2
        $stats.ExpiredTokenRefusals | Should -Be 0
    }
}
