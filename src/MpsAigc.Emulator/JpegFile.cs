using System;
using System.Collections.Generic;
using System.IO;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// Writes a <see cref="Mosaic"/> as a baseline JFIF file, YCbCr without subsampling. Every 8 by 8 block is
    /// one colour, so its only coefficient is DC: each block is coded as a DC difference and an end of block,
    /// and the file decodes to the mosaic exactly (quantisation by 1).
    /// </summary>
    internal static class JpegFile
    {
        /// <summary>A COM segment's cost beside its text: marker and length.</summary>
        public const int PaddingOverhead = 4;

        /// <summary>The most text one COM segment holds (its length field counts itself).</summary>
        public const int MaxCommentBytes = 65535 - 2;

        public const int MaxSegmentBytes = MaxCommentBytes + PaddingOverhead;

        // The standard DC table of ITU T.81 Annex K.3 (luminance): code lengths 1..16, then categories 0..11.
        private static readonly byte[] DcLengths = { 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
        private static readonly byte[] DcSymbols = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

        // Only end of block is ever coded for AC: one code, "0".
        private static readonly byte[] AcLengths = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        private static readonly byte[] AcSymbols = { 0x00 };

        /// <param name="paddingText">
        /// When not null, <paramref name="segments"/> COM segments share these bytes (at least one each, at
        /// most <see cref="MaxCommentBytes"/>), so a test can ask for an image of an exact size.
        /// </param>
        public static byte[] Write(Mosaic mosaic, byte[]? paddingText, int segments)
        {
            using (var file = new MemoryStream())
            {
                Marker(file, 0xD8);
                Segment(file, 0xE0, new byte[] { (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 });
                WriteComments(file, paddingText, segments);
                var quantisation = new byte[65];
                Array.Fill(quantisation, (byte)1, 1, 64);
                Segment(file, 0xDB, quantisation);
                Segment(file, 0xC0, new byte[]
                {
                    8, (byte)(mosaic.Height >> 8), (byte)mosaic.Height, (byte)(mosaic.Width >> 8), (byte)mosaic.Width, 3,
                    1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
                });
                Segment(file, 0xC4, Table(0x00, DcLengths, DcSymbols));
                Segment(file, 0xC4, Table(0x10, AcLengths, AcSymbols));
                Segment(file, 0xDA, new byte[] { 3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0 });
                WriteScan(file, mosaic);
                Marker(file, 0xD9);
                return file.ToArray();
            }
        }

        private static void WriteComments(Stream file, byte[]? text, int segments)
        {
            if (text == null)
            {
                return;
            }
            int offset = 0;
            for (int i = 0; i < segments; i++)
            {
                int length = (text.Length - offset) / (segments - i);
                Segment(file, 0xFE, text.AsSpan(offset, length).ToArray());
                offset += length;
            }
        }

        private static void WriteScan(Stream file, Mosaic mosaic)
        {
            var bits = new BitWriter(file);
            Dictionary<int, (int Code, int Length)> dc = Codes(DcLengths, DcSymbols);
            (int Code, int Length) endOfBlock = Codes(AcLengths, AcSymbols)[0];
            int[] previous = { 0, 0, 0 };
            for (int row = 0; row < mosaic.Height / 8; row++)
            {
                for (int column = 0; column < mosaic.Width / 8; column++)
                {
                    (int y, int cb, int cr) = Mosaic.ToYCbCr(mosaic.Pixel(row * 8, column * 8));
                    int[] levels = { y, cb, cr };
                    for (int component = 0; component < 3; component++)
                    {
                        // The DCT of a flat block: DC = 8 * (level - 128), every AC coefficient 0.
                        int value = 8 * (levels[component] - 128);
                        int difference = value - previous[component];
                        previous[component] = value;
                        int category = Category(difference);
                        bits.Write(dc[category].Code, dc[category].Length);
                        if (category > 0)
                        {
                            bits.Write(difference >= 0 ? difference : difference + (1 << category) - 1, category);
                        }
                        bits.Write(endOfBlock.Code, endOfBlock.Length);
                    }
                }
            }
            bits.Flush();
        }

        private static int Category(int value)
        {
            int magnitude = Math.Abs(value);
            int category = 0;
            while (magnitude > 0)
            {
                category++;
                magnitude >>= 1;
            }
            return category;
        }

        /// <summary>The canonical Huffman codes of T.81 Annex C from a table's code lengths.</summary>
        private static Dictionary<int, (int Code, int Length)> Codes(byte[] lengths, byte[] symbols)
        {
            var codes = new Dictionary<int, (int, int)>();
            int code = 0;
            int next = 0;
            for (int length = 1; length <= 16; length++)
            {
                for (int i = 0; i < lengths[length - 1]; i++)
                {
                    codes[symbols[next++]] = (code++, length);
                }
                code <<= 1;
            }
            return codes;
        }

        private static byte[] Table(byte classAndId, byte[] lengths, byte[] symbols)
        {
            var table = new byte[1 + 16 + symbols.Length];
            table[0] = classAndId;
            lengths.CopyTo(table, 1);
            symbols.CopyTo(table, 17);
            return table;
        }

        private static void Marker(Stream file, byte marker)
        {
            file.WriteByte(0xFF);
            file.WriteByte(marker);
        }

        private static void Segment(Stream file, byte marker, byte[] data)
        {
            Marker(file, marker);
            int length = data.Length + 2;
            file.WriteByte((byte)(length >> 8));
            file.WriteByte((byte)length);
            file.Write(data);
        }

        /// <summary>Entropy-coded bits, most significant first, with a 0x00 stuffed after every 0xFF.</summary>
        private sealed class BitWriter
        {
            private readonly Stream _stream;
            private int _buffer;
            private int _count;

            public BitWriter(Stream stream)
            {
                _stream = stream;
            }

            public void Write(int bits, int length)
            {
                for (int i = length - 1; i >= 0; i--)
                {
                    _buffer = (_buffer << 1) | ((bits >> i) & 1);
                    if (++_count == 8)
                    {
                        Emit();
                    }
                }
            }

            /// <summary>The last byte is filled with 1 bits, as T.81 asks.</summary>
            public void Flush()
            {
                while (_count != 0)
                {
                    Write(1, 1);
                }
            }

            private void Emit()
            {
                _stream.WriteByte((byte)_buffer);
                if (_buffer == 0xFF)
                {
                    _stream.WriteByte(0x00);
                }
                _buffer = 0;
                _count = 0;
            }
        }
    }
}
