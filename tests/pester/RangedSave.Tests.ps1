# One large file at the speed of the link: Save fetches a file of 16 MiB or more as several ranges at once, and
# keeps for every range what it promises for a whole file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential

    function New-TestFolder { (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-ranged-$([guid]::NewGuid())")).FullName }
    function Get-ServedHash($Emulator, [string] $TaskId) {
        Invoke-RestMethod "$($Emulator.Url)/_emulator/sha256/videos/$TaskId/1.mp4"
    }
    # Waits, at most 60 s, until the emulator has served $Bytes of video.
    function Wait-Served($Emulator, [long] $Bytes) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-MpsEmulatorStats $Emulator).VideoBytesServed -lt $Bytes -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
    }
    # The bytes the map of a part (NAME.TAG.part.map) says it holds, as a rerun reads them; -1 while there is no whole
    # map. Its form (src/MpsAigc.Core/Downloads/RangeMap.cs): 16 bytes of magic, the file's length (Int64), the
    # validator (Int32 count, bytes), the ranges held (Int32 count, Int64 from and to each), then the SHA-256 of all before.
    function Get-MapBytes([string] $Folder, [string] $Name) {
        $map = Get-ChildItem $Folder -Filter "$Name.*.part.map" | Select-Object -First 1
        if (-not $map) { return -1 }
        try { $bytes = [IO.File]::ReadAllBytes($map.FullName) } catch { return -1 }
        if ($bytes.Length -lt 16 + 8 + 4 + 4 + 32) { return -1 }
        $sha = [Security.Cryptography.SHA256]::Create()
        try { $hash = $sha.ComputeHash($bytes, 0, $bytes.Length - 32) } finally { $sha.Dispose() }
        for ($i = 0; $i -lt 32; $i++) { if ($hash[$i] -ne $bytes[$bytes.Length - 32 + $i]) { return -1 } }
        $at = 16 + 8
        $at += 4 + [BitConverter]::ToInt32($bytes, $at)
        $count = [BitConverter]::ToInt32($bytes, $at)
        $at += 4
        $held = 0L
        for ($i = 0; $i -lt $count; $i++) {
            $held += [BitConverter]::ToInt64($bytes, $at + 8) - [BitConverter]::ToInt64($bytes, $at)
            $at += 16
        }
        $held
    }
    $size = 64MB
}

Describe 'Save of a large file in ranges' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'fetches a 64 MiB file as ranges at once, byte for byte, no byte twice' {
        # 4 MB/s a connection: what the emulator sends past the first range while a busy machine keeps the client
        # from reading grows with the speed (a stall of a quarter of a second near the range's end makes 1 MB).
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '4000000'
        try {
            $file = Save-MpsAigcVideo -TaskId 'done-big1' -Endpoint $emulator.Url -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-big1')
            $stats.MaxDownloadsAtOnce | Should -BeGreaterThan 1
            $stats.MaxDownloadsAtOnce | Should -BeLessOrEqual 8
            # The first answer is read only as far as its own range: at most a piece of the emulator's more.
            $stats.VideoBytesServed - $size | Should -BeLessOrEqual 1MB
            Get-ChildItem $folder -Exclude *.mp4 | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'holds -ConnectionLimit over every file and range of the command' {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '24000000', '--bandwidth', '16000000'
        try {
            $files = 'done-lim1', 'done-lim2', 'done-lim3' | Save-MpsAigcVideo -Endpoint $emulator.Url -Path $folder -ConnectionLimit 3
            $files | Should -HaveCount 3
            (Get-MpsEmulatorStats $emulator).MaxDownloadsAtOnce | Should -BeLessOrEqual 3
            foreach ($file in $files) { ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator $file.TaskId) }
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'ends whole when several ranges are cut at once, fetching no cut range twice' {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '16000000', '--cut-share', '0.5', '--cut-after-bytes', '1500000'
        try {
            $file = Save-MpsAigcVideo -TaskId 'done-cut1' -Endpoint $emulator.Url -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-cut1')
            $stats.CutResponses | Should -BeGreaterOrEqual 4
            # A cut range resumes after what it delivered: what came twice is far less than one range per cut.
            $stats.VideoBytesServed - $size | Should -BeLessOrEqual (1MB * $stats.CutResponses)
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'starts a file that changed while its ranges came again, and never splices two versions' {
        # Cut ranges are asked again after the change, with If-Range: the emulator answers with the new file. At 1 MB/s a
        # connection the first version needs 8 s, so the change comes while its ranges come, however busy the machine.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '1000000', '--cut-share', '0.25', '--cut-after-bytes', '6000000'
        try {
            $job = Save-MpsAigcVideo -TaskId 'done-change1' -Endpoint $emulator.Url -Path $folder -AsJob
            Wait-Served $emulator 2MB
            $null = Invoke-RestMethod -Method Post "$($emulator.Url)/_emulator/replace/videos/done-change1/1.mp4"
            $null = $job | Wait-Job -Timeout 120
            $file = $job | Receive-Job
            $job | Remove-Job -Force

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-change1')
            Get-ChildItem $folder -Exclude *.mp4 | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'renews a link that expires while its ranges come, and resumes from what came' {
        # The first link lives 3 s, which the emulator counts in whole seconds: it is refused (403) at most 4 s after
        # its query. A range is cut after 7.5 MB at 1.5 MB/s, so its resume comes no sooner than 5 s after it: a busy
        # machine only makes it later. The link that renews it lives an hour: no pause makes that one expire too.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '1500000', '--url-lifetime-seconds', '3', '--cut-share', '0.25', '--cut-after-bytes', '7500000'
        try {
            $task = Get-MpsAigcVideoTask 'done-expire1' -Endpoint $emulator.Url
            $null = Invoke-RestMethod -Method Post "$($emulator.Url)/_emulator/url-lifetime?seconds=3600"
            $file = $task | Save-MpsAigcVideo -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-expire1')
            $stats.CallsByAction.DescribeAigcVideoTask | Should -Be 2
            $stats.VideoBytesServed - $size | Should -BeLessOrEqual 4MB
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'gets one connection from a server that serves no ranges' {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--no-ranges'
        try {
            $file = Save-MpsAigcVideo -TaskId 'done-whole1' -Endpoint $emulator.Url -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-whole1')
            $stats.VideoRequests | Should -Be 1
            $stats.VideoBytesServed | Should -Be $size
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'resumes from its map after the process was killed, fetching only what was missing' {
        # 1 MB/s a connection, 8 MB/s the file: the kill comes seconds before the download could end.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '1000000'
        try {
            # Encoded, so that no platform's argument quoting splits the command.
            $command = "Import-Module '$ModulePath'; Save-MpsAigcVideo -TaskId 'done-kill1' -Endpoint '$($emulator.Url)' -Path '$folder'"
            $child = Start-Process $PowerShellPath -PassThru -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', ([Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command)))
            # Once the map on disk (saved once a second) names 20 MB, a kill: nothing runs after it.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-MapBytes $folder 'done-kill1.mp4') -lt 20MB -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $child | Stop-Process -Force
            $child.WaitForExit()
            Get-ChildItem $folder -Filter 'done-kill1.mp4.*.part.map' | Should -Not -BeNullOrEmpty
            # What the map names now, with its process gone, is what the rerun may trust.
            $held = Get-MapBytes $folder 'done-kill1.mp4'
            $held | Should -BeGreaterOrEqual 20MB
            $held | Should -BeLessThan $size
            Reset-MpsEmulator $emulator

            $file = Save-MpsAigcVideo -TaskId 'done-kill1' -Endpoint $emulator.Url -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-kill1')
            # Only what the map lacks comes again, and of the first answer (read only as far as its own range) a piece more.
            $stats.VideoBytesServed | Should -BeLessOrEqual ($size - $held + 4MB)
            Get-ChildItem $folder -Exclude *.mp4 | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'stops every range at once on Ctrl+C, leaving the part and its map for a rerun' {
        # 1 MB/s a connection: the file needs 8 s, far more than a busy machine takes to stop it.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '1000000'
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                    param($ModulePath, $Endpoint, $Folder)
                    Import-Module $ModulePath
                    Save-MpsAigcVideo -TaskId 'done-stop1' -Endpoint $Endpoint -Path $Folder
                }).AddArgument($ModulePath).AddArgument($emulator.Url).AddArgument($folder)
            $null = $ps.BeginInvoke()
            Wait-Served $emulator 8MB
            $stopped = $ps.BeginStop($null, $null)
            $stopped.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Dispose()
            # Every connection ends with the stop: the bytes served stop growing (checked every half second, for at
            # most 10 s), long before the file could have come whole.
            $served = -1
            $now = (Get-MpsEmulatorStats $emulator).VideoBytesServed
            for ($i = 0; $i -lt 20 -and $now -ne $served; $i++) {
                $served = $now
                Start-Sleep -Milliseconds 500
                $now = (Get-MpsEmulatorStats $emulator).VideoBytesServed
            }
            $now | Should -Be $served
            $now | Should -BeLessThan $size
            Get-ChildItem $folder -Filter *.mp4 | Should -BeNullOrEmpty
            Get-ChildItem $folder -Filter 'done-stop1.mp4.*.part' | Should -HaveCount 1
            Get-ChildItem $folder -Filter 'done-stop1.mp4.*.part.map' | Should -HaveCount 1
        }
        finally { Stop-MpsEmulator $emulator }
    }
}
