using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Downloads;
using MpsAigc.Downloads.Connections;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>
    /// The download connections of the modern build, against a raw HTTP/1.1 server on loopback: whatever the
    /// asynchronous reads wait for, every byte arrives, a link that goes quiet still delivers what it sent, and
    /// the connection serves the next request.
    /// </summary>
    public sealed class CoalescingReadTests : IDisposable
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly HttpClient _http = new HttpClient(CoalescingHttpHandler.Create());


        public CoalescingReadTests()
        {
            _listener.Start();
        }

        private string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/v.mp4";

        public void Dispose()
        {
            _http.Dispose();
            _listener.Stop();
        }

        [Fact]
        public void OnModernDotNetDownloadsUseTheCoalescingConnections()
        {
            using HttpMessageHandler handler = DownloadHttpHandler.Create();

            var sockets = Assert.IsType<SocketsHttpHandler>(handler);
            Assert.NotNull(sockets.ConnectCallback);
            Assert.False(sockets.AllowAutoRedirect);
        }

        [Fact]
        public async Task EveryByteArrivesAndTheConnectionServesTheNextRequest()
        {
            // Odd sizes, sent in small writes: pieces of every size meet the 1 MiB reads; the second answer is
            // far smaller than the large pieces the first one's reads waited for.
            byte[][] bodies = { Body(3 * 1024 * 1024 + 100_000, 1), Body(100, 2) };
            int connections = 0;
            Task server = Task.Run(async () =>
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref connections);
                NetworkStream stream = client.GetStream();
                foreach (byte[] body in bodies)
                {
                    await ReadRequestAsync(stream);
                    await stream.WriteAsync(Headers(body.Length));
                    for (int sent = 0; sent < body.Length; sent += 10_000)
                    {
                        await stream.WriteAsync(body.AsMemory(sent, Math.Min(10_000, body.Length - sent)));
                    }
                }
                await ReadRequestAsync(stream);
            });

            foreach (byte[] body in bodies)
            {
                Assert.Equal(body, await ReadWholeAsync(Url).WaitAsync(Bound));
            }

            Assert.Equal(1, connections);
            _http.Dispose();
            await server.WaitAsync(Bound);
        }

        [Fact]
        public async Task ALinkThatGoesQuietStillDeliversWhatItSent()
        {
            byte[] body = Body(1024 * 1024, 3);
            const int sentFirst = 200_000;
            var received = new TaskCompletionSource();
            Task server = Task.Run(async () =>
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync();
                NetworkStream stream = client.GetStream();
                await ReadRequestAsync(stream);
                await stream.WriteAsync(Headers(body.Length));
                await stream.WriteAsync(body.AsMemory(0, sentFirst));
                // Silent, the connection open, until the client has every byte so far: far less than the
                // large piece its reads would like to wait for.
                await received.Task.WaitAsync(Bound);
                await stream.WriteAsync(body.AsMemory(sentFirst));
            });

            using HttpResponseMessage response = await _http.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
            using Stream content = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1024 * 1024];
            int total = 0;
            while (total < sentFirst)
            {
                total += await content.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Bound);
            }
            Assert.Equal(sentFirst, total);
            received.SetResult();
            while (total < buffer.Length)
            {
                int read = await content.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Bound);
                Assert.NotEqual(0, read);
                total += read;
            }
            byte[] got = buffer;

            Assert.Equal(body, got);
            await server.WaitAsync(Bound);
        }

        [Fact]
        public async Task ABodyCutShortEndsTheReadWithAnError()
        {
            byte[] body = Body(1024 * 1024, 4);
            Task server = Task.Run(async () =>
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync();
                NetworkStream stream = client.GetStream();
                await ReadRequestAsync(stream);
                await stream.WriteAsync(Headers(body.Length));
                await stream.WriteAsync(body.AsMemory(0, 300_000));
            });

            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => ReadWholeAsync(Url).WaitAsync(Bound));

            Assert.True(error is IOException || error is HttpRequestException, error.ToString());
            await server.WaitAsync(Bound);
        }

        [Fact]
        public async Task TheHandlersOwnSmallReadsAreNotHeldBackByALargeRead()
        {
            (Socket client, Socket server) = await ConnectedPairAsync();
            using (client)
            using (server)
            // A wait far longer than downloads use (it ends as soon as the piece is there): the test must see the
            // read waiting before it sends, and on a busy machine its look may come late.
            using (var stream = new CoalescingNetworkStream(client, TimeSpan.FromSeconds(10)))
            {
                // One large piece: the read takes it whole, and the mark it waited with is still set.
                byte[] body = Body(CoalescingNetworkStream.CoalesceUpTo, 5);
                var buffer = new byte[1024 * 1024];
                Task<int> large = stream.ReadAsync(buffer).AsTask();
                // Sent once the read is waiting for a large piece, so that it gets one.
                await UntilAsync(() => LowWater(client) > 1);
                server.Send(body);
                int total = await large.WaitAsync(Bound);
                while (total < body.Length)
                {
                    total += await stream.ReadAsync(buffer.AsMemory(total, body.Length - total)).AsTask().WaitAsync(Bound);
                }
                Assert.Equal(body, buffer.Take(body.Length).ToArray());

                // The handler's next read (the next answer's headers) begins before those few bytes arrive.
                Task<int> small = stream.ReadAsync(new byte[100]).AsTask();
                server.Send(new byte[] { 1, 2, 3 });
                Assert.Equal(3, await small.WaitAsync(Bound));
            }
        }

        [Fact]
        public async Task ATrickleAfterASilenceIsDeliveredAsItComes()
        {
            (Socket client, Socket server) = await ConnectedPairAsync();
            using (client)
            using (server)
            // A longer wait than downloads use, so that the test sees it begin and end even when a busy machine
            // lets it look only now and then.
            using (var stream = new CoalescingNetworkStream(client, TimeSpan.FromSeconds(2)))
            {
                var buffer = new byte[1024 * 1024];
                Task<int> large = stream.ReadAsync(buffer).AsTask();
                // The read waits for a large piece, gives up on the silent link, and takes what comes next.
                await UntilAsync(() => LowWater(client) > 1);
                await UntilAsync(() => LowWater(client) == 1);
                server.Send(new byte[1000]);

                Assert.Equal(1000, await large.WaitAsync(Bound));
            }
        }

        private async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Task<Socket> accept = _listener.AcceptSocketAsync();
            await client.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
            return (client, await accept.WaitAsync(Bound));
        }

        private static int LowWater(Socket socket)
        {
            return Assert.IsType<int>(socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater));
        }

        private static async Task UntilAsync(Func<bool> condition)
        {
            using var bound = new CancellationTokenSource(Bound);
            while (!condition())
            {
                await Task.Delay(1, bound.Token);
            }
        }

        private async Task<byte[]> ReadWholeAsync(string url)
        {
            using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            using Stream content = await response.Content.ReadAsStreamAsync();
            using var copy = new MemoryStream();
            var buffer = new byte[1024 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer)) > 0)
            {
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }

        private static byte[] Body(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static byte[] Headers(int length)
        {
            return Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\nContent-Type: video/mp4\r\n\r\n");
        }

        /// <summary>Reads one request's head (these requests have no body), or up to the client's going away.</summary>
        private static async Task ReadRequestAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) > 0)
            {
                head.Append((char)one[0]);
            }
        }
    }
}
