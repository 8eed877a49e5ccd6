using System;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The picture every emulated image shows: 8 by 8 tiles of 8 by 8 pixels, each one colour, the colours
    /// fixed by a seed. One colour per 8-pixel block keeps a JPEG exact and tiny (every block is its DC value).
    /// </summary>
    internal sealed class Mosaic
    {
        public const int TilePixels = 8;
        public const int Tiles = 8;
        public const int Side = Tiles * TilePixels;

        private readonly byte[] _rgb;

        private Mosaic(byte[] rgb)
        {
            _rgb = rgb;
        }

        public int Width => Side;

        public int Height => Side;

        public static Mosaic FromSeed(ulong seed)
        {
            var rgb = new byte[Tiles * Tiles * 3];
            VideoContent.Fill(seed, 0, rgb);
            return new Mosaic(rgb);
        }

        /// <summary>The colour of the tile in tile row <paramref name="row"/>, tile column <paramref name="column"/>.</summary>
        public (byte R, byte G, byte B) Tile(int row, int column)
        {
            int at = (row * Tiles + column) * 3;
            return (_rgb[at], _rgb[at + 1], _rgb[at + 2]);
        }

        public (byte R, byte G, byte B) Pixel(int y, int x)
        {
            return Tile(y / TilePixels, x / TilePixels);
        }

        /// <summary>JFIF's conversion (full range), rounded.</summary>
        public static (int Y, int Cb, int Cr) ToYCbCr((byte R, byte G, byte B) c)
        {
            double y = 0.299 * c.R + 0.587 * c.G + 0.114 * c.B;
            double cb = 128 - 0.168736 * c.R - 0.331264 * c.G + 0.5 * c.B;
            double cr = 128 + 0.5 * c.R - 0.418688 * c.G - 0.081312 * c.B;
            return (Clamp(y), Clamp(cb), Clamp(cr));
        }

        private static int Clamp(double value)
        {
            return Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
        }
    }
}
