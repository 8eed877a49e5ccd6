@{
    # Two builds, in a folder named for the edition that loads each: bin/Core is the net8.0 build for PowerShell
    # 7.4+ (its downloads use the modern socket and TLS handling directly), bin/Desktop the netstandard2.0 build
    # for Windows PowerShell 5.1. A string that names the folder costs import less than an if: PowerShell compiles
    # that to choose, with its -eq binder, and it was the dearest part of importing the module. No extension:
    # PowerShell takes bin/Desktop/MpsAigc.psm1 before the .dll there (it checks .NET Framework first), and
    # bin/Core/MpsAigc.dll, the only file of that name in bin/Core.
    RootModule           = "bin/$PSEdition/MpsAigc"
    ModuleVersion        = '0.2.0'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '5f0c8f7e-2a8e-4c1b-9a57-6f1f3c2d9b41'
    Author               = 'MpsAigc contributors'
    CompanyName          = 'MpsAigc'
    Copyright            = '(c) MpsAigc contributors. MIT License.'
    Description          = 'Tencent Cloud MPS AIGC video and image generation from PowerShell: create, query, wait for and download AIGC video and image tasks, with TC3 signing, renewing role credentials, a rate limit shared by the machine''s processes, resumable downloads and -AsJob. Runs on PowerShell 7.4 or later, and on Windows PowerShell 5.1 with .NET Framework 4.7.2 or later.'
    # PowerShell 7.4 or later (the net8.0 build), or Windows PowerShell 5.1 on .NET Framework 4.7.2 or later (which
    # 5.1 does not enforce: bin/Desktop/MpsAigc.psm1 does). PowerShell 7.0-7.3 cannot load the net8.0 build.
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('MpsAigc.Format.ps1xml')
    CmdletsToExport      = @('Get-MpsAigcDefault', 'Get-MpsAigcImageTask', 'Get-MpsAigcVideoTask', 'New-MpsAigcImageTask', 'New-MpsAigcVideoTask', 'Save-MpsAigcImage', 'Save-MpsAigcVideo', 'Set-MpsAigcDefault', 'Wait-MpsAigcImageTask', 'Wait-MpsAigcVideoTask')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Tencent', 'TencentCloud', 'MPS', 'AIGC', 'Video', 'Image', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/mpsaigc/MpsAigc'
            ReleaseNotes = '0.2.0: restartable runbooks (-JournalPath, -IdempotencyKey, -RetryUnknown: a rerun never creates an input twice); a Wait rides out an outage with one probe a second and one warning each way (EndpointUnreachable); Windows PowerShell 5.1 for real (its dependencies bind, TLS 1.2, no two-connection limit, Windows file-name rules); large files in parallel ranges (-ConnectionLimit); Set-MpsAigcDefault -JournalPath; tasks carry their Kind. Changed: an image link that has expired is ResultUrlExpired (videos keep VideoUrlExpired); the task status type is MpsAigc.AigcTaskStatus; Set-MpsAigcDefault -RateLimitScope takes MpsAigc.RateLimiting.RateLimitScope. 0.1.0: video and image tasks (New, Get, Wait, Save) on one engine; role credentials that renew; one request budget per machine; https downloads; ReadyToRun; a local emulator.'
        }
    }
}
