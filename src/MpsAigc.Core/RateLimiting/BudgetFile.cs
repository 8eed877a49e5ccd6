using System;
using System.IO;

namespace MpsAigc.RateLimiting
{
    /// <summary>
    /// The bytes of a budget shared through a file: a fixed header, the slots, and a checksum, so a file
    /// that something else wrote, or that a crash cut short, is recognised instead of misread.
    /// </summary>
    internal static class BudgetFile
    {
        private const long Magic = 0x314744554253504D; // the bytes "MPSBUDG1"
        private const int Version = 1;
        private const int HeaderBytes = 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 8;
        private const int SlotBytes = 8 + 8 + 8 + 1 + 8 + 8 + 8;

        public static int Length(int slots) => HeaderBytes + (slots * SlotBytes) + 8;

        public static byte[] Write(BudgetState state, TimeSpan window)
        {
            var bytes = new byte[Length(state.Slots.Length)];
            using (var writer = new BinaryWriter(new MemoryStream(bytes)))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(state.Slots.Length);
                writer.Write(window.Ticks);
                writer.Write(state.Peak);
                writer.Write(state.CutAt);
                writer.Write(state.CutFrom);
                writer.Write(state.Epoch);
                writer.Write(state.PaceAt);
                writer.Write(state.HeldUntil);
                foreach (BudgetSlot slot in state.Slots)
                {
                    writer.Write(slot.FreeAt);
                    writer.Write(slot.LeaseUntil);
                    writer.Write(slot.LeaseId);
                    writer.Write(slot.Refused);
                    writer.Write(slot.ReservedBy);
                    writer.Write(slot.ReservedAt);
                    writer.Write(slot.ReservedSince);
                }
                writer.Write(Checksum(bytes, bytes.Length - 8));
            }
            return bytes;
        }

        /// <summary>A fresh state for an empty file; otherwise the state the bytes hold.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a budget of this limit and window.</exception>
        public static BudgetState Read(byte[] bytes, int slots, TimeSpan window)
        {
            if (bytes.Length == 0)
            {
                return new BudgetState(slots);
            }
            if (bytes.Length != Length(slots))
            {
                throw new InvalidDataException("it is " + bytes.Length + " bytes long, not " + Length(slots));
            }
            using (var reader = new BinaryReader(new MemoryStream(bytes)))
            {
                if (reader.ReadInt64() != Magic || reader.ReadInt32() != Version)
                {
                    throw new InvalidDataException("it does not start as a budget file of this version");
                }
                if (BitConverter.ToInt64(bytes, bytes.Length - 8) != Checksum(bytes, bytes.Length - 8))
                {
                    throw new InvalidDataException("its checksum does not match its content");
                }
                if (reader.ReadInt32() != slots || reader.ReadInt64() != window.Ticks)
                {
                    throw new InvalidDataException("it holds a budget of another limit or window");
                }
                var state = new BudgetState(slots)
                {
                    Peak = reader.ReadDouble(),
                    CutAt = reader.ReadInt64(),
                    CutFrom = reader.ReadDouble(),
                    Epoch = reader.ReadInt64(),
                    PaceAt = reader.ReadInt64(),
                    HeldUntil = reader.ReadInt64(),
                };
                if (double.IsNaN(state.Peak) || state.Peak < 0 || state.Peak > slots || double.IsNaN(state.CutFrom) || state.CutFrom < 0 || state.CutFrom > slots)
                {
                    throw new InvalidDataException("its rate is out of range");
                }
                for (int i = 0; i < slots; i++)
                {
                    state.Slots[i] = new BudgetSlot
                    {
                        FreeAt = reader.ReadInt64(),
                        LeaseUntil = reader.ReadInt64(),
                        LeaseId = reader.ReadInt64(),
                        Refused = reader.ReadBoolean(),
                        ReservedBy = reader.ReadInt64(),
                        ReservedAt = reader.ReadInt64(),
                        ReservedSince = reader.ReadInt64(),
                    };
                }
                return state;
            }
        }

        /// <summary>FNV-1a, 64 bits: enough to tell a torn or foreign file from ours.</summary>
        private static long Checksum(byte[] bytes, int count)
        {
            ulong hash = 14695981039346656037;
            for (int i = 0; i < count; i++)
            {
                hash = (hash ^ bytes[i]) * 1099511628211;
            }
            return unchecked((long)hash);
        }
    }
}
