using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MpsAigc.Downloads
{
    /// <summary>Asks for bytes [from, to] of the version being fetched (If-Range), redirects followed by the downloader's rules.</summary>
    internal delegate Task<HttpResponseMessage> RangeRequest(long from, long to, CancellationToken cancellationToken);
}
