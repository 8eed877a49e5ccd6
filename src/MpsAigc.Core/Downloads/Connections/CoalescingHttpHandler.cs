using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Downloads.Connections
{
    /// <summary>
    /// The download handler of the modern build: every connection it opens, plain or under TLS, is a
    /// <see cref="CoalescingNetworkStream"/>.
    /// </summary>
    internal static class CoalescingHttpHandler
    {
        public static HttpMessageHandler Create()
        {
            return new SocketsHttpHandler
            {
                // Redirects are followed by the downloader, which knows which ones are safe.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectCallback = ConnectAsync,
            };
        }

        private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        {
            // What SocketsHttpHandler does without a callback, with the stream type changed.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new CoalescingNetworkStream(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
