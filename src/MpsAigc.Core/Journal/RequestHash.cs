using System;
using System.Globalization;

namespace MpsAigc.Journal
{
    /// <summary>
    /// A request as the journal knows it: the first 128 bits of the SHA-256 of its canonical form (see
    /// <see cref="CanonicalRequest"/>), written as 32 hex digits. The request itself (a prompt, a signed
    /// reference link) is never written; 128 bits keep two different requests apart for good.
    /// </summary>
    public readonly struct RequestHash : IEquatable<RequestHash>
    {
        public const int HexLength = 32;

        private readonly ulong _high;
        private readonly ulong _low;

        public RequestHash(ulong high, ulong low)
        {
            _high = high;
            _low = low;
        }

        /// <summary>The first 16 bytes of <paramref name="digest"/>, as written (big-endian).</summary>
        public static RequestHash FromDigest(byte[] digest)
        {
            ulong high = 0, low = 0;
            for (int i = 0; i < 8; i++)
            {
                high = (high << 8) | digest[i];
                low = (low << 8) | digest[i + 8];
            }
            return new RequestHash(high, low);
        }

        /// <summary>Reads 32 hex digits of UTF-8 text (as a journal line holds them); false for anything else.</summary>
        public static bool TryParse(ReadOnlySpan<byte> utf8, out RequestHash hash)
        {
            hash = default;
            if (utf8.Length != HexLength || !TryParseHex(utf8.Slice(0, 16), out ulong high) || !TryParseHex(utf8.Slice(16), out ulong low))
            {
                return false;
            }
            hash = new RequestHash(high, low);
            return true;
        }

        public bool Equals(RequestHash other) => _high == other._high && _low == other._low;

        public override bool Equals(object? obj) => obj is RequestHash other && Equals(other);

        public override int GetHashCode() => (_high ^ _low).GetHashCode();

        private static bool TryParseHex(ReadOnlySpan<byte> digits, out ulong value)
        {
            value = 0;
            foreach (byte digit in digits)
            {
                int nibble = digit >= '0' && digit <= '9' ? digit - '0' : digit >= 'a' && digit <= 'f' ? digit - 'a' + 10 : digit >= 'A' && digit <= 'F' ? digit - 'A' + 10 : -1;
                if (nibble < 0)
                {
                    return false;
                }
                value = (value << 4) | (uint)nibble;
            }
            return true;
        }

        public override string ToString() => _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture);
    }
}
