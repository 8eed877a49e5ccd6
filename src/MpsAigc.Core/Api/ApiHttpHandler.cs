using System.Net;
using System.Net.Http;

namespace MpsAigc.Api
{
    /// <summary>The HTTP handler of API calls: no redirects or cookies (a signed request must reach the host it was signed for), compressed answers accepted.</summary>
    internal static class ApiHttpHandler
    {
#if NET8_0_OR_GREATER
        /// <summary>
        /// The modern build names SocketsHttpHandler itself (HttpClientHandler wraps one there), so that the
        /// first-call warm-up can run the same handler, settings and all, over an in-memory connection.
        /// </summary>
        public static SocketsHttpHandler Create()
        {
            return new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
        }
#else
        public static HttpMessageHandler Create()
        {
            return new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
        }
#endif
    }
}
