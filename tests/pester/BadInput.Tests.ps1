# Bad input, table-driven: every case must end in a clear error with a stable ErrorId, within a bounded time,
# with the session still usable and the good items of the same batch unaffected.
BeforeDiscovery {
    $badIds = [ordered]@{
        'an empty id'                  = ''
        'a whitespace id'              = "  `t "
        'a null id'                    = $null
        'a 10 KB id'                   = 'x' * 10240
        'an id of 257 characters'      = 'd' * 257
        'a tab inside'                 = "done`t1"
        'a NUL inside'                 = "done`0" + '1'
        'a line break inside'          = "done`n1"
        'an escape character'          = "done`e[31m1"
        'a DEL character'              = "done$([char]0x7f)1"
        'non-ASCII letters'            = 'タスク-1'
        'an emoji'                     = "done-$([char]::ConvertFromUtf32(0x1F600))"
        'a right-to-left override'     = "done-$([char]0x202E)1"
        'a no-break space'             = "done$([char]0xA0)1"
        'a space inside'               = 'done 1'
    }
    $pipelines = @{
        Get  = '$items | Get-MpsAigcVideoTask -Endpoint $u'
        Wait = '$items | Wait-MpsAigcVideoTask -Endpoint $u -Timeout 30 -PollInterval 0.2'
        Save = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'
    }
    $cases = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($command in 'Get', 'Wait', 'Save') {
        foreach ($name in $badIds.Keys) {
            # A null on the pipeline meets the binder first where a VideoTask may be piped too.
            $errorId = if ($null -eq $badIds[$name] -and $command -ne 'Get') { 'ParameterArgumentValidationErrorNullNotAllowed' } else { 'InvalidTaskId' }
            $cases.Add(@{ Case = "$command, task id: $name"; Bad = $badIds[$name]; Script = $pipelines[$command]; ErrorId = $errorId; Good = 2 })
        }
        $cases.Add(@{ Case = "$command, task id: one the service does not know"; Bad = 'nosuch-1'; Script = $pipelines[$command]; ErrorId = 'ResourceNotFound.TaskNotFound'; Good = 2 })
        $cases.Add(@{ Case = "$command, pipeline: a FileInfo"; BadExpr = 'Get-Item ([object].Assembly.Location)'; Script = $pipelines[$command]; ErrorId = 'ParameterArgumentTransformationError'; Good = 2 })
        $cases.Add(@{ Case = "$command, pipeline: a date"; BadExpr = 'Get-Date'; Script = $pipelines[$command]; ErrorId = 'ParameterArgumentTransformationError'; Good = 2 })
    }
    $more = @(
        # Objects of other types on the pipeline.
        @{ Case = 'Get, pipeline: a hashtable without TaskId'; BadExpr = '@{ Name = 1 }'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'ParameterArgumentTransformationError'; Good = 2 }
        @{ Case = 'Get, pipeline: a hashtable with TaskId is taken'; BadExpr = '@{ TaskId = ''done-h1'' }'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = $null; Good = 3 }
        @{ Case = 'Get, pipeline: a script block'; BadExpr = '{ 1 }'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'ParameterArgumentTransformationError'; Good = 2 }
        @{ Case = 'Get, pipeline: a number is an id like any other'; Bad = 42; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'ResourceNotFound.TaskNotFound'; Good = 2 }
        @{ Case = 'Save, pipeline: a VideoTask that is not DONE'; Bad = 'wait-s1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u | Save-MpsAigcVideo -Path $d'; ErrorId = 'TaskNotDone'; Good = 2 }
        @{ Case = 'Save, pipeline: a VideoTask that FAILED'; Bad = 'fail-s1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u | Save-MpsAigcVideo -Path $d'; ErrorId = 'TaskNotDone'; Good = 2 }
        # Malformed service answers.
        @{ Case = 'Get, answer: not JSON'; Bad = 'bad-notjson-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'InvalidResponse'; Good = 2 }
        @{ Case = 'Get, answer: JSON without Response'; Bad = 'bad-noresponse-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'InvalidResponse'; Good = 2 }
        @{ Case = 'Get, answer: an HTML page'; Bad = 'bad-html-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'InvalidResponse'; Good = 2 }
        @{ Case = 'Get, answer: an HTML 502 page every time'; Bad = 'bad-html502-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'HttpServerError'; Good = 2 }
        @{ Case = 'Get, answer: a 50 MB body'; Bad = 'bad-huge-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'InvalidResponse'; Good = 2 }
        @{ Case = 'Get, answer: an unknown Status'; Bad = 'bad-status-1'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u'; ErrorId = 'UnknownTaskStatus'; Good = 2 }
        @{ Case = 'Wait, answer: an unknown Status'; Bad = 'bad-status-2'; Script = '$items | Wait-MpsAigcVideoTask -Endpoint $u -Timeout 30'; ErrorId = 'UnknownTaskStatus'; Good = 2 }
        @{ Case = 'Save, answer: VideoUrls null'; Bad = 'bad-urlsnull-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'NoVideoUrls'; Good = 2 }
        @{ Case = 'Save, answer: VideoUrls a string is read as one link'; Bad = 'bad-urlsstring-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = $null; Good = 3 }
        @{ Case = 'Save, answer: an ftp:// link'; Bad = 'bad-ftpurl-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save, answer: a file:// link'; Bad = 'bad-fileurl-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save, answer: a relative link'; Bad = 'bad-relativeurl-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save, answer: a link redirected to ftp://'; Bad = 'bad-redirect-1'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'RedirectRefused'; Good = 2 }
        # URLs given directly.
        @{ Case = 'Save -Url: file://'; Bad = 'file:///etc/passwd'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: ftp://'; Bad = 'ftp://127.0.0.1/a.mp4?sign=1'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: relative'; Bad = 'videos/a.mp4'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: empty'; Bad = ''; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: http:// and nothing else'; Bad = 'http://'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: javascript:'; Bad = 'javascript:alert(1)'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: mailto:'; Bad = 'mailto:someone@example.com'; Script = '$items = $g1, $items[1], $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'InvalidUrl'; Good = 2 }
        @{ Case = 'Save -Url: a link that has expired'; Bad = 'expired'; Script = '$items = $g1, ($g1 -replace ''/1\.mp4'', ''/3.mp4''), $g2; Save-MpsAigcVideo -Url $items -Path $d'; ErrorId = 'VideoUrlExpired'; Good = 2 }
        # Destinations.
        @{ Case = 'Save -Path: a drive that does not exist'; Script = 'Save-MpsAigcVideo -TaskId done-p1 -Endpoint $u -Path NoSuchDrive:/videos'; ErrorId = 'InvalidPath'; Terminating = $true }
        @{ Case = 'Save -Path: another provider'; Script = 'Save-MpsAigcVideo -TaskId done-p1 -Endpoint $u -Path Function:/'; ErrorId = 'InvalidPath'; Terminating = $true }
        @{ Case = 'Save -Path: a folder that cannot be made'; Script = '$file = Join-Path $d ''a-file''; Set-Content $file x; Save-MpsAigcVideo -TaskId done-p1 -Endpoint $u -Path (Join-Path $file videos)'; ErrorId = 'InvalidPath'; Terminating = $true }
        @{ Case = 'Save -Path: a file, not a folder'; Script = 'Save-MpsAigcVideo -TaskId done-p1 -Endpoint $u -Path ([object].Assembly.Location)'; ErrorId = 'InvalidPath'; Terminating = $true }
        @{ Case = 'Save -Path: a folder nothing can be written to'; Bad = 'done-p2'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path /proc/self'; ErrorId = 'FileWriteFailed'; Good = 0; AllFail = $true; LinuxOnly = 'a folder that even an administrator cannot write to is /proc/self on Linux; Windows has none to hand' }
        @{ Case = 'Save -FileName: an unknown placeholder'; Script = 'Save-MpsAigcVideo -TaskId done-p1 -Endpoint $u -Path $d -FileName ''{Id}.mp4'''; ErrorId = 'InvalidFileName'; Terminating = $true }
        @{ Case = 'Save -FileName: a name that is a folder'; Bad = 'done-dir'; Script = '$null = New-Item -ItemType Directory (Join-Path $d ''done-dir.mp4''); $items | Save-MpsAigcVideo -Endpoint $u -Path $d'; ErrorId = 'TargetIsFolder'; Good = 2 }
        @{ Case = 'Save -FileName: traversal stays in the folder'; Bad = 'done-up'; Script = '$items | Save-MpsAigcVideo -Endpoint $u -Path $d -FileName ''../../{TaskId}.mp4'' | Where-Object { $_.DirectoryName -eq $d }'; ErrorId = $null; Good = 3 }
        # Credentials and endpoints.
        @{ Case = 'Credential: an empty key'; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u -Credential ([pscredential]::new(''AKIDX'', [securestring]::new()))'; ErrorId = 'IncompleteCredentials'; Terminating = $true }
        @{ Case = 'Credential: a token without -Credential'; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u -SessionToken tok'; ErrorId = 'SessionTokenWithoutCredential'; Terminating = $true }
        @{ Case = 'Credential: a wrong key'; Bad = 'done-c2'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u -Credential ([pscredential]::new($env:TENCENTCLOUD_SECRET_ID, (ConvertTo-SecureString wrong -AsPlainText -Force)))'; ErrorId = 'AuthFailure.SignatureFailure'; Good = 0; AllFail = $true }
        @{ Case = 'Credential: an unknown SecretId'; Bad = 'done-c3'; Script = '$items | Get-MpsAigcVideoTask -Endpoint $u -Credential ([pscredential]::new(''AKIDUNKNOWN'', (ConvertTo-SecureString wrong -AsPlainText -Force)))'; ErrorId = 'AuthFailure.SecretIdNotFound'; Good = 0; AllFail = $true }
        @{ Case = 'Credential: a profile file with a broken section'; CredentialsFile = "[default`nsecret_id = x"; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u'; ErrorId = 'InvalidCredentialsFile'; Terminating = $true }
        @{ Case = 'Credential: a profile file with a line that is no key = value'; CredentialsFile = "[default]`nsecret_id = x`nnot a pair"; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u'; ErrorId = 'InvalidCredentialsFile'; Terminating = $true }
        @{ Case = 'Credential: a profile with an empty key'; CredentialsFile = "[default]`nsecret_id = AKIDX`nsecret_key ="; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u'; ErrorId = 'IncompleteCredentials'; Terminating = $true }
        @{ Case = 'Credential: a profile name that is not in the file'; CredentialsFile = "[default]`nsecret_id = AKIDX`nsecret_key = k"; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u -ProfileName nosuch'; ErrorId = 'ProfileNotFound'; Terminating = $true }
        @{ Case = 'Credential: none at all'; CredentialsFile = ''; Script = 'Get-MpsAigcVideoTask done-c1 -Endpoint $u'; ErrorId = 'NoCredentials'; Terminating = $true }
        @{ Case = 'Endpoint: plain http to another host'; Script = 'Get-MpsAigcVideoTask done-e1 -Endpoint http://example.com'; ErrorId = 'InvalidEndpoint'; Terminating = $true }
        @{ Case = 'Endpoint: ftp://'; Script = 'Get-MpsAigcVideoTask done-e1 -Endpoint ftp://127.0.0.1'; ErrorId = 'InvalidEndpoint'; Terminating = $true }
        @{ Case = 'Endpoint: nothing listening'; Bad = 'done-e2'; Script = '$items | Get-MpsAigcVideoTask -Endpoint http://127.0.0.1:9'; ErrorId = 'ConnectionRefused'; Good = 0; AllFail = $true }
    )
    $more | ForEach-Object { $cases.Add($_) }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator -ArgumentList '--video-bytes', '20000'
    # One runspace for every case, with the module loaded once: a case that crashed it would fail the next one.
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $load = [powershell]::Create()
    $load.Runspace = $runspace
    $null = $load.AddScript("Import-Module '$ModulePath'").Invoke()
    $load.Dispose()
    Import-Module $ModulePath -Force
    # Two links whose file names differ (1.mp4 and 2.mp4), for the -Url batches.
    $goodUrls = (Get-MpsAigcVideoTask 'done-url-1' -Endpoint $emulator.Url).VideoUrls[0], (Get-MpsAigcVideoTask 'done-v2-url-2' -Endpoint $emulator.Url).VideoUrls[1]

    # Runs one case in the runspace, bounded in time; returns its output, its errors and whether it ended in time.
    function Invoke-Case([hashtable] $Case, [string] $Folder) {
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $script = 'param($u, $d, $g1, $g2, $bad, $badExpr) if ($badExpr) { $bad = & ([scriptblock]::Create($badExpr)) }; $items = @(''done-ok-1'', $bad, ''done-ok-2''); try { ' + $Case.Script + ' } catch { [pscustomobject]@{ TerminatingError = $_ } }'
        $null = $ps.AddScript($script).AddArgument($emulator.Url).AddArgument($Folder).AddArgument($goodUrls[0]).AddArgument($goodUrls[1]).AddArgument($Case.Bad).AddArgument($Case.BadExpr)
        $async = $ps.BeginInvoke()
        $inTime = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))
        if (-not $inTime) { $ps.Stop() }
        $all = @($ps.EndInvoke($async))
        $terminating = ($all | Where-Object { $_.PSObject.Properties['TerminatingError'] }).TerminatingError
        $output = @($all | Where-Object { -not $_.PSObject.Properties['TerminatingError'] })
        $errors = @($ps.Streams.Error)
        $ps.Dispose()
        [pscustomobject]@{ InTime = $inTime; Output = $output; Errors = $errors; Terminating = $terminating }
    }
}

AfterAll {
    $runspace.Dispose()
    Stop-MpsEmulator $emulator
}

Describe 'Bad input' {
    BeforeEach {
        $folder = (New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "mpsaigc-bad-$([guid]::NewGuid())")).FullName
        $savedEnv = @{ File = $env:TENCENTCLOUD_CREDENTIALS_FILE; Id = $env:TENCENTCLOUD_SECRET_ID; Key = $env:TENCENTCLOUD_SECRET_KEY }
    }
    AfterEach {
        Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
        $env:TENCENTCLOUD_CREDENTIALS_FILE = $savedEnv.File; $env:TENCENTCLOUD_SECRET_ID = $savedEnv.Id; $env:TENCENTCLOUD_SECRET_KEY = $savedEnv.Key
    }

    It '<Case>' -ForEach $cases {
        if ($LinuxOnly -and $OnWindows) { Set-ItResult -Skipped -Because $LinuxOnly }
        if ($null -ne $CredentialsFile) {
            # Only the profile file: no credentials in the environment.
            $file = Join-Path $folder 'credentials'
            Set-Content $file $CredentialsFile
            $env:TENCENTCLOUD_CREDENTIALS_FILE = $file
            $env:TENCENTCLOUD_SECRET_ID = $null; $env:TENCENTCLOUD_SECRET_KEY = $null
        }
        $result = Invoke-Case $_ $folder

        $result.InTime | Should -BeTrue -Because 'no case may hang'
        if ($Terminating) {
            $result.Terminating | Should -Not -BeNullOrEmpty
            $result.Terminating.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $result.Terminating.Exception.Message | Should -Not -Match '\bat [\w.]+\(' -Because 'a message is not a stack trace'
        }
        else {
            $result.Terminating | Should -BeNullOrEmpty -Because 'one bad item does not stop the batch'
            if ($ErrorId) {
                $expectedErrors = if ($AllFail) { 3 } else { 1 }
                @($result.Errors).Count | Should -Be $expectedErrors
                $result.Errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
                $result.Errors[0].Exception.Message | Should -Not -BeNullOrEmpty
            }
            else {
                $result.Errors | Should -BeNullOrEmpty
            }
            @($result.Output).Count | Should -Be $Good
        }
        # The session lives on.
        $check = [powershell]::Create(); $check.Runspace = $runspace
        $check.AddScript('(Get-Command Get-MpsAigcVideoTask).Name').Invoke() | Should -Be 'Get-MpsAigcVideoTask'
        $check.Dispose()
    }
}
