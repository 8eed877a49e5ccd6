# Several pwsh processes (Start-Job children) waiting on tasks against one emulator at once, as runbooks
# sharing an account do; used by the quota tests and by the bench.

$part = {
    param([string] $ModulePath, [string] $Endpoint, [string] $Prefix, [int] $Count, [long] $StartAt, [string] $Scope, [double] $PollInterval, [int] $MaxRequestsPerSecond)
    $env:MPSAIGC_RATE_LIMIT_SCOPE = $Scope
    Import-Module $ModulePath
    if ($MaxRequestsPerSecond) { $PSDefaultParameterValues['Wait-MpsAigcVideoTask:MaxRequestsPerSecond'] = $MaxRequestsPerSecond }
    $ids = 1..$Count | ForEach-Object { "$Prefix-$_" }
    # Every process starts at the same moment, whatever its own start-up took.
    $wait = [datetime]::new($StartAt, 'Utc') - [datetime]::UtcNow
    if ($wait -gt [timespan]::Zero) { Start-Sleep -Milliseconds $wait.TotalMilliseconds }
    $started = [datetime]::UtcNow.Ticks
    $done = $ids | Wait-MpsAigcVideoTask -Endpoint $Endpoint -PollInterval $PollInterval -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable failed
    [pscustomobject]@{
        Done       = @($done | Where-Object Status -EQ 'DONE').Count
        Errors     = @($failed).Count
        FirstError = @($failed | ForEach-Object { $_.FullyQualifiedErrorId })[0]
        StartedAt  = $started
        EndedAt    = [datetime]::UtcNow.Ticks
    }
}

<#
.SYNOPSIS
    Runs -Processes pwsh processes, each waiting on -Count tasks named PREFIX-<process>-<n>, all starting
    together; returns each process's outcome (Done, Errors, FirstError, Seconds from the common start).
.PARAMETER Scope
    The rate limit scope each process runs at (MPSAIGC_RATE_LIMIT_SCOPE); a module that knows none ignores it.
#>
function Invoke-QuotaRun {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $Endpoint,
        [Parameter(Mandatory)] [string] $Prefix,
        [int] $Processes = 4,
        [int] $Count = 100,
        [string] $Scope = 'Machine',
        [double] $PollInterval = 5,
        # Each process's own rate; 0 for the module's default.
        [int] $MaxRequestsPerSecond = 0,
        [int] $TimeoutSec = 300,
        # How long the children have to start and import the module before they begin together; one that
        # is later starts late, which only tests that count (not time) can ignore.
        [double] $LeadSeconds = 3 + $Processes
    )
    $startAt = [datetime]::UtcNow.AddSeconds($LeadSeconds).Ticks
    $jobs = foreach ($n in 1..$Processes) {
        Start-Job -ScriptBlock $part -ArgumentList $ModulePath, $Endpoint, "$Prefix-$n", $Count, $startAt, $Scope, $PollInterval, $MaxRequestsPerSecond
    }
    try {
        # Bounded: a run that hangs fails here instead of holding up its caller.
        if (@($jobs | Wait-Job -Timeout $TimeoutSec).Count -ne $Processes) { throw "The quota run did not finish within $TimeoutSec s." }
        foreach ($job in $jobs) {
            $result = Receive-Job $job -ErrorAction Stop | Select-Object -Last 1
            [pscustomobject]@{
                Process    = $job.Id
                Done       = $result.Done
                Errors     = $result.Errors
                FirstError = $result.FirstError
                Seconds    = ($result.EndedAt - $startAt) / 1e7
            }
        }
    }
    finally { $jobs | Remove-Job -Force }
}

Export-ModuleMember -Function Invoke-QuotaRun
