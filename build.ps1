#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages MpsAigc.
.DESCRIPTION
    Build    assembles the importable module at out/MpsAigc and the emulator at out/emulator.
    Test     runs every test: xunit (core, emulator, cmdlets and jobs) and Pester (cmdlets in a real pwsh).
    Demo     starts the emulator and shows the module at work in a real pwsh.
    Bench    measures the figures of out/bench.md beside the peers it names (-Rows 1,11,12: only those rows).
    Package  writes out/packages/MpsAigc.<version>.nupkg for Install-PSResource.
    Clean    removes every build output.
    Everything the build needs (Pester, the Node SDK used as a peer) is fetched by the build itself.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # With -Task Test: also the soak (10,000 tasks at the documented 50 requests/s; about 10 minutes more).
    [switch] $Soak,

    # With -Task Bench: only these rows, for example -Rows 1,11,12 (a string: pwsh -File passes one).
    [string] $Rows = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'MpsAigc'
$EmulatorOut = Join-Path $Out 'emulator'
$ToolsOut = Join-Path $Out 'tools'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# The manifest's data. Not Import-PowerShellDataFile: the manifest picks its RootModule by $PSEdition, which a
# plain data file may not; the manifest is this repository's own, so evaluating it is safe.
function Get-Manifest {
    & ([scriptblock]::Create((Get-Content (Join-Path $Root 'MpsAigc.psd1') -Raw)))
}

function Get-ModuleVersion {
    (Get-Manifest).ModuleVersion
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $staging = Join-Path $Out 'obj/module'
    Invoke-Native dotnet @('build', "$Root/src/MpsAigc.Emulator/MpsAigc.Emulator.csproj", '-c', $Configuration, '-o', $EmulatorOut, '--nologo', '-v:q')
    foreach ($path in $ModuleOut, $staging) { if (Test-Path $path) { Remove-Item $path -Recurse -Force } }
    $null = New-Item -ItemType Directory $ModuleOut
    # Two builds, in a folder named for the edition the manifest loads each in: net8.0 for PowerShell 7.4+ (Core),
    # netstandard2.0 for Windows PowerShell 5.1 (Desktop).
    foreach ($build in @{ Framework = 'net8.0'; Edition = 'Core' }, @{ Framework = 'netstandard2.0'; Edition = 'Desktop' }) {
        $framework = $build.Framework
        Invoke-Native dotnet @('publish', "$Root/src/MpsAigc/MpsAigc.csproj", '-c', $Configuration, '-f', $framework, '-o', "$staging/$framework", '--nologo', '-v:q', "-p:Version=$version")
        $bin = New-Item -ItemType Directory (Join-Path $ModuleOut "bin/$($build.Edition)")
        if ($framework -eq 'net8.0') { ConvertTo-ReadyToRun "$staging/$framework" }
        # The module's own assemblies (and, for Windows PowerShell, the System.Text.Json family it lacks).
        Get-ChildItem "$staging/$framework" -Filter *.dll |
            Where-Object Name -NotIn @('System.Management.Automation.dll') |
            Copy-Item -Destination $bin
    }
    Copy-Item (Join-Path $Root 'MpsAigc.psd1') $ModuleOut
    Get-ChildItem (Join-Path $Root 'module') -File | Copy-Item -Destination $ModuleOut
    # Windows PowerShell's loader goes beside the netstandard2.0 build it loads (bin/Desktop/MpsAigc.psm1).
    Copy-Item (Join-Path $Root 'module/DesktopLoader/MpsAigc.psm1') (Join-Path $ModuleOut 'bin/Desktop')
    & (Join-Path $Root 'build/ConvertTo-MamlHelp.ps1') -SourcePath (Join-Path $Root 'docs/en-US') -DestinationPath (Join-Path $ModuleOut 'en-US')
    # Every exported cmdlet must have its page in the compiled help, or Get-Help quietly falls back to syntax only.
    $helpXml = [xml](Get-Content (Join-Path $ModuleOut 'en-US/MpsAigc.dll-Help.xml') -Raw)
    $documented = @($helpXml.helpItems.command | ForEach-Object { $_.details.name })
    $missing = @((Get-Manifest).CmdletsToExport | Where-Object { $_ -notin $documented })
    if ($missing) { throw "No help page compiled for: $($missing -join ', ') (docs/en-US/<cmdlet>.md)." }
    Write-Host "Built MpsAigc $version at $ModuleOut"
}

function Restore-Tools {
    $crossgen = Get-Crossgen2Package
    Invoke-Native dotnet @('restore', "$Root/build/tools.proj", '--packages', $ToolsOut, '-v:q', "-p:Crossgen2Rid=$($crossgen.Rid)", "-p:Crossgen2Version=$($crossgen.Version)")
    Join-Path $ToolsOut 'pester/5.7.1/tools/Pester.psd1'
}

# The ReadyToRun compiler for the runtime that runs this pwsh (the one the module's modern build loads into
# here), on this platform.
function Get-Crossgen2Package {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $rid = $os + '-' + [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    $version = [System.Environment]::Version.ToString(3)
    $name = "microsoft.netcore.app.crossgen2.$rid"
    $exe = Join-Path $ToolsOut "$name/$version/tools/crossgen2$(if ($IsWindows) { '.exe' })"
    [pscustomobject]@{ Rid = $rid; Version = $version; Exe = $exe; Os = $os; Arch = ($rid -split '-')[-1] }
}

# Compiles the modern build's own assemblies ahead of time (ReadyToRun) for the runtime PowerShell runs on, so
# import and the first call run precompiled code instead of JIT-compiling every method they touch: the cold
# start of one query. The SDK's PublishReadyToRun cannot do this for net8.0: it uses .NET 8's compiler, whose
# images a newer runtime ignores. The IL stays in the files, so another runtime or platform JIT-compiles them
# as before. The framework and System.Management.Automation are references outside the version bubble.
function ConvertTo-ReadyToRun([string] $Folder) {
    $crossgen = Get-Crossgen2Package
    if (-not (Test-Path $crossgen.Exe)) { $null = Restore-Tools }
    if (-not $IsWindows) { Invoke-Native chmod @('+x', $crossgen.Exe) }
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $il = Join-Path $Out 'obj/il'
    if (Test-Path $il) { Remove-Item $il -Recurse -Force }
    $null = New-Item -ItemType Directory $il
    foreach ($name in 'MpsAigc.Core.dll', 'MpsAigc.dll') {
        Move-Item (Join-Path $Folder $name) $il
    }
    $references = @('-r', (Join-Path $framework '*.dll'), '-r', (Join-Path $PSHOME 'System.Management.Automation.dll'))
    Invoke-Native $crossgen.Exe (@((Join-Path $il 'MpsAigc.Core.dll'), '-o', (Join-Path $Folder 'MpsAigc.Core.dll'), '-O', '--targetos', $crossgen.Os, '--targetarch', $crossgen.Arch) + $references)
    Invoke-Native $crossgen.Exe (@((Join-Path $il 'MpsAigc.dll'), '-o', (Join-Path $Folder 'MpsAigc.dll'), '-O', '--targetos', $crossgen.Os, '--targetarch', $crossgen.Arch) + $references + @('-r', (Join-Path $il 'MpsAigc.Core.dll')))
}

function Restore-NodePeer {
    # The official Node SDK: an independent client for the emulator, and the peer of the benchmarks.
    Push-Location (Join-Path $Root 'tests/node')
    try {
        if (-not (Test-Path node_modules/tencentcloud-sdk-nodejs-mps)) {
            Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error')
        }
    }
    finally { Pop-Location }
}

function Invoke-Test {
    Invoke-Package
    # No test may ask a real metadata service (and on a laptop, none answers): an address that refuses at once,
    # inherited by every test process. Tests of the CVM role point it at the emulator.
    $env:MPSAIGC_METADATA_ENDPOINT = 'http://127.0.0.1:9'
    $pester = Restore-Tools
    Restore-NodePeer
    $results = [System.Collections.Generic.List[object]]::new()

    # The core's tests twice: against its net8.0 build and its netstandard2.0 build (Windows PowerShell's), on this .NET.
    $xunitRuns = @(
        @{ Suite = 'MpsAigc.Core.Tests'; Project = 'MpsAigc.Core.Tests'; Properties = @() }
        @{ Suite = 'MpsAigc.Core.Tests (netstandard2.0 core)'; Project = 'MpsAigc.Core.Tests'; Properties = @('-p:CoreFramework=netstandard2.0') }
        @{ Suite = 'MpsAigc.Emulator.Tests'; Project = 'MpsAigc.Emulator.Tests'; Properties = @() }
        @{ Suite = 'MpsAigc.Tests'; Project = 'MpsAigc.Tests'; Properties = @() }
    )
    foreach ($run in $xunitRuns) {
        $project = $run.Project
        $trx = Join-Path $Out "test-results/$($run.Suite -replace '[^\w.-]+', '-').trx"
        & dotnet test "$Root/tests/$project/$project.csproj" -c $Configuration --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' @($run.Properties)
        $exit = $LASTEXITCODE
        $counters = if (Test-Path $trx) { ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters } else { $null }
        $failures = if (Test-Path $trx) {
            $trxXml = [xml](Get-Content $trx -Raw)
            @($trxXml.TestRun.Results.UnitTestResult | Where-Object outcome -eq 'Failed' | ForEach-Object { $_.testName + ' :: ' + ($_.Output.ErrorInfo.Message -split "`n")[0] })
        } else { @() }
        $results.Add([pscustomobject]@{
            Suite    = $run.Suite
            Passed   = if ($counters) { [int]$counters.passed } else { 0 }
            Failed   = if ($counters) { [int]$counters.failed + [int]$counters.error } elseif ($exit) { 1 } else { 0 }
            Failures = $failures
        })
    }

    $results.Add((Invoke-PesterSuite $pester 'Pester (cmdlets)' 'tests/pester'))
    # The cmdlet suites again against the Windows PowerShell build (bin/Desktop) under this pwsh: the same cmdlets on the
    # netstandard2.0 assemblies. Not the package's test (the package loads bin/Core wherever it is installed), nor the
    # faults and load suite, whose minutes would take the Test task past 15 (it runs once, on the modern build).
    $results.Add((Invoke-PesterSuite $pester 'Pester (cmdlets, Desktop build)' 'tests/pester' -ModulePath (New-DesktopTestModule) -ExcludePath 'tests/pester/Package.Tests.ps1'))
    # Faults, load and the long soak: a suite of their own; the soak runs only with -Soak.
    $results.Add((Invoke-PesterSuite $pester 'Pester (faults, load)' 'tests/hardening' -ExcludeTag $(if ($Soak) { @() } else { @('Soak') })))

    $results | Format-Table Suite, Passed, Failed -AutoSize | Out-Host
    # Last, where a truncated CI log still shows them: which tests failed, and their first line.
    foreach ($result in $results) {
        foreach ($failure in $result.Failures) { Write-Host "FAILED [$($result.Suite)] $failure" }
    }
    $passed = ($results | Measure-Object Passed -Sum).Sum
    $failed = ($results | Measure-Object Failed -Sum).Sum
    # The plain closing line CI reads.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

# The built module with its manifest naming bin/Desktop for every edition: the Windows PowerShell build (its loader
# bin/Desktop/MpsAigc.psm1, the netstandard2.0 assemblies) loaded by this pwsh.
function New-DesktopTestModule {
    $copy = Join-Path $Out 'desktop-test/MpsAigc'
    if (Test-Path $copy) { Remove-Item $copy -Recurse -Force }
    $null = New-Item -ItemType Directory $copy
    Copy-Item (Join-Path $ModuleOut '*') $copy -Recurse
    $manifest = Join-Path $copy 'MpsAigc.psd1'
    $text = Get-Content $manifest -Raw
    if (-not $text.Contains('"bin/$PSEdition/MpsAigc"')) { throw "The manifest no longer names bin/`$PSEdition/MpsAigc; update New-DesktopTestModule." }
    Set-Content $manifest $text.Replace('"bin/$PSEdition/MpsAigc"', '"bin/Desktop/MpsAigc"') -NoNewline
    $manifest
}

# Runs one folder of Pester tests in a fresh pwsh (the module loads there once, as a user's would); -ModulePath: another
# build of the module than out/MpsAigc (tests/pester/TestHelpers.psm1 reads MPSAIGC_TEST_MODULE).
function Invoke-PesterSuite([string] $PesterPath, [string] $Name, [string] $TestsPath, [string[]] $ExcludeTag = @(), [string] $ModulePath = '', [string[]] $ExcludePath = @()) {
    $resultPath = Join-Path $Out "test-results/$($Name -replace '[^\w.-]+', '-').json"
    Remove-Item $resultPath -ErrorAction SilentlyContinue
    # Out-Host: the run's lines are for the console; this function returns only the counts.
    $env:MPSAIGC_TEST_MODULE = $ModulePath
    try {
        $run = @('-PesterPath', $PesterPath, '-TestsPath', (Join-Path $Root $TestsPath), '-ResultPath', $resultPath)
        if ($ExcludeTag) { $run += '-ExcludeTag', ($ExcludeTag -join ',') }
        if ($ExcludePath) { $run += '-ExcludePath', (@($ExcludePath | ForEach-Object { Join-Path $Root $_ }) -join ',') }
        & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $Root 'build/Invoke-PesterRun.ps1') @run | Out-Host
    }
    finally { $env:MPSAIGC_TEST_MODULE = $null }
    $counts = if (Test-Path $resultPath) { Get-Content $resultPath -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }
    [pscustomobject]@{ Suite = $Name; Passed = $counts.Passed; Failed = $counts.Failed; Failures = @($counts.Failures | Where-Object { $_ }) }
}

function Invoke-Demo {
    Invoke-Build
    & (Join-Path $PSHOME 'pwsh') -NoProfile -File (Join-Path $Root 'build/Demo.ps1') -ModulePath (Join-Path $ModuleOut 'MpsAigc.psd1') -EmulatorPath (Join-Path $EmulatorOut 'MpsAigc.Emulator.dll')
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    Invoke-Build
    Restore-NodePeer
    $bench = @{
        ModulePath     = Join-Path $ModuleOut 'MpsAigc.psd1'
        EmulatorPath   = Join-Path $EmulatorOut 'MpsAigc.Emulator.dll'
        NodePeerPath   = Join-Path $Root 'tests/node'
        OutFile        = Join-Path $Out 'bench.md'
    }
    $selected = @($Rows -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { [int] $_ })
    if ($selected) { $bench.Rows = $selected -join ',' }
    if (-not $selected -or @($selected | Where-Object { $_ -in 15, 16, 17, 22 })) { $bench.PeerModulePath = Build-LimiterPeer }
    if (-not $selected -or 1 -in $selected) { $bench.FloorPath = Build-ColdStartFloor }
    & (Join-Path $PSHOME 'pwsh') -NoProfile -File (Join-Path $Root 'build/Bench.ps1') @bench
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

# The peer of bench rows 15-17 and 22: MpsAigc as it was before issue 13 (each process with a limiter of its own, no outage handling),
# built once from that commit of this repository's history.
function Build-LimiterPeer {
    $commit = '6cba5bd'
    $peer = Join-Path $Out "bench-peer/$commit"
    $manifest = Join-Path $peer 'MpsAigc/MpsAigc.psd1'
    if (-not (Test-Path $manifest)) {
        $source = Join-Path $Out "obj/bench-peer-$commit"
        if (Test-Path $source) { Remove-Item $source -Recurse -Force }
        $null = New-Item -ItemType Directory $source
        $archive = Join-Path $Out "obj/bench-peer-$commit.tar"
        Invoke-Native git @('-C', $Root, 'archive', '--format=tar', '-o', $archive, $commit)
        Invoke-Native tar @('-xf', $archive, '-C', $source)
        Invoke-Native dotnet @('publish', "$source/src/MpsAigc/MpsAigc.csproj", '-c', 'Release', '-o', "$source/stage", '--nologo', '-v:q')
        $null = New-Item -ItemType Directory (Split-Path $manifest) -Force
        Get-ChildItem "$source/stage" -Filter *.dll | Where-Object Name -NE 'System.Management.Automation.dll' | Copy-Item -Destination (Split-Path $manifest)
        Copy-Item "$source/MpsAigc.psd1", "$source/module/*" (Split-Path $manifest) -Recurse
    }
    $manifest
}

# Row 1's floor: a one-cmdlet binary module that makes one HttpClient POST, with and without a view.
function Build-ColdStartFloor {
    $floor = Join-Path $Out 'bench-floor'
    Invoke-Native dotnet @('publish', "$Root/tests/floor/ColdStartFloor.csproj", '-c', 'Release', '-o', $floor, '--nologo', '-v:q')
    Remove-Item (Join-Path $floor 'System.Management.Automation.dll') -ErrorAction Ignore
    Copy-Item "$Root/tests/floor/*.psd1", "$Root/tests/floor/*.ps1xml" $floor
    $floor
}

function Invoke-Package {
    Invoke-Build
    $packages = Join-Path $Out 'packages'
    $null = New-Item -ItemType Directory $packages -Force
    Get-ChildItem $packages -Filter 'MpsAigc.*.nupkg' | Remove-Item
    Compress-PSResource -Path $ModuleOut -DestinationPath $packages
    Get-ChildItem $packages -Filter 'MpsAigc.*.nupkg' | ForEach-Object { Write-Host "Packaged $($_.FullName)" }
}

function Invoke-Clean {
    foreach ($path in @($Out) + (Get-ChildItem $Root -Recurse -Directory -Include bin, obj, node_modules | Select-Object -ExpandProperty FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally { Pop-Location }
