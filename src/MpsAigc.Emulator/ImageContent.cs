using System;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The bytes of an emulated image: a real PNG or JPEG of a <see cref="Mosaic"/> whose colours are fixed by
    /// the image's name, so every request (and every emulator) serves the same file; padded with a comment
    /// when a test asks for a size.
    /// </summary>
    internal static class ImageContent
    {
        /// <summary>Images are built in memory for each request: none is made larger than this.</summary>
        public const long MaxBytes = 64L * 1024 * 1024;

        public static string ContentTypeOf(ImageFormat format)
        {
            return format == ImageFormat.Png ? "image/png" : "image/jpeg";
        }

        public static string ExtensionOf(ImageFormat format)
        {
            return format == ImageFormat.Png ? ".png" : ".jpg";
        }

        /// <param name="size">
        /// The size wanted, or null for the image's own. A size too small for the image and its padding's
        /// overhead gives the image's own size.
        /// </param>
        public static byte[] Build(string name, ImageFormat format, long? size)
        {
            ulong seed = VideoContent.SeedOf(name);
            Mosaic mosaic = Mosaic.FromSeed(seed);
            bool png = format == ImageFormat.Png;
            byte[] plain = png ? PngFile.Write(mosaic, null) : JpegFile.Write(mosaic, null, 0);
            long extra = Math.Min(size ?? 0, MaxBytes) - plain.Length;
            if (png)
            {
                long text = extra - PngFile.PaddingOverhead;
                return text < 1 ? plain : PngFile.Write(mosaic, PaddingText(seed, text));
            }
            // A JPEG pays the overhead once per COM segment, and a segment holds at most 64 KiB.
            int segments = (int)Math.Max(0, (extra + JpegFile.MaxSegmentBytes - 1) / JpegFile.MaxSegmentBytes);
            long commentText = extra - (long)segments * JpegFile.PaddingOverhead;
            return segments == 0 || commentText < segments ? plain : JpegFile.Write(mosaic, PaddingText(seed, commentText), segments);
        }

        /// <summary>Lower-case letters, fixed by the seed: valid tEXt, and never a JPEG marker.</summary>
        private static byte[] PaddingText(ulong seed, long length)
        {
            var text = new byte[length];
            VideoContent.Fill(seed ^ 0x5A5A5A5A5A5A5A5AUL, 0, text);
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = (byte)('a' + text[i] % 26);
            }
            return text;
        }
    }
}
