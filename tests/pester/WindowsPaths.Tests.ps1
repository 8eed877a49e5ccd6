# Saved names as Windows and the other platforms see them: a drive's root is a folder, names differing only in case
# are one file where the file system says so, and characters Windows refuses in a link's name are cleaned, one
# item at a time. -WhatIf: nothing is written, not even into the root.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $ModulePath -Force
    $onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    $onMacOS = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::OSX)
}

Describe 'Where results are saved' {
    It 'saves into the root of a drive (D:\ on Windows, / elsewhere)' {
        $root = [System.IO.Path]::GetPathRoot([System.IO.Path]::GetTempPath())
        $errors = $null
        Save-MpsAigcVideo -Url 'https://cos.example/v/a.mp4', 'https://cos.example/v/b.mp4' -Path $root -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        @($errors) | Should -BeNullOrEmpty
    }

    It 'takes two names that differ only in case for one file where the file system does (Windows, macOS), and for two elsewhere' {
        $errors = $null
        Save-MpsAigcVideo -Url 'https://cos.example/v/Clip.mp4', 'https://cos.example/w/clip.MP4' -Path $TestDrive -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        if ($onWindows -or $onMacOS) {
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateTarget,*'
        }
        else {
            @($errors) | Should -BeNullOrEmpty
        }
    }

    It 'cleans the characters Windows refuses from a link''s name, and one bad link does not stop the others' {
        $errors = $null
        Save-MpsAigcVideo -Url 'https://cos.example/v/a%22b%3Cc%3Ed%7Ce.mp4', 'not a link', 'https://cos.example/v/CON%20.mp4' -Path $TestDrive -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Not -BeLike 'UnexpectedError*'
    }
}
