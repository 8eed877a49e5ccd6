using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// The HTTP handler for video downloads. On .NET 8 or later (PowerShell 7.4+) it comes from
    /// MpsAigc.Sockets, shipped beside this assembly, whose connections read large bodies in large pieces;
    /// elsewhere (Windows PowerShell), or if that assembly is missing, it is the platform's own handler.
    /// </summary>
    internal static class DownloadHttpHandler
    {
        private const string SocketsAssembly = "MpsAigc.Sockets.dll";
        private const string SocketsFactory = "MpsAigc.Sockets.CoalescingHttpHandler";

        public static HttpMessageHandler Create()
        {
            return FromSocketsAssembly() ?? new HttpClientHandler
            {
                // Redirects are followed by the downloader, which knows which ones are safe.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
        }

        private static HttpMessageHandler FromSocketsAssembly()
        {
            string here = typeof(DownloadHttpHandler).Assembly.Location;
            if (Environment.Version.Major < 8 || string.IsNullOrEmpty(here))
            {
                return null;
            }
            string path = Path.Combine(Path.GetDirectoryName(here), SocketsAssembly);
            if (!File.Exists(path))
            {
                return null;
            }
            try
            {
                MethodInfo create = Assembly.LoadFrom(path).GetType(SocketsFactory)?.GetMethod("Create", Type.EmptyTypes);
                return create?.Invoke(null, null) as HttpMessageHandler;
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is TypeLoadException || e is TargetInvocationException)
            {
                // A damaged or mismatched copy: downloads still work, only less efficiently.
                return null;
            }
        }
    }
}
