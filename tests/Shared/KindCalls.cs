using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Api;
using MpsAigc.Tasks;

namespace MpsAigc.Tests.Shared
{
    /// <summary>The calls tests make most, typed: a kind's describe and create through a client, as the cmdlets make them.</summary>
    internal static class KindCalls
    {
        public static async Task<VideoTask> DescribeAsync(this MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            return (VideoTask)await VideoKind.Kind.DescribeAsync(client, taskId, cancellationToken).ConfigureAwait(false);
        }

        public static async Task<VideoTask> CreateAsync(this MpsClient client, byte[] body, CancellationToken cancellationToken)
        {
            return (VideoTask)await VideoKind.Kind.CreateAsync(client, body, cancellationToken).ConfigureAwait(false);
        }

        public static async Task<ImageTask> DescribeImageTaskAsync(this MpsClient client, string taskId, CancellationToken cancellationToken)
        {
            return (ImageTask)await ImageKind.Kind.DescribeAsync(client, taskId, cancellationToken).ConfigureAwait(false);
        }

        public static async Task<ImageTask> CreateImageTaskAsync(this MpsClient client, byte[] body, CancellationToken cancellationToken)
        {
            return (ImageTask)await ImageKind.Kind.CreateAsync(client, body, cancellationToken).ConfigureAwait(false);
        }

        public static Task<ImageTask> CreateImageTaskAsync(this MpsClient client, CreateImageTaskRequest request, CancellationToken cancellationToken)
        {
            return client.CreateImageTaskAsync(request.ToJson(), cancellationToken);
        }

        /// <summary>A raw call of a named action, as the emulator's own tests make it.</summary>
        public static Task<MpsResponse> InvokeAsync(this MpsClient client, string action, byte[] body, CancellationToken cancellationToken)
        {
            return client.InvokeAsync(new ApiAction(action), body, cancellationToken);
        }

        public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    }
}
