using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// The bytes of an emulated video: pseudo-random, fixed by the video's name, and computable at any
    /// offset, so ranges can be served and checked without keeping any video in memory.
    /// </summary>
    internal static class VideoContent
    {
        public static ulong SeedOf(string name)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            return BinaryPrimitives.ReadUInt64LittleEndian(hash);
        }

        /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>.</summary>
        public static void Fill(ulong seed, long offset, Span<byte> destination)
        {
            // Whole words go straight into the destination: a benchmark's client shares the machine's cores
            // with this server, so the server's cost per byte is kept well below the client's.
            Span<byte> word = stackalloc byte[8];
            int written = 0;
            long position = offset;
            while (written < destination.Length)
            {
                long wordIndex = position / 8;
                int inWord = (int)(position % 8);
                if (inWord == 0 && destination.Length - written >= 8)
                {
                    Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(destination.Slice(written, (destination.Length - written) / 8 * 8));
                    for (int i = 0; i < words.Length; i++)
                    {
                        ulong next = Mix(seed ^ (ulong)(wordIndex + i));
                        words[i] = BitConverter.IsLittleEndian ? next : BinaryPrimitives.ReverseEndianness(next);
                    }
                    written += words.Length * 8;
                    position += words.Length * 8;
                    continue;
                }
                BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(seed ^ (ulong)wordIndex));
                int take = Math.Min(8 - inWord, destination.Length - written);
                word.Slice(inWord, take).CopyTo(destination.Slice(written));
                written += take;
                position += take;
            }
        }

        /// <summary>SplitMix64's finaliser: cheap, and every input bit reaches every output bit.</summary>
        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
