using System;
using System.IO;
using MpsAigc.Saving;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>Save's checks before anything is asked or saved: the -FileName template of the kind, and the folder.</summary>
    public sealed class ResultFolderTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mpsaigc-folder-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        [Fact]
        public void APlaceholderTheKindDoesNotKnowIsRefusedWithThoseItKnows()
        {
            string folder = Path.Combine(_root, "out");

            var image = Assert.Throws<MpsException>(() => ResultFiles.In(ImageKind.Kind, folder, "{TaskId}-{Resolution}", createFolder: true));
            Assert.IsType<TemplateFiles>(ResultFiles.In(VideoKind.Kind, folder, "{TaskId}-{Resolution}.mp4", createFolder: true));

            Assert.Equal(ErrorIds.InvalidFileName, image.ErrorId);
            Assert.Contains("{Resolution}", image.Message);
            Assert.EndsWith("use {TaskId} and {Index}.", image.Message);
            Assert.IsType<ImageFiles>(ResultFiles.In(ImageKind.Kind, folder, null, createFolder: true));
        }

        [Fact]
        public void AMissingFolderIsCreatedExceptForWhatIfAndAFileIsRefused()
        {
            string whatIf = Path.Combine(_root, "whatif");
            string created = Path.Combine(_root, "created");
            Directory.CreateDirectory(_root);
            string file = Path.Combine(_root, "a-file");
            File.WriteAllText(file, "x");

            ResultFiles.In(VideoKind.Kind, whatIf, null, createFolder: false);
            ResultFiles.In(VideoKind.Kind, created, null, createFolder: true);
            var error = Assert.Throws<MpsException>(() => ResultFiles.In(ImageKind.Kind, file, null, createFolder: true));

            Assert.False(Directory.Exists(whatIf));
            Assert.True(Directory.Exists(created));
            Assert.Equal(ErrorIds.InvalidPath, error.ErrorId);
            Assert.EndsWith("give the folder to save the images in.", error.Message);
        }
    }
}
