using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace MpsAigc.Emulator
{
    /// <summary>Writes a <see cref="Mosaic"/> as a PNG file: 8-bit RGB, no interlace, one IDAT.</summary>
    internal static class PngFile
    {
        public static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>A tEXt chunk's cost beside its text: length, type, keyword "Comment", its NUL, CRC.</summary>
        public const int PaddingOverhead = 12 + 8;

        private static readonly byte[] CommentKeyword = Encoding.ASCII.GetBytes("Comment\0");

        /// <param name="paddingText">
        /// When not null, a tEXt Comment of this many bytes is added, so a test can ask for an image of an
        /// exact size; its bytes are printable Latin-1 as tEXt requires.
        /// </param>
        public static byte[] Write(Mosaic mosaic, byte[]? paddingText)
        {
            using (var file = new MemoryStream())
            {
                file.Write(Signature);
                var header = new byte[13];
                BinaryPrimitives.WriteInt32BigEndian(header, mosaic.Width);
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), mosaic.Height);
                header[8] = 8; // bits per sample
                header[9] = 2; // colour type: RGB
                WriteChunk(file, "IHDR", header);
                WriteChunk(file, "IDAT", Compress(mosaic));
                if (paddingText != null)
                {
                    var text = new byte[CommentKeyword.Length + paddingText.Length];
                    CommentKeyword.CopyTo(text, 0);
                    paddingText.CopyTo(text, CommentKeyword.Length);
                    WriteChunk(file, "tEXt", text);
                }
                WriteChunk(file, "IEND", Array.Empty<byte>());
                return file.ToArray();
            }
        }

        private static byte[] Compress(Mosaic mosaic)
        {
            using (var compressed = new MemoryStream())
            {
                using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    var row = new byte[1 + mosaic.Width * 3];
                    for (int y = 0; y < mosaic.Height; y++)
                    {
                        row[0] = 0; // filter: none
                        for (int x = 0; x < mosaic.Width; x++)
                        {
                            (byte r, byte g, byte b) = mosaic.Pixel(y, x);
                            row[1 + x * 3] = r;
                            row[2 + x * 3] = g;
                            row[3 + x * 3] = b;
                        }
                        zlib.Write(row);
                    }
                }
                return compressed.ToArray();
            }
        }

        private static void WriteChunk(Stream file, string type, byte[] data)
        {
            var head = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
            Encoding.ASCII.GetBytes(type, 0, 4, head, 4);
            file.Write(head);
            file.Write(data);
            uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFF, head.AsSpan(4)), data) ^ 0xFFFFFFFF;
            var tail = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
            file.Write(tail);
        }

        /// <summary>The CRC-32 of PNG (and zlib's crc32): polynomial 0xEDB88320, reflected.</summary>
        internal static class Crc32
        {
            private static readonly uint[] Table = MakeTable();

            public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
            {
                foreach (byte b in bytes)
                {
                    crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
                }
                return crc;
            }

            private static uint[] MakeTable()
            {
                var table = new uint[256];
                for (uint n = 0; n < 256; n++)
                {
                    uint c = n;
                    for (int k = 0; k < 8; k++)
                    {
                        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                    }
                    table[n] = c;
                }
                return table;
            }
        }
    }
}
