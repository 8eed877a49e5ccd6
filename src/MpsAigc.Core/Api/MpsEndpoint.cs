using System;
using System.Net;

namespace MpsAigc.Api
{
    /// <summary>Checks an endpoint before any request: https, or plain http for this machine only.</summary>
    public static class MpsEndpoint
    {
        public static readonly Uri Default = new Uri("https://mps.intl.tencentcloudapi.com");

        /// <summary>Tencent Cloud regions where MPS is offered, for completion.</summary>
        public static readonly string[] Regions =
        {
            "ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing", "ap-hongkong",
            "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-mumbai", "ap-seoul", "ap-tokyo", "na-siliconvalley",
            "na-ashburn", "eu-frankfurt", "sa-saopaulo",
        };

        public static Uri Validate(Uri endpoint)
        {
            if (endpoint == null)
            {
                return Default;
            }
            if (!endpoint.IsAbsoluteUri)
            {
                throw Invalid("The endpoint '" + endpoint + "' is not an absolute URL; give one like " + Default + ".");
            }
            if (endpoint.Scheme == Uri.UriSchemeHttps)
            {
                return Normalize(endpoint);
            }
            if (endpoint.Scheme == Uri.UriSchemeHttp)
            {
                if (IsLoopback(endpoint))
                {
                    return Normalize(endpoint);
                }
                throw Invalid("The endpoint '" + endpoint.GetLeftPart(UriPartial.Authority)
                    + "' uses plain http, which would send signed requests unencrypted. Use https; http is accepted only for this machine (localhost, 127.0.0.1, ::1).");
            }
            throw Invalid("The endpoint '" + endpoint.GetLeftPart(UriPartial.Scheme) + "...' is not an http(s) URL; give one like " + Default + ".");
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }
            return IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address);
        }

        /// <summary>The Host header as HttpClient sends it: the port only when it is not the scheme's default.</summary>
        public static string HostHeader(Uri endpoint)
        {
            return endpoint.IsDefaultPort ? endpoint.Host : endpoint.Host + ":" + endpoint.Port;
        }

        private static Uri Normalize(Uri endpoint)
        {
            // Requests always go to "/": a path or query on the endpoint would not be signed.
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        }

        private static MpsException Invalid(string message)
        {
            return new MpsException(ErrorIds.InvalidEndpoint, MpsErrorKind.InvalidArgument, message);
        }
    }
}
