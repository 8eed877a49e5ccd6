# One Pester run in a process of its own, as build.ps1 -Task Test starts it: a script file, not a script block, so the
# run's streams reach the console as text (a script block's come back serialised, and a child process that writes
# plain text to the same error stream breaks that serialisation). The counts go to -ResultPath.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestsPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $ExcludeTag = '',
    [string] $ExcludePath = ''
)
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $TestsPath
$config.Run.ExcludePath = @($ExcludePath -split ',' | Where-Object { $_ })
$config.Run.PassThru = $true
$config.Filter.ExcludeTag = @($ExcludeTag -split ',' | Where-Object { $_ })
$config.Output.Verbosity = 'Detailed'
$run = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed   = $run.PassedCount
    Failed   = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
    Failures = @($run.Failed | ForEach-Object { $_.ExpandedPath + ' :: ' + ($_.ErrorRecord | Select-Object -First 1) })
} | ConvertTo-Json | Set-Content $ResultPath
