using System;
using System.IO;

namespace MpsAigc.Saving
{
    /// <summary>
    /// Tells an image's format from its first bytes: never from the link, whose name may have no extension or a
    /// wrong one, nor from the Content-Type, which storage often gives as application/octet-stream.
    /// </summary>
    public static class ImageFormats
    {
        /// <summary>How many first bytes <see cref="FromBytes"/> needs to tell every format.</summary>
        public const int SniffLength = 12;

        private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF };

        /// <summary>The format of a file whose first <paramref name="count"/> bytes are <paramref name="head"/>.</summary>
        public static ImageFileFormat FromBytes(byte[]? head, int count)
        {
            if (head == null)
            {
                return ImageFileFormat.Unknown;
            }
            count = Math.Min(count, head.Length);
            if (StartsWith(head, count, Png, 0))
            {
                return ImageFileFormat.Png;
            }
            if (StartsWith(head, count, Jpeg, 0))
            {
                return ImageFileFormat.Jpeg;
            }
            if (StartsWith(head, count, new[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' }, 0)
                && StartsWith(head, count, new[] { (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, 8))
            {
                return ImageFileFormat.WebP;
            }
            return ImageFileFormat.Unknown;
        }

        /// <summary>The format of a file on disk (a finished download, or its part file), from its first bytes.</summary>
        public static ImageFileFormat FromFile(string path)
        {
            var head = new byte[SniffLength];
            int count = 0;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                int read;
                while (count < head.Length && (read = file.Read(head, count, head.Length - count)) > 0)
                {
                    count += read;
                }
            }
            return FromBytes(head, count);
        }

        /// <summary>".png", ".jpg", ".webp", or ".bin" for Unknown.</summary>
        public static string ExtensionOf(ImageFileFormat format)
        {
            switch (format)
            {
                case ImageFileFormat.Png: return ".png";
                case ImageFileFormat.Jpeg: return ".jpg";
                case ImageFileFormat.WebP: return ".webp";
                default: return ".bin";
            }
        }

        /// <summary>True for an extension an image file may have (".png", ".jpg", ".jpeg", ".webp"), in any case.</summary>
        public static bool IsImageExtension(string extension)
        {
            switch ((extension ?? string.Empty).ToLowerInvariant())
            {
                case ".png":
                case ".jpg":
                case ".jpeg":
                case ".webp":
                    return true;
                default:
                    return false;
            }
        }

        private static bool StartsWith(byte[] head, int count, byte[] signature, int at)
        {
            if (count < at + signature.Length)
            {
                return false;
            }
            for (int i = 0; i < signature.Length; i++)
            {
                if (head[at + i] != signature[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
