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
    $size = 64MB
}

Describe 'Save of a large file in ranges' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'fetches a 64 MiB file as ranges at once, byte for byte, no byte twice' {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '16000000'
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
        # Cut ranges are asked again after the change, with If-Range: the emulator answers with the new file.
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '4000000', '--cut-share', '0.25', '--cut-after-bytes', '6000000'
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
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '2000000'
        try {
            # Encoded, so that no platform's argument quoting splits the command.
            $command = "Import-Module '$ModulePath'; Save-MpsAigcVideo -TaskId 'done-kill1' -Endpoint '$($emulator.Url)' -Path '$folder'"
            $child = Start-Process $PowerShellPath -PassThru -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', ([Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command)))
            # Past the first saves of the map (one a second), then a kill: nothing runs after it.
            Wait-Served $emulator 40MB
            $child | Stop-Process -Force
            $child.WaitForExit()
            Get-ChildItem $folder -Filter 'done-kill1.mp4.*.part.map' | Should -Not -BeNullOrEmpty
            Reset-MpsEmulator $emulator

            $file = Save-MpsAigcVideo -TaskId 'done-kill1' -Endpoint $emulator.Url -Path $folder
            $stats = Get-MpsEmulatorStats $emulator

            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-kill1')
            # The map is about a second old: the bytes of that second may come again (8 connections at 2 MB/s), no more.
            $stats.VideoBytesServed | Should -BeLessOrEqual ($size - 40MB + 12 * 2000000)
            Get-ChildItem $folder -Exclude *.mp4 | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $emulator }
    }

    It 'stops every range at once on Ctrl+C, leaving the part and its map for a rerun' {
        $emulator = Start-TestEmulator -ArgumentList '--video-bytes', $size, '--bandwidth', '2000000'
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
