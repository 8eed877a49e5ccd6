using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MpsAigc.Downloads
{
    /// <summary>
    /// The partial file of one download, "NAME.TAG.part", TAG naming the version it holds (from its
    /// validator). A part written from its start on one connection is its own record: its length is what it
    /// holds. A part written in ranges is not (its length says nothing of the holes before its end), so it
    /// always has its <see cref="RangeMap"/> beside it, "NAME.TAG.part.map", written before the first range that
    /// leaves a hole, and replaced whole (a new file renamed over it) with no range the part does not hold on
    /// disk. A map that cannot be read or does not fit its part takes the part with it: bytes nobody can vouch
    /// for are never resumed.
    /// </summary>
    internal sealed class PartFile
    {
        private const string MapSuffix = ".map";
        private const string TempSuffix = ".tmp";

        private PartFile(string path, string tag, RangeMap? map)
        {
            FullPath = path;
            Tag = tag;
            Map = map;
        }

        public string FullPath { get; }

        public string Tag { get; }

        /// <summary>What a part written in ranges holds; null for a part written from its start.</summary>
        public RangeMap? Map { get; private set; }

        public long Length => File.Exists(FullPath) ? new FileInfo(FullPath).Length : 0;

        /// <summary>Where the next request starts: the first byte the part does not hold.</summary>
        public long ResumeOffset => Map?.FirstMissing ?? Length;

        /// <summary>The bytes the part holds.</summary>
        public long Done => Map?.DoneBytes ?? Length;

        private string MapPath => FullPath + MapSuffix;

        public static string TagOf(string validator)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(validator ?? string.Empty));
                return BitConverter.ToString(hash, 0, 4).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        /// <summary>
        /// The largest part an earlier run left for this file, with its map if it was written in ranges; other
        /// parts, and maps without their part, are stale and removed.
        /// </summary>
        /// <returns>Null when there is none, or when the one there cannot be trusted (then it is removed).</returns>
        public static PartFile? FindExisting(string path)
        {
            string? folder = Path.GetDirectoryName(path);
            string name = Path.GetFileName(path);
            if (!Directory.Exists(folder))
            {
                return null;
            }
            var directory = new DirectoryInfo(folder);
            FileInfo[] parts = directory.GetFiles(name + ".*.part")
                .Where(f => f.Name.Length == name.Length + 14)
                .OrderByDescending(f => f.Length)
                .ToArray();
            foreach (FileInfo stale in parts.Skip(1))
            {
                new PartFile(stale.FullName, string.Empty, null).Delete();
            }
            foreach (FileInfo orphan in directory.GetFiles(name + ".*.part" + MapSuffix + "*").Where(f => parts.Length == 0 || !f.FullName.StartsWith(parts[0].FullName + MapSuffix, StringComparison.Ordinal)))
            {
                orphan.Delete();
            }
            if (parts.Length == 0)
            {
                return null;
            }
            string tag = parts[0].Name.Substring(name.Length + 1, 8);
            var part = new PartFile(parts[0].FullName, tag, null);
            if (!File.Exists(part.MapPath))
            {
                return part;
            }
            RangeMap? map = RangeMap.Parse(File.ReadAllBytes(part.MapPath));
            long lastHeld = map == null || map.Done.Count == 0 ? 0 : map.Done[map.Done.Count - 1].To;
            if (map == null || TagOf(map.Validator) != tag || part.Length < lastHeld || part.Length > map.Length)
            {
                part.Delete();
                return null;
            }
            part.Map = map;
            return part;
        }

        public static PartFile Create(string path, string validator)
        {
            string tag = TagOf(validator);
            return new PartFile(path + "." + tag + ".part", tag, null);
        }

        /// <summary>True when this part holds bytes of the version <paramref name="validator"/> names, of that length.</summary>
        public bool Holds(string validator, long length)
        {
            return Tag == TagOf(validator) && (Map == null || (Map.Length == length && Map.Validator == validator));
        }

        /// <summary>Opens the part to write on from <paramref name="offset"/>, cutting off what lies beyond (one connection).</summary>
        public FileStream Open(long offset)
        {
            var stream = new FileStream(FullPath, offset > 0 ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read, 1);
            stream.SetLength(offset);
            stream.Position = offset;
            return stream;
        }

        /// <summary>Opens the part to write one range at <paramref name="position"/>; other ranges are written beside it at once.</summary>
        public FileStream OpenRange(long position)
        {
            return new FileStream(FullPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 1) { Position = position };
        }

        /// <summary>Makes the part one written in ranges: its map is on disk before any range leaves a hole.</summary>
        public void StartMap(RangeMap map)
        {
            Map = map;
            SaveMap(map.Copy());
        }

        /// <summary>
        /// Replaces the map on disk with <paramref name="held"/>, once every byte it names is on disk: the part is
        /// flushed first, and the map written to a file of its own and flushed before it is renamed over the old
        /// one, so no crash, even of the machine, leaves a map that names bytes the part does not hold.
        /// </summary>
        public void SaveMap(RangeMap held)
        {
            if (File.Exists(FullPath))
            {
                using (var part = new FileStream(FullPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
                {
                    part.Flush(flushToDisk: true);
                }
            }
            string temp = MapPath + TempSuffix;
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
            {
                byte[] bytes = held.ToBytes();
                file.Write(bytes, 0, bytes.Length);
                file.Flush(flushToDisk: true);
            }
            HeldFileRetry.Run(() =>
            {
                if (File.Exists(MapPath))
                {
                    File.Replace(temp, MapPath, null);
                }
                else
                {
                    File.Move(temp, MapPath);
                }
            });
        }

        /// <summary>Removes the part and its map.</summary>
        public void Delete()
        {
            Map = null;
            foreach (string file in new[] { MapPath, MapPath + TempSuffix, FullPath })
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
        }

        public long Complete(string path, bool overwrite)
        {
            long length = Length;
            if (File.Exists(path))
            {
                if (!overwrite)
                {
                    throw new MpsException(ErrorIds.FileExists, MpsErrorKind.InvalidOperation, "The file " + path + " appeared while it was being downloaded; the download is kept as " + Path.GetFileName(FullPath) + ".");
                }
                File.Replace(FullPath, path, null);
            }
            else
            {
                File.Move(FullPath, path);
            }
            Map = null;
            foreach (string file in new[] { MapPath, MapPath + TempSuffix })
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
            return length;
        }
    }
}
