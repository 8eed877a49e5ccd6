BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url
    # Creates that take 1.5 s to answer: a run killed meanwhile has creates in flight.
    $slow = Start-TestEmulator -ArgumentList '--create-delay-ms', '1500'
    $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-journal-$([guid]::NewGuid())")).FullName

    function Get-Created($Emulator) {
        $created = (Get-MpsEmulatorStats $Emulator).CreatedByAction
        [int]$created.CreateAigcVideoTask + [int]$created.CreateAigcImageTask
    }

    # Another pwsh running SCRIPT (the module imported, the emulator's keys in its environment), not waited for.
    function Start-Run([string] $Script) {
        $file = Join-Path $folder "run-$([guid]::NewGuid()).ps1"
        Set-Content $file "Import-Module '$ModulePath'`n$Script"
        # One argument string, not ArgumentList, which .NET Framework (Windows PowerShell 5.1) does not have.
        $info = [System.Diagnostics.ProcessStartInfo]::new($PowerShellPath, "-NoProfile -NonInteractive -File `"$file`"")
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        [System.Diagnostics.Process]::Start($info)
    }

    # Waits (at most a minute) until CONDITION holds; the test fails on what it sees rather than hanging.
    function Wait-Until([scriptblock] $Condition, [string] $What) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt 60) { throw "Waited a minute for $What." }
            Start-Sleep -Milliseconds 50
        }
    }

    function Get-Lines([string] $Journal, [string] $Event) {
        @(Get-Content $Journal -ErrorAction SilentlyContinue | Where-Object { $_ -like "*`"Event`":`"$Event`"*" })
    }
}

AfterAll {
    Set-MpsAigcDefault -Clear
    Stop-MpsEmulator $emulator
    Stop-MpsEmulator $slow
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-MpsAigc*Task -JournalPath' {
    BeforeEach {
        Reset-MpsEmulator $emulator
        Reset-MpsEmulator $slow
        $journal = Join-Path $folder "$([guid]::NewGuid()).jsonl"
    }

    It 'runs the runbook line from a CSV, and a rerun creates nothing and saves nothing twice' {
        Push-Location $folder
        try {
            $csv = Join-Path $folder "prompts-$([guid]::NewGuid()).csv"
            [pscustomobject]@{ Prompt = 'a cat surfing'; IdempotencyKey = 'row-1' }, [pscustomobject]@{ Prompt = 'a dog skiing'; IdempotencyKey = 'row-2' } | Export-Csv $csv
            $out = Join-Path $folder "out-$([guid]::NewGuid())"
            Set-MpsAigcDefault -Endpoint $endpoint -JournalPath $journal
            $first = Import-Csv $csv | New-MpsAigcVideoTask -ModelName Kling | Wait-MpsAigcVideoTask -PollInterval 0.1 | Save-MpsAigcVideo -Path $out -SkipExisting
            $again = Import-Csv $csv | New-MpsAigcVideoTask -ModelName Kling | Wait-MpsAigcVideoTask -PollInterval 0.1 | Save-MpsAigcVideo -Path $out -SkipExisting -WarningAction SilentlyContinue
            @($first).Count | Should -Be 2
            ($again.TaskId | Sort-Object) | Should -Be ($first.TaskId | Sort-Object)
            Get-Created $emulator | Should -Be 2
            @(Get-ChildItem $out).Count | Should -Be 2
            (Get-Lines $journal Created | ConvertFrom-Json).Label | Sort-Object | Should -Be @('a cat surfing', 'a dog skiing')
        }
        finally {
            Set-MpsAigcDefault -Clear
            Pop-Location
        }
    }

    It 'refuses an object without a Prompt property instead of billing its text as a prompt' {
        $null = [pscustomobject]@{ Text = 'a cat' } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $err[0].Exception.Message | Should -BeLike '*Prompt property*'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'makes ten tasks of ten identical rows, and a rerun maps them to the same ten in order' {
        $first = 1..10 | ForEach-Object { 'the same prompt' } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal
        $again = 1..10 | ForEach-Object { 'the same prompt' } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal
        @($first.TaskId | Select-Object -Unique).Count | Should -Be 10
        $again.TaskId | Should -Be $first.TaskId
        $again[0].PSObject.TypeNames[0] | Should -Be 'MpsAigc.VideoTask'
        $again.Status | Select-Object -Unique | Should -Be 'WAIT'
        Get-Created $emulator | Should -Be 10
    }

    It 'survives a SIGKILL in the middle of its creates: a rerun duplicates nothing, and names each create it cannot know about' {
        $prompts = 1..16 | ForEach-Object { "killed run $_" }
        $run = Start-Run "'$($prompts -join "','")' | New-MpsAigcVideoTask -ModelName Kling -Endpoint '$($slow.Url)' -JournalPath '$journal' | Out-Null"
        try {
            # Four answered, and a create sent without its answer yet (each takes 1.5 s): the kill lands mid-flight.
            Wait-Until { $created = (Get-Lines $journal Created).Count; $created -ge 4 -and (Get-Lines $journal Sending).Count -gt $created } 'four creates of the run, and one in flight'
        }
        finally {
            # SIGKILL on Unix: nothing of the run's own gets to clean up.
            $run.Kill()
            $null = $run.WaitForExit(10000)
        }
        $createdBefore = Get-Created $slow
        $sent = (Get-Lines $journal Sending).Count
        $inFlight = $sent - (Get-Lines $journal Created).Count
        # At most the creates in flight (4 at a time); one at least, as creates take 1.5 s to answer.
        $inFlight | Should -BeLessOrEqual 4
        $inFlight | Should -BeGreaterThan 0

        $tasks = $prompts | New-MpsAigcVideoTask -ModelName Kling -Endpoint $slow.Url -JournalPath $journal -ErrorAction SilentlyContinue -ErrorVariable unknown
        # The creates in flight at the kill, and only they, are unknown; each of the others has its one task.
        @($unknown).Count | Should -Be $inFlight
        @($tasks).Count | Should -Be (16 - $inFlight)
        @($tasks.TaskId | Select-Object -Unique).Count | Should -Be @($tasks).Count
        # No prompt was created twice: an unknown one was created once (its answer lost) or never (killed before it left).
        Get-Created $slow | Should -BeLessOrEqual 16
        Get-Created $slow | Should -BeGreaterOrEqual (16 - $inFlight)
        Get-Created $slow | Should -Be ($createdBefore + 16 - $sent)
        foreach ($record in $unknown) {
            $record.FullyQualifiedErrorId | Should -BeLike 'OutcomeUnknown,*'
            $record.TargetObject | Should -BeIn $prompts
            $record.Exception.Message | Should -BeLike '*-RetryUnknown*'
        }

        $retried = $unknown.TargetObject | New-MpsAigcVideoTask -ModelName Kling -Endpoint $slow.Url -JournalPath $journal -RetryUnknown -WarningVariable warned -WarningAction SilentlyContinue
        @($retried).Count | Should -Be @($unknown).Count
        @($warned).Count | Should -Be @($unknown).Count
        $warned[0].Message | Should -BeLike '*exists twice*'
        Get-Created $slow | Should -Be ($createdBefore + 16 - $sent + @($unknown).Count)
    }

    It 'skips a last line cut short with one warning, keeps every line before it, and writes the next line on its own' {
        $first = 'one', 'two' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal
        $whole = Get-Content $journal -Raw
        [IO.File]::AppendAllText($journal, '{"Event":"Created","Kind":"image","TaskId":"4-AigcIm')
        $again = 'one', 'two', 'three' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal -WarningVariable warned -WarningAction SilentlyContinue
        @($warned).Count | Should -Be 1
        $warned[0].Message | Should -BeLike "*$journal*cut short*"
        $again.TaskId[0..1] | Should -Be $first.TaskId
        Get-Created $emulator | Should -Be 3
        (Get-Content $journal -Raw).StartsWith($whole) | Should -BeTrue
        Get-Content $journal | ForEach-Object { { $_ | ConvertFrom-Json } | Should -Not -Throw }
    }

    It 'refuses a key already used for another request, with neither the old task nor a new one' {
        $null = [pscustomobject]@{ Prompt = 'a cat'; IdempotencyKey = 'row-1' } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal
        $tasks = [pscustomobject]@{ Prompt = 'a dog'; IdempotencyKey = 'row-1' }, [pscustomobject]@{ Prompt = 'a bird'; IdempotencyKey = 'row-2' } |
            New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal -ErrorAction SilentlyContinue -ErrorVariable err
        @($tasks).Count | Should -Be 1
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$([MpsAigc.ErrorIds]::IdempotencyKeyMismatch),*"
        $err[0].TargetObject | Should -Be 'a dog'
        $err[0].Exception.Message | Should -BeLike "*'row-1'*"
        Get-Created $emulator | Should -Be 2
    }

    It 'lets a second process that uses the journal at once stop with JournalInUse, and go on once the first has ended' {
        $prompts = 1..8 | ForEach-Object { "shared $_" }
        # The first process holds the journal until this one has tried it: its command does not end while its first
        # task waits, downstream, for the test's signal (bounded at two minutes).
        $signal = Join-Path $folder "tried-$([guid]::NewGuid())"
        $hold = "`$deadline = [DateTime]::UtcNow.AddMinutes(2); while (-not (Test-Path '$signal') -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 50 }"
        $run = Start-Run "'$($prompts -join "','")' | New-MpsAigcVideoTask -ModelName Kling -Endpoint '$($slow.Url)' -JournalPath '$journal' | ForEach-Object { $hold }"
        try {
            Wait-Until { (Get-Lines $journal Sending).Count -ge 1 } 'the first process to send'
            { $prompts | New-MpsAigcVideoTask -ModelName Kling -Endpoint $slow.Url -JournalPath $journal } |
                Should -Throw -ErrorId "$([MpsAigc.ErrorIds]::JournalInUse),MpsAigc.Commands.NewMpsAigcVideoTaskCommand" -ExpectedMessage "*$journal*"
            $null = New-Item -ItemType File $signal
            $run.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $run.HasExited) { $run.Kill() }
        }
        $tasks = $prompts | New-MpsAigcVideoTask -ModelName Kling -Endpoint $slow.Url -JournalPath $journal
        @($tasks).Count | Should -Be 8
        Get-Created $slow | Should -Be 8
    }

    It 'shares one journal between the runspaces of ForEach-Object -Parallel: one create per prompt' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel is PowerShell 7''s'; return }
        $ids = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            'p1', 'p2', 'p3' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $using:endpoint -JournalPath $using:journal
        }
        @($ids).Count | Should -Be 12
        @($ids.TaskId | Select-Object -Unique).Count | Should -Be 3
        Get-Created $emulator | Should -Be 3
    }

    It 'works with -AsJob, and lets go of the journal when the job ends' {
        $job = 'j1', 'j2' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal -AsJob
        $first = $job | Receive-Job -Wait -AutoRemoveJob
        $again = 'j1', 'j2' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal -AsJob | Receive-Job -Wait -AutoRemoveJob
        $again.TaskId | Should -Be $first.TaskId
        Get-Created $emulator | Should -Be 2
        # Another process can take it: this one holds it no more.
        $run = Start-Run "'j1' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint '$endpoint' -JournalPath '$journal' | ForEach-Object TaskId"
        $run.WaitForExit(60000) | Should -BeTrue
        $run.StandardOutput.ReadToEnd().Trim() | Should -Be $first[0].TaskId
    }

    It 'writes nothing with -WhatIf, not even the file, and says which tasks the journal has' {
        # In another pwsh, whose host output (where -WhatIf writes) the test reads.
        $whatIf = "Import-Module '$ModulePath'; 'w1', 'w2' | New-MpsAigcVideoTask -ModelName Kling -Endpoint '$endpoint' -JournalPath '$journal' -WhatIf"
        $said = (& $PowerShellPath -NoProfile -NonInteractive -Command $whatIf) -join "`n"
        $said | Should -BeLike '*"Prompt":"w1"*kept in the journal*'
        $journal | Should -Not -Exist
        "$journal.lock" | Should -Not -Exist
        $created = 'w1' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal
        $bytes = Get-Content $journal -Raw
        $said = (& $PowerShellPath -NoProfile -NonInteractive -Command $whatIf) -join "`n"
        $said | Should -BeLike "*Emit task $($created.TaskId) from the journal*"
        $said | Should -BeLike '*"Prompt":"w2"*'
        Get-Content $journal -Raw | Should -Be $bytes
        Get-Created $emulator | Should -Be 1
    }

    It 'keeps both kinds in one journal, and its lines pipe into Wait by property name' {
        $video = 'a wave' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal
        $image = 'a wave' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal
        ('a wave' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -JournalPath $journal).TaskId | Should -Be $image.TaskId
        ('a wave' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal).TaskId | Should -Be $video.TaskId
        $done = Get-Content $journal | ConvertFrom-Json | Where-Object { $_.TaskId -and $_.Kind -eq 'video' } | Wait-MpsAigcVideoTask -Endpoint $endpoint -PollInterval 0.1
        $done.TaskId | Should -Be $video.TaskId
        $null = Get-Content $journal | ConvertFrom-Json | Where-Object TaskId | Wait-MpsAigcImageTask -Endpoint $endpoint -PollInterval 0.1 -ErrorAction SilentlyContinue -ErrorVariable wrongKind
        $wrongKind[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound,*'
        $wrongKind[0].Exception.Message | Should -BeLike '*Get-MpsAigcVideoTask*'
        Get-Created $emulator | Should -Be 2
    }

    It 'sends again a create the service refused, as nothing was created' {
        $null = 'a forbidden scene' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal -ErrorAction SilentlyContinue
        $null = 'a forbidden scene' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameter.ViolationContent,*'
        (Get-MpsEmulatorStats $emulator).CallsByAction.CreateAigcVideoTask | Should -Be 2
        (Get-Lines $journal Refused).Count | Should -Be 2
    }

    It 'stops with <Id> for <Case>, and leaves the file as it was' -ForEach @(
        @{ Case = 'a file that is no journal'; Id = 'NotAJournal'; Content = "Prompt`na cat`n" }
        @{ Case = 'a journal of a newer format'; Id = 'JournalTooNew'; Content = "{`"MpsAigcJournal`":9}`n" }
    ) {
        Set-Content $journal $Content -NoNewline
        { 'x' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath $journal } |
            Should -Throw -ErrorId "$Id,MpsAigc.Commands.NewMpsAigcVideoTaskCommand" -ExpectedMessage "*$journal*"
        Get-Content $journal -Raw | Should -Be $Content
        "$journal.lock" | Should -Not -Exist
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'stops with InvalidPath for a folder that does not exist, and with JournalRequired for a key without a journal' {
        { 'x' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath (Join-Path $folder 'no/such/folder.jsonl') } |
            Should -Throw -ErrorId 'InvalidPath,MpsAigc.Commands.NewMpsAigcVideoTaskCommand' -ExpectedMessage '*does not exist*'
        { [pscustomobject]@{ Prompt = 'x'; IdempotencyKey = 'k' } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint } |
            Should -Throw -ErrorId 'JournalRequired,MpsAigc.Commands.NewMpsAigcVideoTaskCommand'
        { 'x' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -RetryUnknown } |
            Should -Throw -ErrorId 'JournalRequired,MpsAigc.Commands.NewMpsAigcVideoTaskCommand'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'takes the session''s journal, resolved where it was set, shows it, and forgets it when cleared or emptied' {
        Push-Location $folder
        try {
            $name = "$([guid]::NewGuid()).jsonl"
            Set-MpsAigcDefault -JournalPath "./$name"
            (Get-MpsAigcDefault).JournalPath | Should -Be (Join-Path $folder $name)
            Set-Location ([IO.Path]::GetTempPath())
            $null = 's1' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint
            Join-Path $folder $name | Should -Exist
            $null = 's2' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -JournalPath ''
            (Get-Lines (Join-Path $folder $name) Created).Count | Should -Be 1
            Set-MpsAigcDefault -JournalPath ''
            (Get-MpsAigcDefault).JournalPath | Should -BeNullOrEmpty
            Set-MpsAigcDefault -JournalPath (Join-Path $folder $name)
            Set-MpsAigcDefault -Clear
            (Get-MpsAigcDefault).JournalPath | Should -BeNullOrEmpty
        }
        finally {
            Set-MpsAigcDefault -Clear
            Pop-Location
        }
    }
}
