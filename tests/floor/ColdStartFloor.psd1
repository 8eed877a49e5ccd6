@{
    RootModule        = 'ColdStartFloor.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0d5a6c0e-6f5e-4c3a-9a34-5b7c1f0e2d11'
    CmdletsToExport   = @('Get-FloorItem')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
