using System.Net;
using System.Net.Http;
#if NET8_0_OR_GREATER
using MpsAigc.Downloads.Connections;
#endif

namespace MpsAigc.Downloads
{
    /// <summary>
    /// The HTTP handler for downloads of results: in the modern build (PowerShell 7.4+) one whose connections read
    /// large bodies in large pieces; in the netstandard2.0 build (Windows PowerShell) the platform's own.
    /// </summary>
    internal static class DownloadHttpHandler
    {
        public static HttpMessageHandler Create()
        {
#if NET8_0_OR_GREATER
            return CoalescingHttpHandler.Create();
#else
            return new HttpClientHandler
            {
                // Redirects are followed by the downloader, which knows which ones are safe.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
#endif
        }
    }
}
