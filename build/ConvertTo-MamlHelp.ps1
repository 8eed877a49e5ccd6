<#
.SYNOPSIS
    Compiles the platyPS-shaped markdown under docs/<culture>/ into the module's help: one MAML file for the
    cmdlets, and about_*.help.txt topics. platyPS itself is not served here; this reads the subset of its
    schema 2.0.0 that our pages use.
#>
param(
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $DestinationPath,
    [string] $HelpFileName = 'MpsAigc.dll-Help.xml'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Split-Sections([string[]] $Lines, [string] $Marker) {
    # Headings inside fenced code blocks are code, not headings.
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Marker)) {
            $current = $line.Substring($Marker.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

function Get-Paragraphs([string[]] $Lines) {
    # Markdown paragraphs: blank-line separated, lines joined; fenced blocks left out.
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        if ($line.Trim()) { $buffer.Add($line.Trim()) }
        elseif ($buffer.Count) { $paragraphs.Add($buffer -join ' '); $buffer.Clear() }
    }
    if ($buffer.Count) { $paragraphs.Add($buffer -join ' ') }
    $paragraphs
}

function Get-Fence([string[]] $Lines) {
    $inFence = $false
    $code = foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { if ($inFence) { break }; $inFence = $true; continue }
        if ($inFence) { $line }
    }
    $code -join "`n"
}

function Read-CommandPage([string] $Path) {
    $lines = (Get-Content $Path -Raw) -split "`r?`n"
    $name = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1).Substring(2).Trim()
    $sections = Split-Sections $lines '## '
    $parameters = foreach ($entry in (Split-Sections $sections['PARAMETERS'] '### ').GetEnumerator()) {
        if ($entry.Key -eq 'CommonParameters') { continue }
        $yaml = @{}
        foreach ($line in (Get-Fence $entry.Value) -split "`n") {
            if ($line -match '^(?<key>[^:]+):\s*(?<value>.*)$') { $yaml[$Matches.key.Trim()] = $Matches.value.Trim() }
        }
        [pscustomobject]@{
            Name        = $entry.Key.TrimStart('-')
            Description = @(Get-Paragraphs $entry.Value)
            Type        = $yaml['Type']
            Sets        = @($yaml['Parameter Sets'] -split ',\s*')
            Aliases     = if ($yaml['Aliases']) { $yaml['Aliases'] } else { 'none' }
            Required    = $yaml['Required'] -eq 'True'
            Position    = if ($yaml['Position'] -eq 'Named') { 'named' } else { $yaml['Position'] }
            Default     = $yaml['Default value']
            Pipeline    = $yaml['Accept pipeline input']
            Globbing    = $yaml['Accept wildcard characters'] -eq 'True'
        }
    }
    $examples = foreach ($entry in (Split-Sections $sections['EXAMPLES'] '### ').GetEnumerator()) {
        [pscustomobject]@{ Title = $entry.Key; Code = Get-Fence $entry.Value; Remarks = @(Get-Paragraphs $entry.Value) }
    }
    $types = {
        param($section)
        if (-not $section) { return }
        foreach ($entry in (Split-Sections $section '### ').GetEnumerator()) {
            [pscustomobject]@{ Name = $entry.Key; Description = @(Get-Paragraphs $entry.Value) }
        }
    }
    $links = foreach ($line in $sections['RELATED LINKS']) {
        if ($line -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') { [pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri } }
    }
    [pscustomobject]@{
        Name        = $name
        Synopsis    = (Get-Paragraphs $sections['SYNOPSIS']) -join ' '
        Description = @(Get-Paragraphs $sections['DESCRIPTION'])
        Parameters  = @($parameters)
        Examples    = @($examples)
        Inputs      = @(& $types $sections['INPUTS'])
        Outputs     = @(& $types $sections['OUTPUTS'])
        Notes       = @(Get-Paragraphs $sections['NOTES'])
        Links       = @($links)
    }
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras($writer, [string[]] $Paragraphs) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($p in $Paragraphs) { $writer.WriteElementString('maml', 'para', $maml, $p) }
    $writer.WriteEndElement()
}

function Write-Parameter($writer, $parameter) {
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', $parameter.Required.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', ($parameter.Type -like '*`[`]').ToString().ToLowerInvariant())
    $writer.WriteAttributeString('globbing', $parameter.Globbing.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', $parameter.Pipeline)
    $writer.WriteAttributeString('position', $parameter.Position)
    $writer.WriteAttributeString('aliases', $parameter.Aliases)
    $writer.WriteElementString('maml', 'name', $maml, $parameter.Name)
    Write-Paras $writer $parameter.Description
    if ($parameter.Type -ne 'SwitchParameter') {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($parameter.Type)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $parameter.Type)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $dev, $parameter.Default)
    $writer.WriteEndElement()
}

function Write-Types($writer, [string] $ListName, [string] $ItemName, $types) {
    $writer.WriteStartElement('command', $ListName, $command)
    foreach ($type in $types) {
        $writer.WriteStartElement('command', $ItemName, $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $type.Name)
        $writer.WriteEndElement()
        Write-Paras $writer $type.Description
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}

$null = New-Item -ItemType Directory $DestinationPath -Force
$pages = Get-ChildItem $SourcePath -Filter '*-*.md' | Sort-Object Name | ForEach-Object { Read-CommandPage $_.FullName }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create((Join-Path $DestinationPath $HelpFileName), $settings)
try {
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages) {
        $writer.WriteStartElement('command', 'command', $command)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $writer.WriteStartElement('command', 'details', $command)
        $writer.WriteElementString('command', 'name', $command, $page.Name)
        $writer.WriteElementString('command', 'verb', $command, $page.Name.Split('-')[0])
        $writer.WriteElementString('command', 'noun', $command, $page.Name.Split('-', 2)[1])
        Write-Paras $writer @($page.Synopsis)
        $writer.WriteEndElement()
        Write-Paras $writer $page.Description

        $writer.WriteStartElement('command', 'syntax', $command)
        $sets = @($page.Parameters | ForEach-Object { $_.Sets } | Where-Object { $_ -ne '(All)' } | Select-Object -Unique)
        if (-not $sets) { $sets = @('(All)') }
        foreach ($set in $sets) {
            $writer.WriteStartElement('command', 'syntaxItem', $command)
            $writer.WriteElementString('maml', 'name', $maml, $page.Name)
            $inSet = $page.Parameters | Where-Object { $_.Sets -contains $set -or $_.Sets -contains '(All)' }
            foreach ($parameter in @($inSet | Where-Object Position -NE 'named' | Sort-Object Position) + @($inSet | Where-Object Position -EQ 'named')) {
                Write-Parameter $writer $parameter
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $command)
        foreach ($parameter in $page.Parameters) { Write-Parameter $writer $parameter }
        $writer.WriteEndElement()
        Write-Types $writer 'inputTypes' 'inputType' $page.Inputs
        Write-Types $writer 'returnValues' 'returnValue' $page.Outputs

        $writer.WriteStartElement('maml', 'alertSet', $maml)
        $writer.WriteStartElement('maml', 'alert', $maml)
        foreach ($p in $page.Notes) { $writer.WriteElementString('maml', 'para', $maml, $p) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'examples', $command)
        foreach ($example in $page.Examples) {
            $writer.WriteStartElement('command', 'example', $command)
            $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $dev, $example.Code)
            $writer.WriteStartElement('dev', 'remarks', $dev)
            foreach ($p in $example.Remarks) { $writer.WriteElementString('maml', 'para', $maml, $p) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $command)
        foreach ($link in $page.Links) {
            $writer.WriteStartElement('maml', 'navigationLink', $maml)
            $writer.WriteElementString('maml', 'linkText', $maml, $link.Text)
            $writer.WriteElementString('maml', 'uri', $maml, $link.Uri)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}
finally { $writer.Dispose() }

# about_ topics: the markdown's text as it reads, which is what Get-Help about_* prints.
foreach ($topic in Get-ChildItem $SourcePath -Filter 'about_*.md') {
    # An HTML comment is a note to the page's writers, not text for its readers.
    $text = (Get-Content $topic.FullName -Raw) -replace '(?s)<!--.*?-->\r?\n(\r?\n)?', '' -replace '(?m)^#+ ', '' -replace '```\w*\r?\n', ''
    Set-Content (Join-Path $DestinationPath ($topic.BaseName + '.help.txt')) $text.TrimEnd() -Encoding utf8NoBOM
}
