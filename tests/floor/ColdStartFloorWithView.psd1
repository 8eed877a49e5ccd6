@{
    RootModule        = 'ColdStartFloor.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '7c1e9b52-3d4f-4e8a-b0c6-2a9d8e5f4c33'
    # One view: as any module that formats its objects ships one, and PowerShell rebuilds its format table for it.
    FormatsToProcess  = @('ColdStartFloor.Format.ps1xml')
    CmdletsToExport   = @('Get-FloorItem')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
