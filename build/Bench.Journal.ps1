# Rows 19, 20 and 21 of the Bench (dot-sourced by Bench.ps1, which holds $limited, an emulator enforcing each
# action's documented limit: CreateAigcVideoTask 10/s, CreateAigcImageTask 20/s): what the journal of creates
# (-JournalPath) costs, and what it saves when a run is killed.

$journalScratch = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-bench-journal-$PID"
$null = New-Item -ItemType Directory $journalScratch -Force

# Lines of a journal file that say EVENT (Sending, Created).
function Measure-JournalLines([string] $Journal, [string] $Event) {
    if (-not (Test-Path $Journal)) { return 0 }
    @(Get-Content $Journal | Where-Object { $_.Contains("`"Event`":`"$Event`"") }).Count
}

function Get-CreatedTasks($Emulator) {
    $created = (Get-MpsEmulatorStats $Emulator).CreatedByAction
    [int]$created.CreateAigcVideoTask + [int]$created.CreateAigcImageTask
}

try {
    if (Test-Row 19) {
        # Row 19: COUNT creates of each kind at its documented limit, in a child pwsh, with a new journal and
        # without one, alternating (which goes first changes every run), so a busy moment falls on both alike.
        $kinds = @(
            @{ Kind = 'Video'; Model = 'Kling'; Count = 100; Limit = 10 }
            @{ Kind = 'Image'; Model = 'Hunyuan'; Count = 200; Limit = 20 }
        )
        $cells = foreach ($kind in $kinds) {
            $rates = @{ with = @(); without = @() }
            $refused = 0
            foreach ($run in 1..$Runs) {
                $modes = if ($run % 2) { 'with', 'without' } else { 'without', 'with' }
                foreach ($mode in $modes) {
                    Reset-MpsEmulator $limited
                    $journal = if ($mode -eq 'with') { " -JournalPath '$(Join-Path $journalScratch "r19-$($kind.Kind)-$run.jsonl")'" } else { '' }
                    $result = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$prompts = 1..$($kind.Count) | ForEach-Object { 'r19 $($kind.Kind) $run $mode ' + `$_ }
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$tasks = `$prompts | New-MpsAigc$($kind.Kind)Task -ModelName $($kind.Model) -Endpoint '$($limited.Url)'$journal
@{ count = @(`$tasks).Count; seconds = `$watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
"@
                    if ($result.count -ne $kind.Count) { throw "Row 19: only $($result.count) of $($kind.Count) $($kind.Kind) tasks were created ($mode a journal)." }
                    $rates[$mode] += $kind.Count / $result.seconds
                    $refused += [int](Get-MpsEmulatorStats $limited).RequestLimitExceeded
                }
            }
            $with = Get-Median $rates.with
            $without = Get-Median $rates.without
            [pscustomobject]@{ Kind = $kind; With = $with; Without = $without; Ratio = $with / $without; Refused = $refused }
        }
        Write-Host ('Row 19, creates/s with a journal: ' + (($cells | ForEach-Object { "$($_.Kind.Kind) $($_.With.ToString('0.00'))" }) -join '; '))
        Add-Row 19 ('Creates at the documented limit (100 videos at 10/s, 200 images at 20/s), with a new journal (-JournalPath) and without, median of {0}: creates/s' -f $Runs) `
            (($cells | ForEach-Object { '{0}: {1:0.00}/s ({2:0.000}x without)' -f $_.Kind.Kind.ToLowerInvariant(), $_.With, $_.Ratio }) -join '; ') `
            (($cells | ForEach-Object { 'without a journal, {0}: {1:0.00}/s' -f $_.Kind.Kind.ToLowerInvariant(), $_.Without }) -join '; ') `
            '>= 0.95x without, 0 refused' (@($cells | Where-Object { $_.Ratio -lt 0.95 -or $_.Refused -gt 0 }).Count -eq 0)
    }

    if (Test-Row 20) {
        # Row 20: a journal of 100,000 entries (each a Sending and a Created line, as a run writes them; half
        # videos, half images), opened by a cold pwsh: the time to open it, and the memory it holds while open
        # (the managed heap it adds, and the process's peak), beside reading its lines into memory and nothing more.
        $entries = 100000
        $big = Join-Path $journalScratch 'r20.jsonl'
        $writer = [IO.StreamWriter]::new($big, $false, [Text.UTF8Encoding]::new($false))
        try {
            $random = [Random]::new(20)
            $hash = [byte[]]::new(16)
            $writer.Write("{`"MpsAigcJournal`":1,`"Started`":`"2026-01-01T00:00:00.000Z`",`"About`":`"bench`"}`n")
            for ($i = 1; $i -le $entries; $i++) {
                $random.NextBytes($hash)
                $request = [Convert]::ToHexString($hash).ToLowerInvariant()
                $kind, $mark = if ($i % 2) { 'video', 'AigcVideo' } else { 'image', 'AigcImage' }
                $label = "a prompt of the campaign, number $i"
                $writer.Write("{`"Event`":`"Sending`",`"Kind`":`"$kind`",`"Label`":`"$label`",`"Request`":`"$request`",`"Occurrence`":1,`"At`":`"2026-01-01T00:00:00.000Z`"}`n")
                $writer.Write("{`"Event`":`"Created`",`"Kind`":`"$kind`",`"TaskId`":`"4-$mark-$request`",`"Label`":`"$label`",`"Request`":`"$request`",`"Occurrence`":1,`"At`":`"2026-01-01T00:00:01.000Z`",`"Endpoint`":`"https://mps.tencentcloudapi.com/`",`"Region`":`"ap-guangzhou`",`"RequestId`":`"$([guid]::new($hash))`"}`n")
            }
        }
        finally { $writer.Dispose() }
        $fileMiB = (Get-Item $big).Length / 1MB
        $memory = "[long]((Get-Content /proc/self/status | Where-Object { `$_.StartsWith('VmHWM:') }) -replace '\D') / 1024"
        $opens = foreach ($run in 1..$Runs) {
            $ours = Invoke-Pwsh @"
Import-Module '$ModulePath'
`$heap = [GC]::GetTotalMemory(`$true)
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$use = [MpsAigc.Journal.OpenJournals]::Open('$big', [MpsAigc.Http.QueuedLog]::new(`$false, `$false))
`$seconds = `$watch.Elapsed.TotalSeconds
`$held = [GC]::GetTotalMemory(`$true) - `$heap
@{ seconds = `$seconds; heldMiB = `$held / 1MB; peakMiB = $memory; count = `$use.Journal.Count } | ConvertTo-Json -Compress
"@
            if ($ours.count -ne $entries) { throw "Row 20: the journal opened with $($ours.count) entries, not $entries." }
            $lines = Invoke-Pwsh @"
`$heap = [GC]::GetTotalMemory(`$true)
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$lines = [IO.File]::ReadAllLines('$big')
`$seconds = `$watch.Elapsed.TotalSeconds
`$held = [GC]::GetTotalMemory(`$true) - `$heap
@{ seconds = `$seconds; heldMiB = `$held / 1MB; peakMiB = $memory; count = `$lines.Count } | ConvertTo-Json -Compress
"@
            [pscustomobject]@{ Ours = $ours; Lines = $lines }
            Remove-Item "$big.lock" -ErrorAction SilentlyContinue
        }
        $seconds = Get-Median ($opens.Ours.seconds)
        $held = Get-Median ($opens.Ours.heldMiB)
        $peak = Get-Median ($opens.Ours.peakMiB)
        $bare = (Get-IdlePwsh -WithModule).peakMiB
        Add-Row 20 ('Opening a journal of 100,000 entries ({0:0} MiB, 200,001 lines) in a cold pwsh, median of {1}: time; memory it holds open; peak of the process' -f $fileMiB, $Runs) `
            ('{0:0.000} s; {1:0.0} MiB held; {2:0} MiB peak (idle pwsh with the module: {3} MiB)' -f $seconds, $held, $peak, $bare) `
            ('File.ReadAllLines of it: {0:0.000} s; {1:0.0} MiB held' -f (Get-Median ($opens.Lines.seconds)), (Get-Median ($opens.Lines.heldMiB))) `
            '< 1 s, < 50 MB held' (($seconds -lt 1) -and ($held * 1MB -lt 50e6))
        Remove-Item $big
    }

    if (Test-Row 21) {
        # Row 21: a runbook of 100 prompts killed (SIGKILL) after 40 creates, and started again; creates take 0.5 s
        # to answer, so some are in flight at the kill. With a journal: duplicates (tasks made beyond one a prompt)
        # and OutcomeUnknown errors, beside the same kill and rerun without one.
        $killed = Start-MpsEmulator -EmulatorPath $EmulatorPath -ArgumentList '--create-delay-ms', '500'
        try {
            $results = foreach ($run in 1..$Runs) {
                foreach ($mode in 'with', 'without') {
                    Reset-MpsEmulator $killed
                    $journal = Join-Path $journalScratch "r21-$run-$mode.jsonl"
                    $journalArg = if ($mode -eq 'with') { " -JournalPath '$journal'" } else { '' }
                    $script = @"
Import-Module '$ModulePath'
`$prompts = 1..100 | ForEach-Object { 'r21 $run $mode ' + `$_ }
`$prompts | New-MpsAigcVideoTask -ModelName Kling -Endpoint '$($killed.Url)'$journalArg -ErrorAction SilentlyContinue -ErrorVariable failed | ForEach-Object { 'task ' + `$_.TaskId }
`$failed | ForEach-Object { 'error ' + `$_.FullyQualifiedErrorId.Split(',')[0] }
"@
                    $scriptFile = Join-Path $journalScratch "r21-$run-$mode.ps1"
                    Set-Content $scriptFile $script
                    $info = [Diagnostics.ProcessStartInfo]::new($pwsh)
                    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scriptFile) { $info.ArgumentList.Add($argument) }
                    $info.RedirectStandardOutput = $true
                    $child = [Diagnostics.Process]::Start($info)
                    $watch = [Diagnostics.Stopwatch]::StartNew()
                    # Without a journal, the emulator's count says when 40 were made.
                    while ($watch.Elapsed.TotalSeconds -lt 120 -and $(if ($mode -eq 'with') { Measure-JournalLines $journal Created } else { Get-CreatedTasks $killed }) -lt 40) { Start-Sleep -Milliseconds 20 }
                    $child.Kill()
                    $null = $child.WaitForExit(10000)
                    $madeBefore = Get-CreatedTasks $killed
                    $inFlight = if ($mode -eq 'with') { (Measure-JournalLines $journal Sending) - (Measure-JournalLines $journal Created) } else { 0 }
                    $rerun = @(& $pwsh -NoProfile -NonInteractive -File $scriptFile)
                    $made = Get-CreatedTasks $killed
                    [pscustomobject]@{
                        Mode = $mode; Killed = $madeBefore; InFlight = $inFlight; Made = $made
                        Duplicates = [math]::Max(0, $made - 100)
                        Unknown = @($rerun | Where-Object { $_ -eq 'error OutcomeUnknown' }).Count
                        Tasks = @($rerun | Where-Object { $_.StartsWith('task ') }).Count
                    }
                }
            }
        }
        finally { Stop-MpsEmulator $killed }
        $with = @($results | Where-Object Mode -EQ 'with')
        $without = @($results | Where-Object Mode -EQ 'without')
        foreach ($run in $results) { Write-Host ('Row 21, {0} a journal: {1} made at the kill, {2} in flight; rerun: {3} tasks, {4} unknown; {5} made in all' -f $run.Mode, $run.Killed, $run.InFlight, $run.Tasks, $run.Unknown, $run.Made) }
        $worstDuplicates = ($with | Measure-Object Duplicates -Maximum).Maximum
        $unknownWithinFlight = @($with | Where-Object { $_.Unknown -gt $_.InFlight -or $_.Tasks + $_.Unknown -ne 100 }).Count -eq 0
        Add-Row 21 ('100 creates killed (SIGKILL) after 40 and run again, creates answering in 0.5 s, {0} runs: duplicates; OutcomeUnknown vs creates in flight at the kill' -f $Runs) `
            ('duplicates {0}; unknown {1} (in flight at the kill: {2}); tasks made {3} for 100 prompts' -f (($with.Duplicates) -join ', '), (($with.Unknown) -join ', '), (($with.InFlight) -join ', '), (($with.Made) -join ', ')) `
            ('without a journal: duplicates {0}; tasks made {1}' -f (($without.Duplicates) -join ', '), (($without.Made) -join ', ')) `
            'duplicates 0; unknown <= in flight at the kill' (($worstDuplicates -eq 0) -and $unknownWithinFlight)
    }
}
finally {
    Remove-Item $journalScratch -Recurse -Force -ErrorAction SilentlyContinue
}
