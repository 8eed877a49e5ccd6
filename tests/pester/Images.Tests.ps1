# The image cmdlets against the emulator: ids and prompts to files whose extension is what their bytes are,
# jobs, batches that mix videos and images, failures, expired links, names, creates and their own rate.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '20000'
    $endpoint = $emulator.Url

    function New-TestFolder { (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-images-$([guid]::NewGuid())")).FullName }

    # What the emulator served at a saved file's link (SourceUrl is the link without its signed query).
    function Get-ServedHash($Emulator, $File) {
        Invoke-RestMethod "$($Emulator.Url)/_emulator/sha256$(([uri]$File.SourceUrl).AbsolutePath)"
    }

    # A saved image's first bytes are those of the format its extension names.
    function Assert-ImageBytes($File) {
        $head = [byte[]]::new(4)
        $stream = [IO.File]::OpenRead($File.FullName)
        try { $null = $stream.Read($head, 0, 4) } finally { $stream.Dispose() }
        switch ($File.Extension) {
            '.png' { $head | Should -Be @(0x89, 0x50, 0x4E, 0x47) -Because "$($File.Name) is named PNG" }
            '.jpg' { $head[0..2] | Should -Be @(0xFF, 0xD8, 0xFF) -Because "$($File.Name) is named JPEG" }
            default { throw "$($File.Name) has neither a PNG nor a JPEG extension" }
        }
    }

    function Invoke-ChildPwsh([string] $Command) {
        $script = "Import-Module '$ModulePath'; `$env:TENCENTCLOUD_SECRET_ID = '$DemoSecretId'; `$env:TENCENTCLOUD_SECRET_KEY = '$DemoSecretKey'; $Command"
        (& $PowerShellPath -NoProfile -NonInteractive -Command $script) -join "`n"
    }
}

AfterAll {
    Stop-MpsEmulator $emulator
    Get-Job | Where-Object PSJobTypeName -EQ 'MpsAigcJob' | Remove-Job -Force
}

Describe 'Save-MpsAigcImage: ids to files' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'names every image by its task and index with the extension its bytes call for, whatever the link says' {
        Reset-MpsEmulator $emulator
        # i3: PNG, JPEG, PNG with links named without an extension, with the other format's, with the right one;
        # jpeg-octet: a JPEG served as application/octet-stream from a link without an extension; wrongext: a PNG at a .jpg link.
        $ids = 'done-img-a1', 'done-img-i3-a2', 'done-img-jpeg-octet-a3', 'done-img-wrongext-a4'
        $files = $ids | Get-MpsAigcImageTask -Endpoint $endpoint | Save-MpsAigcImage -Path $folder

        $files.Name | Sort-Object | Should -Be @(
            'done-img-a1.png', 'done-img-i3-a2_1.png', 'done-img-i3-a2_2.jpg', 'done-img-i3-a2_3.png',
            'done-img-jpeg-octet-a3.jpg', 'done-img-wrongext-a4.png')
        $files[0] | Should -BeOfType [System.IO.FileInfo]
        foreach ($file in $files) {
            Assert-ImageBytes $file
            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $emulator $file)
            $file.TaskId | Should -Be ($file.BaseName -replace '_\d$')
            $file.SourceUrl | Should -Not -Match '\?'
        }
        ($files | Where-Object Name -EQ 'done-img-wrongext-a4.png').SourceUrl | Should -Match '\.jpg$'
        Get-ChildItem $folder -Exclude *.png, *.jpg | Should -BeNullOrEmpty
        $stats = Get-MpsEmulatorStats $emulator
        $stats.CallsByAction.DescribeAigcImageTask | Should -Be 4
        $stats.ImageRequests | Should -Be 6
        $stats.VideoRequests | Should -Be 0
    }

    It 'queries ids first with -TaskId, and says NoImageUrls for a DONE task without links' {
        Reset-MpsEmulator $emulator
        $files = Save-MpsAigcImage -TaskId 'done-img-i2-t1', 'bad-urlsnull-t2' -Endpoint $endpoint -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err

        $files.Name | Sort-Object | Should -Be @('done-img-i2-t1_1.png', 'done-img-i2-t1_2.jpg')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoImageUrls,*'
        $err[0].TargetObject | Should -Be 'bad-urlsnull-t2'
        (Get-MpsEmulatorStats $emulator).CallsByAction.DescribeAigcImageTask | Should -Be 2
    }

    It 'replaces an image extension of the -FileName template with the one the bytes call for' {
        $jpeg = Get-MpsAigcImageTask 'done-img-jpeg-n1' -Endpoint $endpoint | Save-MpsAigcImage -Path $folder -FileName 'pic-{TaskId}.png'
        $jpeg.Name | Should -Be 'pic-done-img-jpeg-n1.jpg'
        Assert-ImageBytes $jpeg

        $two = Get-MpsAigcImageTask 'done-img-i2-n2' -Endpoint $endpoint | Save-MpsAigcImage -Path $folder -FileName '{TaskId}.jpeg'
        $two.Name | Sort-Object | Should -Be @('done-img-i2-n2_1.png', 'done-img-i2-n2_2.jpg')

        { Save-MpsAigcImage -TaskId 'done-img-n3' -Endpoint $endpoint -Path $folder -FileName '{TaskId}-{Resolution}' } |
            Should -Throw -ErrorId 'InvalidFileName,MpsAigc.Commands.SaveMpsAigcImageCommand'
    }

    It 'keeps a file an earlier run saved, whatever its extension, with -SkipExisting; refuses to overwrite without' {
        $task = Get-MpsAigcImageTask 'done-img-jpeg-e1' -Endpoint $endpoint
        $first = $task | Save-MpsAigcImage -Path $folder
        $first.Name | Should -Be 'done-img-jpeg-e1.jpg'
        $written = $first.LastWriteTimeUtc

        Reset-MpsEmulator $emulator
        # The template says .png; the JPEG saved before is the same image, and is kept.
        $kept = $task | Save-MpsAigcImage -Path $folder -FileName '{TaskId}.png' -SkipExisting
        $kept.FullName | Should -Be $first.FullName
        $kept.TaskId | Should -Be 'done-img-jpeg-e1'
        (Get-Item $first.FullName).LastWriteTimeUtc | Should -Be $written
        (Get-MpsEmulatorStats $emulator).ImageRequests | Should -Be 0

        $none = $task | Save-MpsAigcImage -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err
        $none | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        (Get-MpsEmulatorStats $emulator).ImageRequests | Should -Be 0
        @(Get-ChildItem $folder).Name | Should -Be @('done-img-jpeg-e1.jpg')
    }
}

Describe 'Image tasks that fail, and links that expire' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'makes a FAIL task a TaskFailed error of Wait and a TaskNotDone error of Save, and goes on with the rest' {
        $done = 'fail-after2polls-img-f1', 'done-after2polls-img-f2' | Wait-MpsAigcImageTask -Endpoint $endpoint -PollInterval 0.1 -ErrorAction SilentlyContinue -ErrorVariable waitErr
        $done.TaskId | Should -Be 'done-after2polls-img-f2'
        $done.PSObject.TypeNames[0] | Should -Be 'MpsAigc.ImageTask'
        $waitErr.Count | Should -Be 1
        $waitErr[0].FullyQualifiedErrorId | Should -BeLike 'TaskFailed,*'
        $waitErr[0].TargetObject.TaskId | Should -Be 'fail-after2polls-img-f1'
        $waitErr[0].TargetObject.Status | Should -Be 'FAIL'
        $waitErr[0].Exception.Message | Should -Match 'emulated failure'

        $null = 'fail-img-f3', 'run-img-f4' | Get-MpsAigcImageTask -Endpoint $endpoint | Save-MpsAigcImage -Path $folder -ErrorAction SilentlyContinue -ErrorVariable saveErr
        $saveErr.Count | Should -Be 2
        $saveErr.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'TaskNotDone,*' }
        ($saveErr | Where-Object { $_.TargetObject.TaskId -eq 'fail-img-f3' }).Exception.Message | Should -Match 'emulated failure'
        ($saveErr | Where-Object { $_.TargetObject.TaskId -eq 'run-img-f4' }).Exception.Message | Should -Match 'Wait-MpsAigcImageTask'
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }

    It 'renews an expired link by asking for the task again; a bare -Url cannot be renewed' {
        $shortLived = Start-TestEmulator -ArgumentList '--url-lifetime-seconds', '1'
        try {
            $task = Get-MpsAigcImageTask 'done-img-jpeg-x1' -Endpoint $shortLived.Url
            # That link is refused 2 s after its query at the latest (the emulator counts whole seconds); the one that
            # renews it lives an hour, so no pause of a busy machine makes it expire too before it is used.
            $null = Invoke-RestMethod -Method Post "$($shortLived.Url)/_emulator/url-lifetime?seconds=3600"
            Start-Sleep -Seconds 2
            $file = $task | Save-MpsAigcImage -Path $folder
            $file.Name | Should -Be 'done-img-jpeg-x1.jpg'
            ($file | Get-FileHash).Hash | Should -Be (Get-ServedHash $shortLived $file)
            Assert-ImageBytes $file
            (Get-MpsEmulatorStats $shortLived).CallsByAction.DescribeAigcImageTask | Should -Be 2

            $null = Save-MpsAigcImage -Url $task.ImageUrls[0] -Path (Join-Path $folder 'bare') -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ResultUrlExpired,*'
            $err[0].Exception.Message | Should -Match '12 hours'
            $err[0].Exception.Message | Should -Not -Match 'video is gone|video server'
            $err[0].Exception.Message | Should -Not -Match 'q-signature'
            Get-ChildItem (Join-Path $folder 'bare') | Should -BeNullOrEmpty
        }
        finally { Stop-MpsEmulator $shortLived }
    }
}

Describe 'From a prompt to files' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'runs New | Wait | Save, one billed create per prompt' {
        Reset-MpsEmulator $emulator
        $files = 'a red fox, watercolor' | New-MpsAigcImageTask -ModelName Hunyuan -OutputImageCount 2 -OutputFormat JPEG -Endpoint $endpoint |
            Wait-MpsAigcImageTask -PollInterval 0.1 | Save-MpsAigcImage -Path $folder

        $files.Count | Should -Be 2
        $files.TaskId | Select-Object -Unique | Should -Match '^4-AigcImage-[0-9a-f]{32}$'
        $files.Name | Sort-Object | Should -Be @("$($files[0].TaskId)_1.jpg", "$($files[0].TaskId)_2.jpg")
        $files | ForEach-Object { Assert-ImageBytes $_ }
        $stats = Get-MpsEmulatorStats $emulator
        $stats.CallsByAction.CreateAigcImageTask | Should -Be 1
        $stats.CallsByAction.DescribeAigcImageTask | Should -Be 3
        $stats.ImageRequests | Should -Be 2
    }

    It 'sends a model name it does not know, with a warning' {
        Reset-MpsEmulator $emulator
        $task = 'a heron at dawn' | New-MpsAigcImageTask -ModelName Imagen -Endpoint $endpoint -WarningAction SilentlyContinue -WarningVariable warned

        $warned.Count | Should -Be 1
        $warned[0].Message | Should -Match "'Imagen' is not an image model this module knows .*Hunyuan.*; it is sent as given"
        $task.PSObject.TypeNames[0] | Should -Be 'MpsAigc.ImageTask'
        $task.Status | Should -Be 'WAIT'
        $task.TaskId | Should -Match '^4-AigcImage-'
        (Get-MpsEmulatorStats $emulator).CallsByAction.CreateAigcImageTask | Should -Be 1
    }

    It 'prints the exact request body with -WhatIf and sends nothing' {
        Reset-MpsEmulator $emulator
        $said = Invoke-ChildPwsh "'a 狐 in snow' | New-MpsAigcImageTask -ModelName Kling -ModelVersion 2.1 -ImageUrl 'https://example.com/ref.png' -OutputImageCount 2 -OutputFormat PNG -AspectRatio 16:9 -Endpoint '$endpoint' -WhatIf"
        $said | Should -Match ([regex]::Escape('{"ModelName":"Kling","ModelVersion":"2.1","Prompt":"a 狐 in snow","ImageInfos":[{"ImageUrl":"https://example.com/ref.png"}],"OutputImageCount":2,"ExtraParameters":{"AspectRatio":"16:9","OutputFormat":"PNG"}}'))
        $said | Should -Match 'Create an AIGC image task \(billed\)'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'refuses a prompt over 1,000 characters with a clear error before sending, and creates the others' {
        Reset-MpsEmulator $emulator
        $created = ('x' * 1001), 'a quiet harbour' | New-MpsAigcImageTask -ModelName Hunyuan -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err

        $created.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskParameter,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match '1001 characters.*at most 1000.*Shorten it'
        (Get-MpsEmulatorStats $emulator).CallsByAction.CreateAigcImageTask | Should -Be 1
    }

    It 'completes model names and the chosen model''s versions from the module''s list' {
        $line = 'New-MpsAigcImageTask -ModelName Hu'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('Hunyuan')
        $line = 'New-MpsAigcImageTask -ModelName Kling -ModelVersion '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('2.1', 'O1', '3.0', '3.0-Omni')
        $line = 'New-MpsAigcImageTask -ModelVersion q'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('q2')
        $line = 'New-MpsAigcImageTask -ModelName Imagen -ModelVersion '
        (TabExpansion2 $line $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }
}

Describe 'Image cmdlets with -AsJob' {
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'gets, waits and saves in jobs, with the same objects and errors as the cmdlets' {
        $job = 'done-img-j1', '4-AigcImage-unknown', 'run-img-j2' | Get-MpsAigcImageTask -Endpoint $endpoint -AsJob
        $job.PSJobTypeName | Should -Be 'MpsAigcJob'
        $job.Command | Should -BeLike 'Get-MpsAigcImageTask *'
        $tasks = $job | Wait-Job -Timeout 60 | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable getErr
        $tasks.TaskId | Should -Be @('done-img-j1', 'run-img-j2')
        $tasks[0].PSObject.TypeNames[0] | Should -Be 'MpsAigc.ImageTask'
        $getErr[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound*'
        $job | Remove-Job

        $job = 'done-after2polls-img-j3', 'fail-img-j4' | Wait-MpsAigcImageTask -Endpoint $endpoint -PollInterval 0.1 -AsJob
        $job.Command | Should -BeLike 'Wait-MpsAigcImageTask *'
        $done = $job | Wait-Job -Timeout 60 | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable waitErr
        $job.State | Should -Be 'Completed'
        $done.TaskId | Should -Be 'done-after2polls-img-j3'
        $waitErr.FullyQualifiedErrorId | Should -Be 'TaskFailed'
        $job | Remove-Job

        $job = $tasks[0], $done | Save-MpsAigcImage -Path $folder -AsJob
        $job.Command | Should -BeLike 'Save-MpsAigcImage <2 inputs> *'
        $files = $job | Wait-Job -Timeout 60 | Receive-Job
        $job.State | Should -Be 'Completed'
        $files.Name | Sort-Object | Should -Be @('done-after2polls-img-j3.png', 'done-img-j1.png')
        $files | ForEach-Object { Assert-ImageBytes $_ }
        $job | Remove-Job
    }
}

Describe 'A batch of video and image tasks' {
    BeforeAll {
        $videos = Get-MpsAigcVideoTask 'done-m1', 'done-v2-m2' -Endpoint $endpoint
        $images = Get-MpsAigcImageTask 'done-img-m3', 'done-img-i2-m4' -Endpoint $endpoint
        $mixed = $videos[0], $images[0], $videos[1], $images[1]
    }
    BeforeEach { $folder = New-TestFolder }
    AfterEach { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

    It '<Cmdlet> takes its own kind and gives WrongTaskKind naming <Right> for each task of the other' -ForEach @(
        @{ Cmdlet = 'Wait-MpsAigcImageTask'; Right = 'Wait-MpsAigcVideoTask'; Own = 'images'; Other = 'a video' }
        @{ Cmdlet = 'Wait-MpsAigcVideoTask'; Right = 'Wait-MpsAigcImageTask'; Own = 'videos'; Other = 'an image' }
    ) {
        $out = $mixed | & $Cmdlet -PollInterval 0.1 -ErrorAction SilentlyContinue -ErrorVariable err
        $taken = if ($Own -eq 'images') { $images } else { $videos }
        $refused = if ($Own -eq 'images') { $videos } else { $images }

        $out.TaskId | Sort-Object | Should -Be ($taken.TaskId | Sort-Object)
        $err.Count | Should -Be 2
        foreach ($e in $err) {
            $e.FullyQualifiedErrorId | Should -BeLike 'WrongTaskKind,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.Exception.Message | Should -Match "is $Other task, and $Cmdlet is for .* tasks; use $Right\."
        }
        $err.TargetObject.TaskId | Sort-Object | Should -Be ($refused.TaskId | Sort-Object)
    }

    It 'Save-MpsAigcImage saves the images and names Save-MpsAigcVideo for the videos' {
        $files = $mixed | Save-MpsAigcImage -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err

        $files.Name | Sort-Object | Should -Be @('done-img-i2-m4_1.png', 'done-img-i2-m4_2.jpg', 'done-img-m3.png')
        $err.Count | Should -Be 2
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'WrongTaskKind,*' }
        $err.Exception.Message | ForEach-Object { $_ | Should -Match 'is a video task.*use Save-MpsAigcVideo\.' }
        Get-ChildItem $folder -Filter *.mp4 | Should -BeNullOrEmpty
    }

    It 'Save-MpsAigcVideo saves the videos and names Save-MpsAigcImage for the images' {
        $files = $mixed | Save-MpsAigcVideo -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err

        $files.Name | Sort-Object | Should -Be @('done-m1.mp4', 'done-v2-m2_1.mp4', 'done-v2-m2_2.mp4')
        $err.Count | Should -Be 2
        $err.Exception.Message | ForEach-Object { $_ | Should -Match 'is an image task.*use Save-MpsAigcImage\.' }
        Get-ChildItem $folder -Exclude *.mp4 | Should -BeNullOrEmpty
    }

    It 'a Get of one kind given an id written as the other kind''s says which cmdlet to ask' {
        $tasks = Get-MpsAigcVideoTask '4-AigcImage-abc', 'done-m5' -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable videoErr
        $tasks.TaskId | Should -Be 'done-m5'
        $videoErr[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound.TaskNotFound,*'
        $videoErr[0].TargetObject | Should -Be '4-AigcImage-abc'
        $videoErr[0].Exception.Message | Should -Match "written as an image task's; ask Get-MpsAigcImageTask\."

        $null = Get-MpsAigcImageTask '4-AigcVideo-abc' -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable imageErr
        $imageErr[0].Exception.Message | Should -Match "written as a video task's; ask Get-MpsAigcVideoTask\."
    }

    It '<Cmdlet> given an empty id names the action that makes <Kind> ids' -ForEach @(
        @{ Cmdlet = 'Get-MpsAigcImageTask'; Kind = 'image'; Action = 'CreateAigcImageTask' }
        @{ Cmdlet = 'Wait-MpsAigcImageTask'; Kind = 'image'; Action = 'CreateAigcImageTask' }
        @{ Cmdlet = 'Save-MpsAigcImage'; Kind = 'image'; Action = 'CreateAigcImageTask' }
        @{ Cmdlet = 'Get-MpsAigcVideoTask'; Kind = 'video'; Action = 'CreateAigcVideoTask' }
    ) {
        $extra = if ($Cmdlet -like 'Save-*') { @{ Path = $folder } } else { @{} }
        $null = '' | & $Cmdlet -Endpoint $endpoint @extra -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
        $err[0].Exception.Message | Should -Match "Pass the TaskId that $Action returned"
    }

    It 'queries videos and images at once, each action at its own documented rate, none refused' {
        Reset-MpsEmulator $emulator
        $job = 1..60 | ForEach-Object { "done-rate-v$_" } | Get-MpsAigcVideoTask -Endpoint $endpoint -AsJob
        $imageTasks = 1..40 | ForEach-Object { "done-img-rate-$_" } | Get-MpsAigcImageTask -Endpoint $endpoint
        $videoTasks = $job | Wait-Job -Timeout 60 | Receive-Job
        $job | Remove-Job

        $imageTasks.Count | Should -Be 40
        $videoTasks.Count | Should -Be 60
        $stats = Get-MpsEmulatorStats $emulator
        $stats.CallsByAction.DescribeAigcImageTask | Should -Be 40
        $stats.CallsByAction.DescribeAigcVideoTask | Should -Be 60
        $stats.RequestLimitExceeded | Should -Be 0
    }
}
