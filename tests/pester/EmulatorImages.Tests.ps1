# The emulator's image actions, as an independent client sees them: the official Node SDK signs, sends every
# field its model has, and reads the answers; the images behind the links are what their bytes say.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Set-MpsEmulatorCredential
    $emulator = Start-TestEmulator
}

AfterAll {
    Stop-MpsEmulator $emulator
}

Describe 'The official Node SDK and the image actions' {
    It 'creates with every field of the SDK, follows the task to DONE and gets the service''s errors' {
        $result = node (Join-Path $Root 'tests/node/images.js') $emulator.Port | ConvertFrom-Json

        $result.TaskId | Should -Match '^4-AigcImage-[0-9a-f]{32}$'
        $result.Statuses | Should -Be @('WAIT', 'RUN', 'DONE')
        $result.ImageUrls.Count | Should -Be 2
        $result.FailMessage | Should -Not -BeNullOrEmpty
        $result.TooLong | Should -Be 'InvalidParameterValue'
        $result.TooManyImages | Should -Be 'InvalidParameterValue'
        $result.VideoIdAsImage | Should -Be 'ResourceNotFound.TaskNotFound'

        # OutputFormat JPEG: both images are JPEG, whatever their links say.
        foreach ($url in $result.ImageUrls) {
            $response = Invoke-WebRequest $url -UseBasicParsing
            $response.Headers['Content-Type'] | Should -Be 'image/jpeg'
            $response.Content[0..2] | Should -Be @(0xFF, 0xD8, 0xFF)
        }
        $stats = Get-MpsEmulatorStats $emulator
        $stats.CallsByAction.CreateAigcImageTask | Should -Be 3
        $stats.CallsByAction.DescribeAigcImageTask | Should -Be 5
        $stats.ImageRequests | Should -Be 2
    }
}
