# Windows PowerShell loads the module through this script: the manifest's RootModule names bin/<edition>/MpsAigc
# without an extension, and PowerShell takes a .psm1 before a .dll (bin/Core has only the .dll, so PowerShell 7 pays
# nothing for it). It refuses a .NET Framework older than 4.7.2 before the netstandard2.0 build is loaded: below
# 4.7.1 that build cannot load at all, and Windows PowerShell does not enforce the manifest's DotNetFrameworkVersion
# above 4.5.

function Assert-NetFramework([object] $Release) {
    # 461808: the Release value of .NET Framework 4.7.2 (docs: "Determine which .NET Framework versions are installed").
    if (-not ($Release -ge 461808)) {
        throw 'MpsAigc needs .NET Framework 4.7.2 or later, and this computer has an older one. Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework/net48; Windows Server 2016 and later take it too) and restart, or use PowerShell 7.4 or later.'
    }
}

if ($PSEdition -eq 'Desktop') {
    Assert-NetFramework ([Microsoft.Win32.Registry]::GetValue('HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full', 'Release', $null))
}
Import-Module "$PSScriptRoot/MpsAigc.dll"
Export-ModuleMember -Cmdlet *
