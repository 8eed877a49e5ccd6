using System;

namespace MpsAigc.Common
{
    /// <summary>
    /// A result URL's query string signs it: it is a credential. What may be shown of a URL is its scheme,
    /// host and path.
    /// </summary>
    public static class SafeUrl
    {
        public static string Show(Uri url)
        {
            if (url == null)
            {
                return string.Empty;
            }
            if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            {
                // Other schemes may keep a query inside their path (ftp escapes "?" as %3F): show no path.
                return url.Scheme + "://" + url.Authority + "/...";
            }
            return url.GetLeftPart(UriPartial.Path);
        }

        /// <summary>Accepts absolute http(s) URLs only; anything else is an InvalidUrl error.</summary>
        public static Uri Parse(string? text)
        {
            if (Strings.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? url))
            {
                throw new MpsException(ErrorIds.InvalidUrl, MpsErrorKind.InvalidArgument, "'" + ShowText(text) + "' is not an absolute URL; give an http or https link to a file.");
            }
            Validate(url);
            return url;
        }

        public static void Validate(Uri url)
        {
            if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            {
                throw new MpsException(ErrorIds.InvalidUrl, MpsErrorKind.InvalidArgument, "Only http and https links can be downloaded, not " + url.Scheme + ":// (" + Show(url) + ").");
            }
        }

        /// <summary>What may be shown of a link given as text, parsable or not: everything before its query.</summary>
        public static string ShowText(string? text)
        {
            if (text == null)
            {
                return "(null)";
            }
            int query = text.IndexOf('?');
            string shown = query >= 0 ? text.Substring(0, query) : text;
            return shown.Length > 100 ? shown.Substring(0, 100) + "..." : shown;
        }
    }
}
