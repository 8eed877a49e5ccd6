using System;

namespace MpsAigc.Emulator
{
    /// <summary>One stored video or image, as the store serves it: its length, its type and its bytes at any offset.</summary>
    internal abstract class StoredResult
    {
        public abstract bool IsImage { get; }

        public abstract long Length { get; }

        public abstract string ContentType { get; }

        public abstract void Fill(long offset, Span<byte> destination);

        /// <summary>Pseudo-random bytes computed at any offset: no video is ever held in memory.</summary>
        public static StoredResult Video(string name, long length)
        {
            return new VideoResult(VideoContent.SeedOf(name), length);
        }

        public static StoredResult Image(byte[] bytes, string contentType)
        {
            return new ImageResult(bytes, contentType);
        }

        private sealed class VideoResult : StoredResult
        {
            private readonly ulong _seed;

            public VideoResult(ulong seed, long length)
            {
                _seed = seed;
                Length = length;
            }

            public override bool IsImage => false;

            public override long Length { get; }

            public override string ContentType => "video/mp4";

            public override void Fill(long offset, Span<byte> destination)
            {
                VideoContent.Fill(_seed, offset, destination);
            }
        }

        private sealed class ImageResult : StoredResult
        {
            private readonly byte[] _bytes;

            public ImageResult(byte[] bytes, string contentType)
            {
                _bytes = bytes;
                ContentType = contentType;
            }

            public override bool IsImage => true;

            public override long Length => _bytes.Length;

            public override string ContentType { get; }

            public override void Fill(long offset, Span<byte> destination)
            {
                _bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
            }
        }
    }
}
