using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Sockets
{
    /// <summary>
    /// The handler MpsAigc.Core uses for video downloads when it runs on .NET 8 or later (it finds this type
    /// by name, as the core itself is built for netstandard2.0): every connection it opens is a
    /// <see cref="CoalescingNetworkStream"/>.
    /// </summary>
    public static class CoalescingHttpHandler
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
