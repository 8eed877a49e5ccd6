# Loads the build of MpsAigc made for this edition of PowerShell: bin/net8.0 on PowerShell 7.4+ (its download
# connections use the modern socket and TLS handling directly), bin/netstandard2.0 on Windows PowerShell 5.1.
if ($PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -lt [version]'7.4') {
    throw "MpsAigc needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell $($PSVersionTable.PSVersion). Install PowerShell 7.4+ and import it there."
}
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
# The real Import-Module, whatever a session may have put in front of it.
$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core
$inner = & $importModule ([System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'MpsAigc.dll')) -PassThru -ErrorAction Stop
# Import-Module -Force reuses the loaded assembly and leaves this module without the cmdlets
# (PowerShell/PowerShell#20710): hand them to this module, as the well-known binary modules' loaders do.
$addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod('AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
foreach ($cmdlet in $inner.ExportedCmdlets.Values) {
    $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
}
