BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
    $endpoint = $emulator.Url
}

AfterAll {
    Set-MpsAigcDefault -Clear
    Stop-MpsEmulator $emulator
}

Describe 'New-MpsAigcVideoTask' {
    It 'makes one task per piped prompt, as objects Wait and Save take' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-new-$([guid]::NewGuid())"
        try {
            $created = 'a cat surfing', 'a dog skiing' | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint
            $created.Count | Should -Be 2
            $created[0].PSObject.TypeNames[0] | Should -Be 'MpsAigc.VideoTask'
            $created.Status | Should -Be @('WAIT', 'WAIT')
            $created.TaskId | ForEach-Object { $_ | Should -Match '^4-AigcVideo-[0-9a-f]{32}$' }

            $files = $created | Wait-MpsAigcVideoTask -PollInterval 0.2 | Save-MpsAigcVideo -Path $folder
            $files.Count | Should -Be 2
        }
        finally { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'creates at the documented 10 per second, never over it' {
        Reset-MpsEmulator $emulator
        $created = 1..25 | ForEach-Object { "prompt $_" } | New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint
        $stats = Get-MpsEmulatorStats $emulator
        $created.Count | Should -Be 25
        $stats.Requests | Should -Be 25
        $stats.RequestLimitExceeded | Should -Be 0
        $stats.MaxRequestsInOneSecond | Should -BeLessOrEqual 10
    }

    It 'reports a refused prompt with the service code and goes on' {
        $created = 'a calm sea', 'a forbidden thing', 'a quiet forest' |
            New-MpsAigcVideoTask -ModelName Vidu -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err
        $created.Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameter.ViolationContent,*'
        $err[0].TargetObject | Should -Be 'a forbidden thing'
    }

    It 'refuses a task without prompt or image before any request' {
        Reset-MpsEmulator $emulator
        $null = New-MpsAigcVideoTask -ModelName Kling -Endpoint $endpoint -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MissingPrompt,*'
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'prints the exact request body with -WhatIf and creates nothing' {
        Reset-MpsEmulator $emulator
        $script = "Import-Module '$ModulePath'; `$env:TENCENTCLOUD_SECRET_ID = '$DemoSecretId'; `$env:TENCENTCLOUD_SECRET_KEY = '$DemoSecretKey'; 'a 猫 on a board' | New-MpsAigcVideoTask -ModelName Hailuo -Duration 6 -Resolution 1080P -OffPeak -AdditionalParameters @{ seed = 3 } -Endpoint '$endpoint' -WhatIf"
        $said = (& $PowerShellPath -NoProfile -NonInteractive -Command $script) -join "`n"
        $said | Should -Match ([regex]::Escape('{"ModelName":"Hailuo","Prompt":"a 猫 on a board","Duration":6,"ExtraParameters":{"Resolution":"1080P","OffPeak":true},"AdditionalParameters":"{\"seed\":3}"}'))
        (Get-MpsEmulatorStats $emulator).Requests | Should -Be 0
    }

    It 'completes model names, resolutions and regions' {
        $line = 'New-MpsAigcVideoTask -ModelName K'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('Kling')
        $line = 'New-MpsAigcVideoTask -Resolution 1'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('1080P')
        $line = 'Get-MpsAigcVideoTask -Region ap-s'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain 'ap-singapore'
    }

    It 'completes the versions of the chosen model only' {
        $line = 'New-MpsAigcVideoTask -ModelName Vidu -ModelVersion q3'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('q3-pro', 'q3-turbo')
        $line = 'New-MpsAigcVideoTask -ModelName Hailuo -ModelVersion '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('02', '2.3')
    }

    It 'completes profile names from the credentials file' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-$([guid]::NewGuid()).ini"
        Set-Content $file "[default]`nsecret_id = a`nsecret_key = b`n[production]`nsecret_id = c`nsecret_key = d`n"
        $env:TENCENTCLOUD_CREDENTIALS_FILE = $file
        try {
            $line = 'Wait-MpsAigcVideoTask -ProfileName pro'
            (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('production')
        }
        finally {
            Remove-Item Env:TENCENTCLOUD_CREDENTIALS_FILE
            Remove-Item $file
        }
    }
}

Describe 'Session defaults' {
    AfterEach { Set-MpsAigcDefault -Clear }

    It 'fill what a command does not give, and a command''s own parameter wins' {
        Set-MpsAigcDefault -Endpoint $endpoint -Region ap-singapore
        (Get-MpsAigcVideoTask 'done-d1').Region | Should -Be 'ap-singapore'
        (Get-MpsAigcVideoTask 'done-d1').Endpoint | Should -Be ([uri]"$endpoint/")
        (Get-MpsAigcVideoTask 'done-d1' -Region ap-tokyo).Region | Should -Be 'ap-tokyo'
        { Get-MpsAigcVideoTask 'done-d1' -Endpoint 'http://mps.example.com' } | Should -Throw -ErrorId 'InvalidEndpoint,*'
    }

    It 'leave $PSDefaultParameterValues in charge' {
        Set-MpsAigcDefault -Endpoint 'https://mps.tencentcloudapi.com'
        $PSDefaultParameterValues['Get-MpsAigcVideoTask:Endpoint'] = $endpoint
        try { (Get-MpsAigcVideoTask 'done-d2').Status | Should -Be 'DONE' }
        finally { $PSDefaultParameterValues.Remove('Get-MpsAigcVideoTask:Endpoint') }
    }

    It 'keep a credential without ever showing its key' {
        Remove-Item Env:TENCENTCLOUD_SECRET_ID, Env:TENCENTCLOUD_SECRET_KEY
        try {
            $credential = [pscredential]::new($DemoSecretId, (ConvertTo-SecureString $DemoSecretKey -AsPlainText -Force))
            Set-MpsAigcDefault -Endpoint $endpoint -Credential $credential
            (Get-MpsAigcVideoTask 'done-d3').Status | Should -Be 'DONE'
            $shown = Get-MpsAigcDefault
            $shown.SecretId | Should -Be $DemoSecretId
            ($shown | Format-List * | Out-String) + ($shown | Format-Table | Out-String) + ($shown | ConvertTo-Json) | Should -Not -Match $DemoSecretKey
        }
        finally { Set-MpsEmulatorCredential }
    }

    It 'are refused when the endpoint is not https or this machine' {
        { Set-MpsAigcDefault -Endpoint 'http://mps.example.com' } | Should -Throw -ErrorId 'InvalidEndpoint,*'
        (Get-MpsAigcDefault).Endpoint | Should -BeNullOrEmpty
    }
}
