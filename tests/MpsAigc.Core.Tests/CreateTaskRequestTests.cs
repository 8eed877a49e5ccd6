using System.Collections;
using System.Text;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>What both kinds of create share: whether a task has a source, and what its errors name.</summary>
    public class CreateTaskRequestTests
    {
        [Theory]
        [InlineData("a fox", null, true)]
        [InlineData("  ", null, false)]
        [InlineData(null, "", false)]
        [InlineData(null, "https://example.com/first.png", true)]
        [InlineData(" ", "https://example.com/first.png", true)]
        public void AVideoTaskStartsFromAPromptOrAFirstFrame(string? prompt, string? imageUrl, bool hasSource)
        {
            Assert.Equal(hasSource, new CreateVideoTaskRequest { Prompt = prompt, ImageUrl = imageUrl }.HasSource);
        }

        [Fact]
        public void AReferenceImageIsASourceForEitherKind()
        {
            Assert.True(new CreateVideoTaskRequest { ImageInfos = Infos("https://example.com/r.png") }.HasSource);
            Assert.True(new CreateImageTaskRequest { ImageInfos = Infos("https://example.com/r.png") }.HasSource);
            Assert.True(new CreateImageTaskRequest { ImageUrls = new[] { "https://example.com/r.png" } }.HasSource);
            Assert.False(new CreateImageTaskRequest { Prompt = "\t", ImageUrls = new string[0], ImageInfos = new IDictionary[0] }.HasSource);
        }

        [Fact]
        public void AnErrorNamesThePromptElseTheFirstImage()
        {
            Assert.Equal("a fox", new CreateVideoTaskRequest { Prompt = "a fox", ImageUrl = "https://example.com/f.png" }.Target);
            Assert.Equal("https://example.com/f.png", new CreateVideoTaskRequest { ImageUrl = "https://example.com/f.png" }.Target);
            Assert.Equal(" ", new CreateImageTaskRequest { Prompt = " ", ImageUrls = new[] { "https://example.com/u.png" } }.Target);
            Assert.Equal("https://example.com/u.png", new CreateImageTaskRequest { ImageUrls = new[] { "https://example.com/u.png" }, ImageInfos = Infos("https://example.com/i.png") }.Target);
            Assert.Equal("https://example.com/i.png", new CreateImageTaskRequest { ImageInfos = Infos("https://example.com/i.png") }.Target);
            Assert.Null(new CreateImageTaskRequest { ImageInfos = new IDictionary[] { null! } }.Target);
            // A reference image's link may be signed: an error names it without its query.
            Assert.Equal("https://cos.example/f.png", new CreateVideoTaskRequest { ImageUrl = "https://cos.example/f.png?q-signature=secret" }.Target);
            Assert.Equal("https://cos.example/u.png", new CreateImageTaskRequest { ImageUrls = new[] { "https://cos.example/u.png?q-signature=secret" } }.Target);
        }

        [Fact]
        public void AnImageTaskSendsItsLinksBeforeItsImageInfosAndCountsThemTogether()
        {
            var request = new CreateImageTaskRequest
            {
                ModelName = "GEM",
                ImageUrls = new[] { "https://example.com/u.png" },
                ImageInfos = new IDictionary[] { new Hashtable { ["ImageUrl"] = "https://example.com/i.png", ["ReferenceType"] = "style" } },
            };

            Assert.Equal(
                "{\"ModelName\":\"GEM\",\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/u.png\"},{\"ImageUrl\":\"https://example.com/i.png\",\"ReferenceType\":\"style\"}]}",
                Encoding.UTF8.GetString(request.ToJson()));
            var error = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "GEM", ImageUrls = new[] { "https://example.com/u.png" }, ImageInfos = Infos("ftp://example.com/i.png") }.Validate());
            Assert.Contains("Reference image 2 ", error.Message);
        }

        [Fact]
        public void ABlankVideoPromptIsNotSent()
        {
            var request = new CreateVideoTaskRequest { ModelName = "Kling", Prompt = "  ", ImageUrl = "https://example.com/f.png" };

            Assert.Equal("{\"ModelName\":\"Kling\",\"ImageUrl\":\"https://example.com/f.png\"}", Encoding.UTF8.GetString(request.ToJson()));
        }

        private static IDictionary[] Infos(params string[] urls)
        {
            return System.Array.ConvertAll(urls, url => (IDictionary)new Hashtable { ["ImageUrl"] = url });
        }
    }
}
