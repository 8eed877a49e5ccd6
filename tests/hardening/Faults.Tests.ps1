# Fault injection: the emulator turns a share of API answers and video responses into the failures a real
# network and service produce; every task must still end as one whole file set or one named error.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../pester/TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential

    function New-TestFolder { (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-faults-$([guid]::NewGuid())")).FullName }
    function Get-ServedHash($Emulator, [string] $TaskId, [int] $Index = 1) {
        Invoke-RestMethod "$($Emulator.Url)/_emulator/sha256/videos/$TaskId/$Index.mp4"
    }
}

Describe 'API faults: <Kind>' -ForEach @(
    @{ Kind = '502' }, @{ Kind = '503' }, @{ Kind = 'drop' }, @{ Kind = 'internal' }, @{ Kind = 'limit' }, @{ Kind = 'slow' }
) {
    BeforeAll {
        # Half of all answers go wrong. A slow answer takes 30 s, and only there does the client wait less than its
        # default 30 s: 3 s, far more than a good answer takes on a busy machine, far less than the slow one.
        $emulator = Start-TestEmulator -ArgumentList '--rate-limit', '0', '--api-fault-share', '0.5', '--api-faults', $Kind, '--slow-ms', '30000'
        $query = @{ Endpoint = $emulator.Url; MaxRequestsPerSecond = 0; ThrottleLimit = 1 }
        if ($Kind -eq 'slow') { $query.RequestTimeoutSec = 3 }
        # A first query warms the emulator up (its first answers are its slowest), until it has given an even number of
        # answers: the plan is back at a faulty one (every other answer, from the first), and the counts start at zero.
        for ($i = 0; $i -lt 5 -and ($i -eq 0 -or (Get-MpsEmulatorStats $emulator).Requests % 2); $i++) {
            $null = Get-MpsAigcVideoTask 'done-warm-up' @query -ErrorAction SilentlyContinue
        }
        Reset-MpsEmulator $emulator
    }
    AfterAll { Stop-MpsEmulator $emulator }

    It 'retries each query until it succeeds: 10 of 10 tasks, no error, one extra request per fault' {
        # One request at a time, so the emulator's every-other-answer plan gives each task exactly one fault.
        $ids = 1..10 | ForEach-Object { "done-$Kind-$_" }
        $tasks = $ids | Get-MpsAigcVideoTask @query -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        $tasks.TaskId | Should -Be $ids
        $tasks.Status | Sort-Object -Unique | Should -Be 'DONE'
        $stats = Get-MpsEmulatorStats $emulator
        $stats.ApiFaults | Should -Be 10
        $stats.Requests | Should -Be 20
    }
}

Describe 'API faults in bursts' {
    BeforeAll {
        # Runs of four failures in a row (the client tries five times): answers 1-4, 17-20, 29-32...
        $emulator = Start-TestEmulator -ArgumentList '--rate-limit', '0', '--api-fault-share', '0.3', '--fault-burst', '4', '--api-faults', '502,503,drop,internal,limit'
    }
    AfterAll { Stop-MpsEmulator $emulator }

    It 'rides out runs of four failures in a row' {
        $ids = 1..16 | ForEach-Object { "done-burst-$_" }
        $tasks = $ids | Get-MpsAigcVideoTask -Endpoint $emulator.Url -MaxRequestsPerSecond 0 -ThrottleLimit 1 -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        $tasks.TaskId | Should -Be $ids
        $stats = Get-MpsEmulatorStats $emulator
        $stats.ApiFaults | Should -Be 8
        $stats.Requests | Should -Be 24
    }
}

Describe 'A create meets faults' {
    BeforeAll {
        $emulator = Start-TestEmulator -ArgumentList '--api-fault-share', '1', '--api-faults', 'limit,internal'
    }
    AfterAll { Stop-MpsEmulator $emulator }

    It 'retries a refusal for rate (nothing was created) but never re-sends after InternalError' {
        # The first answer is RequestLimitExceeded (retried), the second InternalError: the outcome is unknown.
        $verbose = New-MpsAigcVideoTask -Prompt 'a cat' -ModelName Kling -Endpoint $emulator.Url -Confirm:$false -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1
        @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        $errors.FullyQualifiedErrorId | Should -BeLike 'OutcomeUnknown,*'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 2
        # The refusal slowed creating down (its own budget, 10/s), and -Verbose says to what.
        @($verbose.Message -like 'CreateAigcVideoTask: the service refused a request for its rate*sending at most *(was 10)*').Count | Should -Be 1
    }
}

Describe 'Download faults: <Kind>' -ForEach @(
    @{ Kind = 'cut' }, @{ Kind = 'stall' }, @{ Kind = 'length' }
) {
    BeforeAll {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '200000', '--cut-after-bytes', '50000', '--download-fault-share', '0.5', '--download-faults', $Kind, '--stall-seconds', '60'
    }
    AfterAll { Stop-MpsEmulator $emulator }
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'resumes and saves 8 of 8 videos byte for byte, with no part left' {
        $ids = 1..8 | ForEach-Object { "done-dl$Kind-$_" }
        $files = $ids | Get-MpsAigcVideoTask -Endpoint $emulator.Url | Save-MpsAigcVideo -Path $folder -RequestTimeoutSec 2 -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        @($files).Count | Should -Be 8
        foreach ($file in $files) {
            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator $file.TaskId)
        }
        Get-ChildItem $folder -Filter *.part | Should -BeNullOrEmpty
        $stats = Get-MpsEmulatorStats $emulator
        ($stats.DownloadFaults + $stats.CutResponses) | Should -BeGreaterOrEqual 4
        if ($Kind -ne 'length') {
            # A wrong length may deliver every byte (then a Range past the end confirms the end); cuts and stalls must resume.
            $stats.RangeRequests | Should -BeGreaterOrEqual 4
        }
    }
}

Describe 'A video that changes between attempts' {
    BeforeAll {
        # Every other response is cut short, and each cut replaces the video with a new version (new ETag).
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '300000', '--cut-after-bytes', '100000', '--cut-share', '0.5', '--change-on-fault'
    }
    AfterAll { Stop-MpsEmulator $emulator }
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'starts over instead of splicing two versions: every file is one whole version' {
        $files = 1..6 | ForEach-Object { "done-etag-$_" } | Get-MpsAigcVideoTask -Endpoint $emulator.Url | Save-MpsAigcVideo -Path $folder -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        @($files).Count | Should -Be 6
        foreach ($file in $files) {
            # The emulator hashes the version it serves now: the last one, which the file must be entirely.
            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator $file.TaskId)
        }
        $stats = Get-MpsEmulatorStats $emulator
        $stats.CutResponses | Should -BeGreaterOrEqual 3
        Get-ChildItem $folder -Filter *.part | Should -BeNullOrEmpty
    }
}

Describe 'A download that keeps breaking but keeps delivering' {
    BeforeAll {
        # Every response breaks after 100,000 bytes: a 600,000-byte video takes six, more than five attempts.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '600000', '--cut-after-bytes', '100000', '--cut-share', '1'
    }
    AfterAll { Stop-MpsEmulator $emulator }
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'is followed to the end, since each attempt brings new bytes' {
        $file = Get-MpsAigcVideoTask 'done-progress-1' -Endpoint $emulator.Url | Save-MpsAigcVideo -Path $folder -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-progress-1')
        (Get-MpsEmulatorStats $emulator).VideoRequests | Should -Be 6
    }
}

Describe 'A download that always fails' {
    BeforeAll {
        # Headers, then the connection drops before any byte of the body.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '300000', '--cut-after-bytes', '0', '--cut-share', '1'
    }
    AfterAll { Stop-MpsEmulator $emulator }
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'ends in one DownloadFailed per video, keeps the part for a re-run, and writes nothing at the final name' {
        $task = Get-MpsAigcVideoTask 'done-never-1' -Endpoint $emulator.Url
        Save-MpsAigcVideo -InputObject $task -Path $folder -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DownloadFailed,*'
        Test-Path (Join-Path $folder 'done-never-1.mp4') | Should -BeFalse
        @(Get-ChildItem $folder -Filter 'done-never-1.mp4.*.part').Count | Should -Be 1
        (Get-MpsEmulatorStats $emulator).VideoRequests | Should -Be 5
    }
}

Describe 'Clock skew' {
    It 'corrects a client clock <Offset> s off by the service''s Date, once, and says so in -Verbose' -ForEach @(
        @{ Offset = 600; Word = 'behind' }, @{ Offset = -600; Word = 'ahead of' }
    ) {
        $emulator = Start-TestEmulator -ArgumentList '--clock-offset-seconds', $Offset
        try {
            # In a process of its own: the learnt offset is kept for the session, and a later emulator on the same port must not inherit it.
            $run = Start-Job {
                param($ModulePath, $Endpoint, $Id)
                Import-Module $ModulePath
                $verbose = Get-MpsAigcVideoTask $Id -Endpoint $Endpoint -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
                $task = Get-MpsAigcVideoTask $Id -Endpoint $Endpoint
                [pscustomobject]@{ Status = "$($task.Status)"; Verbose = @($verbose.Message) }
            } -ArgumentList $ModulePath, $emulator.Url, "done-skew-$Offset"
            $result = $run | Wait-Job -Timeout 60 | Receive-Job
            Remove-Job $run -Force

            $result.Status | Should -Be 'DONE'
            $result.Verbose | Should -Match "clock is (59\d|60\d) s $Word the service's"
            # One refused, one corrected; the second command signs with the learnt offset at once.
            (Get-MpsEmulatorStats $emulator).Requests | Should -Be 3
        }
        finally { Stop-MpsEmulator $emulator }
    }
}

Describe 'TLS' {
    BeforeAll { $emulator = Start-TestEmulator -ArgumentList '--https' }
    AfterAll { Stop-MpsEmulator $emulator }

    It 'refuses an untrusted certificate with TlsFailure, without retrying' {
        $emulator.Url | Should -BeLike 'https://*'
        $verbose = Get-MpsAigcVideoTask 'done-tls-1' -Endpoint $emulator.Url -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1

        $errors.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,*'
        $errors[0].Exception.Message | Should -Match 'never skipped'
        $verbose | Where-Object { "$_" -match 'retrying' } | Should -BeNullOrEmpty
    }
}

Describe 'The 1,000-task run' {
    BeforeAll {
        # A tenth of API answers and a fifth of video responses fail, every kind in turn; the emulator allows 100/s.
        # No injected RequestLimitExceeded: the client answers each one as a crowded account, by slowing down
        # until the next second (as Quota.Tests.ps1 shows with real refusals), so they would measure how much
        # slower the run gets, not how its tasks end; 'API faults: limit' and 'A create meets faults' retry them.
        $emulator = Start-TestEmulator -ArgumentList '--rate-limit', '100', '--video-bytes', '65536', '--cut-after-bytes', '20000',
            '--api-fault-share', '0.1', '--api-faults', '502,503,drop,internal,slow', '--slow-ms', '4000', '--download-fault-share', '0.2', '--stall-seconds', '30'
        $folder = New-TestFolder
    }
    AfterAll {
        Stop-MpsEmulator $emulator
        Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'ends every task in one whole, hash-correct file set or one error, within 5 minutes' {
        $run = Start-Job -FilePath (Join-Path $PSScriptRoot 'Invoke-FaultRun.ps1') -ArgumentList $ModulePath, $emulator.Url, $folder, 1000
        # The bound: a run that hangs fails here instead of holding up the suite.
        $finished = Wait-Job $run -Timeout 300
        if (-not $finished) { Stop-Job $run }
        $finished | Should -Not -BeNullOrEmpty -Because 'the run must finish within 5 minutes'
        $summary = Receive-Job $run -ErrorAction Stop
        Remove-Job $run -Force

        Write-Host "    Fault run: $($summary.ElapsedSeconds) s; $($summary.Saved) files; errors: $($summary.Failed -join ', ')"
        $summary.Violations | Should -BeNullOrEmpty
        $summary.Tasks | Should -Be 1000
        # 50 FAIL tasks and 20 unknown ids end in their errors; every DONE task saved: 830 with one video, 100 with two.
        $summary.Failed | Sort-Object | Should -Be @('ResourceNotFound.TaskNotFound=20', 'TaskFailed=50')
        $summary.Saved | Should -Be 1030
        $stats = Get-MpsEmulatorStats $emulator
        $stats.ApiFaults | Should -BeGreaterThan 150
        ($stats.DownloadFaults + $stats.CutResponses) | Should -BeGreaterThan 150
        $stats.RequestLimitExceeded | Should -Be 0
        $stats.MaxRequestsInOneSecond | Should -BeLessOrEqual 100
    }
}
