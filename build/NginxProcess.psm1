# A real web server for the Bench's download rows: nginx from Debian, on loopback, on a free port, with a
# configuration generated under out/, over http or https (a self-signed certificate made for the run), with a
# per-connection rate limit if asked. The peers the rows compare with (aria2, curl) are installed the same way.

# Installs the Debian packages whose commands are missing (apt-get, as root: the Bench's machines are Debian).
function Install-BenchTool {
    param([hashtable] $CommandToPackage)
    $missing = @($CommandToPackage.Keys | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) } | ForEach-Object { $CommandToPackage[$_] })
    if (-not $missing) { return }
    Write-Host "Installing $($missing -join ', ') with apt-get for the Bench"
    # RUNLEVEL=1: the nginx package must not start its own server on port 80 as it installs.
    $env:RUNLEVEL = '1'
    try {
        & apt-get update -qq | Out-Null
        & apt-get install -y -qq --no-install-recommends @missing | Out-Null
        if ($LASTEXITCODE) { throw "apt-get could not install $($missing -join ', ') (exit code $LASTEXITCODE)." }
    }
    finally { Remove-Item Env:RUNLEVEL }
}

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# A self-signed certificate for 127.0.0.1 (PEM certificate and key); trusting the certificate file trusts the server.
function New-LoopbackCertificate {
    param([Parameter(Mandatory)] [string] $Folder)
    $null = New-Item -ItemType Directory $Folder -Force
    $certificate = Join-Path $Folder 'loopback.pem'
    $key = Join-Path $Folder 'loopback.key'
    & openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=127.0.0.1' `
        -addext 'subjectAltName=IP:127.0.0.1' -keyout $key -out $certificate 2>$null
    if ($LASTEXITCODE) { throw 'openssl could not make the certificate.' }
    [pscustomobject]@{ Certificate = $certificate; Key = $key }
}

# Starts nginx serving the files of $Root at http(s)://127.0.0.1:PORT/; returns its Url and what stops it.
function Start-Nginx {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $ConfigFolder,
        # With a certificate from New-LoopbackCertificate: https.
        $Certificate,
        # Bytes per second of each connection (nginx's limit_rate, per connection); 0 = no limit.
        [long] $RateLimit = 0
    )
    $port = Get-FreeLoopbackPort
    $folder = Join-Path $ConfigFolder "nginx-$port"
    $null = New-Item -ItemType Directory (Join-Path $folder 'temp') -Force
    $listen = if ($Certificate) { "listen 127.0.0.1:$port ssl;`n        ssl_certificate $($Certificate.Certificate);`n        ssl_certificate_key $($Certificate.Key);" } else { "listen 127.0.0.1:$port;" }
    $limit = if ($RateLimit -gt 0) { "limit_rate $RateLimit;" } else { '' }
    @"
worker_processes auto;
daemon off;
pid $folder/nginx.pid;
error_log $folder/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 60;
    client_body_temp_path $folder/temp/body;
    proxy_temp_path $folder/temp/proxy;
    fastcgi_temp_path $folder/temp/fastcgi;
    uwsgi_temp_path $folder/temp/uwsgi;
    scgi_temp_path $folder/temp/scgi;
    server {
        $listen
        root $Root;
        $limit
    }
}
"@ | Set-Content (Join-Path $folder 'nginx.conf')
    $process = Start-Process nginx -ArgumentList '-p', $folder, '-c', (Join-Path $folder 'nginx.conf'), '-e', (Join-Path $folder 'error.log') -PassThru
    $scheme = if ($Certificate) { 'https' } else { 'http' }
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([System.Net.IPAddress]::Loopback, $port); break }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "nginx did not start: $(Get-Content (Join-Path $folder 'error.log') -Raw -ErrorAction SilentlyContinue)" }
            Start-Sleep -Milliseconds 50
        }
        finally { $client.Dispose() }
    }
    [pscustomobject]@{ Url = "${scheme}://127.0.0.1:$port"; Process = $process; Folder = $folder }
}

# Stops nginx and its workers (the master ends them; killing only the master would leave them running).
function Stop-Nginx {
    param($Server)
    if (-not $Server -or $Server.Process.HasExited) { return }
    & nginx -p $Server.Folder -c (Join-Path $Server.Folder 'nginx.conf') -e (Join-Path $Server.Folder 'error.log') -s stop 2>$null
    if (-not $Server.Process.WaitForExit(10000)) { $Server.Process.Kill() }
    Remove-Item $Server.Folder -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Install-BenchTool, New-LoopbackCertificate, Start-Nginx, Stop-Nginx
