using System;
using System.IO;
using MpsAigc.Saving;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public sealed class ImageNamingTests : IDisposable
    {
        private static readonly byte[] PngHead = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        private static readonly byte[] JpegHead = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1 };
        private static readonly byte[] WebPHead = { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' };
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpsaigc-img-" + Guid.NewGuid().ToString("N"));

        public ImageNamingTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Theory]
        [InlineData(null, "4-AigcImage-x", 1, 1, ImageFileFormat.Png, "4-AigcImage-x.png")]
        [InlineData(null, "4-AigcImage-x", 2, 3, ImageFileFormat.Jpeg, "4-AigcImage-x_2.jpg")]
        [InlineData("{TaskId}.png", "t", 1, 1, ImageFileFormat.Jpeg, "t.jpg")]
        [InlineData("{TaskId}.JPEG", "t", 1, 1, ImageFileFormat.Png, "t.png")]
        [InlineData("{TaskId}.v2", "t", 1, 1, ImageFileFormat.Png, "t.v2.png")]
        [InlineData("{taskid}-{INDEX}", "t", 3, 3, ImageFileFormat.WebP, "t-3.webp")]
        [InlineData("fox.", "t", 1, 1, ImageFileFormat.Png, "fox.png")]
        [InlineData("{TaskId}", "t", 1, 1, ImageFileFormat.Unknown, "t.bin")]
        [InlineData("../../{TaskId}", "t", 1, 1, ImageFileFormat.Png, ".._.._t.png")]
        [InlineData("{TaskId}", "../../etc/passwd", 1, 1, ImageFileFormat.Png, ".._.._etc_passwd.png")]
        [InlineData("a<b>c:d|e?f*g\u0001", "t", 1, 1, ImageFileFormat.Png, "a_b_c_d_e_f_g_.png")]
        [InlineData("CON", "t", 1, 1, ImageFileFormat.Jpeg, "_CON.jpg")]
        [InlineData("{TaskId}", "{Index}", 1, 1, ImageFileFormat.Png, "{Index}.png")]
        public void NamesComeFromTheTaskAndIndexWithTheExtensionOfTheBytes(string? template, string taskId, int index, int count, ImageFileFormat format, string expected)
        {
            string path = new ImageFileNamer(_folder, template).PathFor(taskId, index, count, format);

            Assert.Equal(Path.Combine(Path.GetFullPath(_folder), expected), path);
        }

        [Theory]
        [InlineData("..")]
        [InlineData("  ")]
        [InlineData(".png")]
        public void TemplatesThatNameNothingAreRefused(string? template)
        {
            var error = Assert.Throws<MpsException>(() => new ImageFileNamer(_folder, template).PathFor("t", 1, 1, ImageFileFormat.Png));

            Assert.Equal(ErrorIds.InvalidFileName, error.ErrorId);
        }

        [Fact]
        public void AnImageMayHaveBeenSavedUnderAnyFormatsName()
        {
            var namer = new ImageFileNamer(_folder, null);
            string full = Path.GetFullPath(_folder);

            Assert.Equal(Path.Combine(full, "t_2"), namer.StemPathFor("t", 2, 2));
            Assert.Equal(
                new[] { "t_2.png", "t_2.jpg", "t_2.webp", "t_2.bin" },
                Array.ConvertAll(ImageFileNamer.CandidatePaths(namer.StemPathFor("t", 2, 2)), path => Path.GetRelativePath(full, path)));
        }

        [Fact]
        public void ForceReplacesAnEarlierRunsImageEvenOfAnotherFormat()
        {
            var files = new ImageFiles(new ImageFileNamer(_folder, null));
            string stem = files.PathForUrl(new Uri("https://cos.example/t.png"));
            File.WriteAllBytes(stem + ".png", PngHead);
            string download = files.DownloadPath(stem);
            File.WriteAllBytes(download, JpegHead);

            string saved = files.Finish(download, stem, overwrite: true);

            Assert.Equal(stem + ".jpg", saved);
            Assert.Equal(new[] { "t.jpg" }, Array.ConvertAll(Directory.GetFiles(_folder), Path.GetFileName));
            Assert.Equal(JpegHead, File.ReadAllBytes(saved));
        }

        [Fact]
        public void ImageTemplatesKnowTaskIdAndIndexOnly()
        {
            Assert.Null(ImageFileNamer.UnknownPlaceholder("{TaskId}_{index}.png"));
            Assert.Equal("{Resolution}", ImageFileNamer.UnknownPlaceholder("{TaskId}_{Resolution}"));
        }

        [Fact]
        public void ABareLinkIsNamedByItsLastSegmentWithoutTheExtensionItClaims()
        {
            Assert.Equal("fox", ImageFileNamer.StemOf(new Uri("https://cos.example/a/fox.jpg?q-signature=s")));
            Assert.Equal("image", ImageFileNamer.StemOf(new Uri("https://cos.example/")));
        }

        [Fact]
        public void TheFirstBytesTellTheFormat()
        {
            Assert.Equal(ImageFileFormat.Png, ImageFormats.FromBytes(PngHead, PngHead.Length));
            Assert.Equal(ImageFileFormat.Jpeg, ImageFormats.FromBytes(JpegHead, 3));
            Assert.Equal(ImageFileFormat.WebP, ImageFormats.FromBytes(WebPHead, WebPHead.Length));
            Assert.Equal(ImageFileFormat.Unknown, ImageFormats.FromBytes(PngHead, 7));
            Assert.Equal(ImageFileFormat.Unknown, ImageFormats.FromBytes(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l' }, 5));
            Assert.Equal(ImageFileFormat.Unknown, ImageFormats.FromBytes(null, 0));
        }

        [Fact]
        public void AFileOnDiskIsToldByItsFirstBytes()
        {
            string jpeg = Path.Combine(_folder, "saved-without-extension");
            string empty = Path.Combine(_folder, "empty");
            File.WriteAllBytes(jpeg, JpegHead);
            File.WriteAllBytes(empty, new byte[0]);

            Assert.Equal(ImageFileFormat.Jpeg, ImageFormats.FromFile(jpeg));
            Assert.Equal(ImageFileFormat.Unknown, ImageFormats.FromFile(empty));
        }
    }
}
