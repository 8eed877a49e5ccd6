BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '300000'
    $endpoint = $emulator.Url

    function New-TestFolder { (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-save-$([guid]::NewGuid())")).FullName }
    function Get-ServedHash($Emulator, [string] $TaskId, [int] $Index = 1) {
        Invoke-RestMethod "$($Emulator.Url)/_emulator/sha256/videos/$TaskId/$Index.mp4"
    }
}

AfterAll {
    Stop-MpsEmulator $emulator
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'Save-MpsAigcVideo' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'saves every video of every task byte for byte, and emits FileInfo objects that compose' {
        $files = 'done-s1', 'done-v2-s2' | Get-MpsAigcVideoTask -Endpoint $endpoint | Save-MpsAigcVideo -Path $folder

        $files.Name | Sort-Object | Should -Be @('done-s1.mp4', 'done-v2-s2_1.mp4', 'done-v2-s2_2.mp4')
        $files[0] | Should -BeOfType [System.IO.FileInfo]
        $byName = @{}; $files | ForEach-Object { $byName[$_.Name] = $_ }
        $byName['done-s1.mp4'].TaskId | Should -Be 'done-s1'
        $byName['done-s1.mp4'].SourceUrl | Should -Be "$endpoint/videos/done-s1/1.mp4"
        ($byName['done-s1.mp4'] | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-s1')
        ($byName['done-v2-s2_2.mp4'] | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-v2-s2' 2)
        Get-ChildItem $folder -Filter *.part | Should -BeNullOrEmpty
        $files | Remove-Item
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }

    It 'queries ids first with -TaskId, and names files by template' {
        $files = Save-MpsAigcVideo -TaskId 'done-r720-t1' -Endpoint $endpoint -Path $folder -FileName '{Resolution}-{TaskId}-{Index}.mp4'
        $files.Name | Should -Be '1080_720-done-r720-t1-1.mp4'
    }

    It 'saves a bare -Url under its own file name' {
        $url = (Get-MpsAigcVideoTask 'done-u1' -Endpoint $endpoint).VideoUrls[0]
        $file = Save-MpsAigcVideo -Url $url -Path $folder
        $file.Name | Should -Be '1.mp4'
        $file.TaskId | Should -BeNullOrEmpty
        ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-u1')
    }

    It 'resolves -Path through the provider: relative paths are created' {
        Push-Location $folder
        try {
            $file = Get-MpsAigcVideoTask 'done-rel' -Endpoint $endpoint | Save-MpsAigcVideo -Path 'videos/new'
            $file.FullName | Should -Be (Join-Path $folder 'videos/new/done-rel.mp4')
        }
        finally { Pop-Location }
    }

    It 'reports tasks that are not DONE, pointing to Wait or naming the failure' {
        $null = 'run-n1', 'fail-n2' | Get-MpsAigcVideoTask -Endpoint $endpoint | Save-MpsAigcVideo -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 2
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'TaskNotDone,*' }
        $err[0].Exception.Message | Should -Match 'Wait-MpsAigcVideoTask'
        $err[1].Exception.Message | Should -Match 'emulated failure'
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }

    It 'refuses to overwrite, overwrites with -Force, and keeps with -SkipExisting' {
        $task = Get-MpsAigcVideoTask 'done-e1' -Endpoint $endpoint
        $target = Join-Path $folder 'done-e1.mp4'
        Set-Content $target 'not a video'

        $none = $task | Save-MpsAigcVideo -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err
        $none | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content $target | Should -Be 'not a video'

        Reset-MpsEmulator $emulator
        $kept = $task | Save-MpsAigcVideo -Path $folder -SkipExisting
        $kept.FullName | Should -Be $target
        Get-Content $target | Should -Be 'not a video'
        (Get-MpsEmulatorStats $emulator).VideoRequests | Should -Be 0

        $task | Save-MpsAigcVideo -Path $folder -Force | Out-Null
        (Get-FileHash $target).Hash | Should -Be (Get-ServedHash $emulator 'done-e1')
    }

    It 'lists every target path with -WhatIf and saves nothing' {
        $script = "Import-Module '$ModulePath'; `$env:TENCENTCLOUD_SECRET_ID = '$DemoSecretId'; `$env:TENCENTCLOUD_SECRET_KEY = '$DemoSecretKey'; Get-MpsAigcVideoTask 'done-w1', 'done-v2-w2' -Endpoint '$endpoint' | Save-MpsAigcVideo -Path '$folder' -WhatIf"
        Reset-MpsEmulator $emulator
        $said = & $PowerShellPath -NoProfile -NonInteractive -Command $script
        ($said -join "`n") | Should -Match ([regex]::Escape((Join-Path $folder 'done-w1.mp4')))
        ($said -join "`n") | Should -Match ([regex]::Escape((Join-Path $folder 'done-v2-w2_1.mp4')))
        ($said -join "`n") | Should -Match ([regex]::Escape((Join-Path $folder 'done-v2-w2_2.mp4')))
        Get-ChildItem $folder | Should -BeNullOrEmpty
        (Get-MpsEmulatorStats $emulator).VideoRequests | Should -Be 0
    }

    It 'keeps a path traversal in the template inside the folder' {
        $file = Get-MpsAigcVideoTask 'done-p1' -Endpoint $endpoint | Save-MpsAigcVideo -Path $folder -FileName '../../{TaskId}/../x.mp4'
        $file.DirectoryName | Should -Be $folder
        $file.Name | Should -Not -Match '[/\\]'
        @(Get-ChildItem (Split-Path $folder) -Filter 'x.mp4').Count | Should -Be 0
    }

    It 'refuses URLs that are not http(s): <Url>' -ForEach @(
        @{ Url = 'file:///etc/passwd' }
        @{ Url = 'ftp://127.0.0.1/video.mp4' }
        @{ Url = 'videos/relative.mp4' }
    ) {
        $null = Save-MpsAigcVideo -Url $Url -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUrl,*'
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }
}

Describe 'Save-MpsAigcVideo on a flaky CDN' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'resumes bodies cut short with Range requests and ends with whole files' {
        $flaky = Start-TestEmulator -ArgumentList '--video-bytes', '1000000', '--cut-share', '0.5', '--cut-after-bytes', '400000'
        try {
            $ids = 1..6 | ForEach-Object { "done-c$_" }
            $files = $ids | Get-MpsAigcVideoTask -Endpoint $flaky.Url | Save-MpsAigcVideo -Path $folder
            $stats = Get-MpsEmulatorStats $flaky

            $files.Count | Should -Be 6
            $stats.CutResponses | Should -BeGreaterThan 0
            # Every request asks for a range (the first from byte 0); each cut costs one resume, and no more.
            $stats.RangeRequests | Should -Be $stats.VideoRequests
            $stats.VideoRequests | Should -Be (6 + $stats.CutResponses)
            foreach ($file in $files) { ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $flaky $file.TaskId) }
            Get-ChildItem $folder -Filter *.part | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $flaky }
    }

    It 'leaves no file at the final name when every attempt fails, only a .part' {
        # Every response breaks before its first byte: five attempts in a row without progress end it.
        $broken = Start-TestEmulator -ArgumentList '--video-bytes', '1000000', '--cut-share', '1', '--cut-after-bytes', '0'
        try {
            $null = Get-MpsAigcVideoTask 'done-broken' -Endpoint $broken.Url | Save-MpsAigcVideo -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DownloadFailed,*'
            $err[0].Exception.Message | Should -Match 'run the command again to resume'
            (Get-MpsEmulatorStats $broken).VideoRequests | Should -Be 5
            Test-Path (Join-Path $folder 'done-broken.mp4') | Should -BeFalse
            @(Get-ChildItem $folder -Filter 'done-broken.mp4.*.part').Count | Should -Be 1
        }
        finally { Stop-MpsEmulator $broken }
    }

    It 'resumes a .part left by an earlier run of the same video' {
        # Every response breaks after 1,000 bytes: the run ends at its cap of 50 attempts with 50,000 bytes kept.
        $broken = Start-TestEmulator -ArgumentList '--video-bytes', '300000', '--cut-share', '1', '--cut-after-bytes', '1000'
        try {
            $null = Get-MpsAigcVideoTask 'done-resume' -Endpoint $broken.Url | Save-MpsAigcVideo -Path $folder -ErrorAction SilentlyContinue
            $kept = (Get-ChildItem $folder -Filter '*.part').Length
            $kept | Should -BeGreaterThan 0
        }
        finally { Stop-MpsEmulator $broken }

        Reset-MpsEmulator $emulator
        $file = Get-MpsAigcVideoTask 'done-resume' -Endpoint $endpoint | Save-MpsAigcVideo -Path $folder
        $stats = Get-MpsEmulatorStats $emulator
        $stats.VideoRequests | Should -Be 1
        $stats.RangeRequests | Should -Be 1
        $stats.VideoBytesServed | Should -Be (300000 - $kept)
        ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator 'done-resume')
        Get-ChildItem $folder -Filter *.part | Should -BeNullOrEmpty
    }

    It 'renews an expired link by asking for the task again, and says VideoUrlExpired for a bare URL' {
        $shortLived = Start-TestEmulator -ArgumentList '--video-bytes', '1000', '--url-lifetime-seconds', '1'
        try {
            $task = Get-MpsAigcVideoTask 'done-x1' -Endpoint $shortLived.Url
            # That link is refused 2 s after its query at the latest (the emulator counts whole seconds); the one that
            # renews it lives an hour, so no pause of a busy machine makes it expire too before it is used.
            $null = Invoke-RestMethod -Method Post "$($shortLived.Url)/_emulator/url-lifetime?seconds=3600"
            Start-Sleep -Seconds 2
            $file = $task | Save-MpsAigcVideo -Path $folder
            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $shortLived 'done-x1')
            (Get-MpsEmulatorStats $shortLived).CallsByAction.DescribeAigcVideoTask | Should -Be 2
            # The links' signed times (start;end) show the lifetimes the emulator gave: 1 s, then the hour it was told.
            $signedSeconds = foreach ($url in $task.VideoUrls[0], (Get-MpsAigcVideoTask 'done-x1' -Endpoint $shortLived.Url).VideoUrls[0]) {
                $times = [regex]::Match($url, 'q-sign-time=(\d+)%3B(\d+)').Groups
                [long]$times[2].Value - [long]$times[1].Value
            }
            $signedSeconds[0] | Should -Be 1
            $signedSeconds[1] | Should -Be 3600

            $null = Save-MpsAigcVideo -Url $task.VideoUrls[0] -Path (Join-Path $folder 'bare') -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'VideoUrlExpired,*'
            $err[0].Exception.Message | Should -Match '12 hours'
            $err[0].Exception.Message | Should -Not -Match 'q-signature'
        }
        finally { Stop-MpsEmulator $shortLived }
    }
}

Describe 'Save-MpsAigcVideo end to end, jobs and secrets' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'runs ids.txt | Get | Wait | Save' {
        $ids = Join-Path $folder 'ids.txt'
        'done-after2polls-e1', 'done-after3polls-v2-e2', 'done-e3' | Set-Content $ids
        $files = Get-Content $ids | Get-MpsAigcVideoTask -Endpoint $endpoint | Wait-MpsAigcVideoTask -PollInterval 0.2 | Save-MpsAigcVideo -Path (Join-Path $folder 'videos')
        $files.Name | Sort-Object | Should -Be @('done-after2polls-e1.mp4', 'done-after3polls-v2-e2_1.mp4', 'done-after3polls-v2-e2_2.mp4', 'done-e3.mp4')
    }

    It 'streams files into a job, and Stop-Job leaves only .part files' {
        # 40 s a video: a busy machine may be slow to see the part and stop, never that slow.
        $slow = Start-TestEmulator -ArgumentList '--video-bytes', '2000000', '--bandwidth', '50000'
        try {
            $job = 'done-j1', 'done-j2' | Get-MpsAigcVideoTask -Endpoint $slow.Url | Save-MpsAigcVideo -Path $folder -AsJob
            $job.PSJobTypeName | Should -Be 'MpsAigcJob'
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-ChildItem $folder -Filter *.part) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            Get-ChildItem $folder -Filter *.mp4 | Should -BeNullOrEmpty
            Get-ChildItem $folder -Filter *.part | Should -Not -BeNullOrEmpty
            $job | Remove-Job
        }
        finally { Stop-MpsEmulator $slow }
    }

    It 'stops at once on Ctrl+C and leaves only .part files' {
        # 40 s a video, as above.
        $slow = Start-TestEmulator -ArgumentList '--video-bytes', '2000000', '--bandwidth', '50000'
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                    param($ModulePath, $Endpoint, $Folder)
                    Import-Module $ModulePath
                    'done-c1', 'done-c2' | Get-MpsAigcVideoTask -Endpoint $Endpoint | Save-MpsAigcVideo -Path $Folder
                }).AddArgument($ModulePath).AddArgument($slow.Url).AddArgument($folder)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-ChildItem $folder -Filter *.part) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Dispose()
            Get-ChildItem $folder -Filter *.mp4 | Should -BeNullOrEmpty
            Get-ChildItem $folder -Filter *.part | Should -Not -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $slow }
    }

    It 'delivers FileInfo objects and progress through a job' {
        $job = 'done-k1', 'done-k2' | Get-MpsAigcVideoTask -Endpoint $endpoint | Save-MpsAigcVideo -Path $folder -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $job.Progress[-1].RecordType | Should -Be 'Completed'
        $files = $job | Receive-Job
        $files.Name | Sort-Object | Should -Be @('done-k1.mp4', 'done-k2.mp4')
        $files[0].TaskId | Should -BeLike 'done-k*'
        $job | Remove-Job
        # Without a runspace of its own, the job still emits what the provider emits, so the file view shows
        # the same mode, owner and size columns as for a file saved directly.
        $direct = Save-MpsAigcVideo -TaskId 'done-k3' -Path $folder -Endpoint $endpoint
        $files[0].PSObject.Properties.Name | Sort-Object | Should -Be ($direct.PSObject.Properties.Name | Sort-Object)
        $files[0].PSPath | Should -Be $direct.PSPath.Replace('done-k3', $files[0].BaseName)
        if (-not $OnWindows) {
            $files[0].UnixMode | Should -Not -BeNullOrEmpty
            ($files[0].UnixMode, $files[0].User, $files[0].Size) | Should -Be ($direct.UnixMode, $direct.User, $direct.Size)
        }
    }

    It 'never shows a signed query string or the SecretKey in any stream, error or file name' {
        $flaky = Start-TestEmulator -ArgumentList '--video-bytes', '200000', '--cut-share', '0.5', '--cut-after-bytes', '50000', '--url-lifetime-seconds', '1'
        try {
            $Error.Clear()
            $tasks = 'done-q1', 'done-q2', 'fail-q3' | Get-MpsAigcVideoTask -Endpoint $flaky.Url
            $urls = $tasks.VideoUrls
            Start-Sleep -Seconds 2
            $captured = & {
                $tasks | Save-MpsAigcVideo -Path $folder -Verbose -Debug
                $urls | ForEach-Object { Save-MpsAigcVideo -Url $_ -Path (Join-Path $folder 'bare') -Verbose -Debug }
                Save-MpsAigcVideo -Url ($urls[0] -replace '^http', 'ftp') -Path $folder -Verbose
                $job = $tasks | Save-MpsAigcVideo -Path (Join-Path $folder 'job') -AsJob -Verbose -Debug
                $job | Wait-Job | Receive-Job -Verbose -Debug
                $job.Error; $job.Verbose; $job.Debug
                $job | Remove-Job
            } *>&1
            $text = ($captured | Out-String -Width 500) + ($Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() } | Out-String -Width 500)
            $names = (Get-ChildItem $folder -Recurse).Name -join "`n"

            $captured.Count | Should -BeGreaterThan 5
            $text | Should -Match 'answered HTTP 403: it has expired'
            foreach ($url in $urls) {
                $query = ([uri]$url).Query.TrimStart('?')
                $text | Should -Not -Match ([regex]::Escape($query))
                $names | Should -Not -Match ([regex]::Escape($query))
            }
            $text | Should -Not -Match 'q-signature='
            $names | Should -Not -Match 'q-sign'
            $text | Should -Not -Match ([regex]::Escape($DemoSecretKey))
        }
        finally { Stop-MpsEmulator $flaky }
    }
}

Describe 'Save-MpsAigcVideo over https' {
    BeforeAll {
        # A certificate made for this run, trusted by the child pwsh alone (SSL_CERT_FILE), as a user's system trusts COS.
        $certificate = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-cert-$([guid]::NewGuid()).pem"
        $tls = Start-TestEmulator -ArgumentList '--https', '--certificate-out', $certificate
    }

    AfterAll {
        Stop-MpsEmulator $tls
        Remove-Item $certificate -ErrorAction SilentlyContinue
    }

    It 'saves every video byte for byte through the TLS connections of the modern build' {
        $folder = New-TestFolder
        $script = @"
Import-Module '$ModulePath'
`$files = 'done-size5000011-tls1', 'done-v2-tls2' | Save-MpsAigcVideo -Endpoint '$($tls.Url)' -Path '$folder'
`$files | ForEach-Object { '{0} {1} {2}' -f `$_.Name, (Get-FileHash `$_.FullName).Hash, (Invoke-RestMethod ('$($tls.Url)/_emulator/sha256' + ([uri]`$_.SourceUrl).AbsolutePath)) }
"@
        $saved = $env:SSL_CERT_FILE
        try {
            $env:SSL_CERT_FILE = $certificate
            $lines = & $PowerShellPath -NoProfile -NonInteractive -Command $script
        }
        finally { $env:SSL_CERT_FILE = $saved }

        $lines | Should -HaveCount 3
        foreach ($line in $lines) {
            $name, $hash, $served = $line.Split(' ')
            $hash | Should -Be $served -Because $name
        }
        (Get-ChildItem $folder).Name | Sort-Object | Should -Be @('done-size5000011-tls1.mp4', 'done-v2-tls2_1.mp4', 'done-v2-tls2_2.mp4')
        (Get-Item (Join-Path $folder 'done-size5000011-tls1.mp4')).Length | Should -Be 5000011
        Remove-Item $folder -Recurse -Force
    }
}
