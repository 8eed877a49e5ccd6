using System.Collections;
using System.Linq;
using System.Text;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class CreateImageTaskRequestTests
    {
        [Fact]
        public void EveryDocumentedFieldGoesWhereTheApiWantsItInItsSpelling()
        {
            var request = new CreateImageTaskRequest
            {
                ModelName = " GEM ",
                ModelVersion = "3.0",
                Prompt = "a red fox, watercolor",
                NegativePrompt = "blur",
                EnhancePrompt = true,
                ReferenceImageUrls = new[] { "https://example.com/a.png", " https://example.com/b.webp " },
                AspectRatio = " 16 : 9 ",
                Resolution = "2k",
                LogoAdd = true,
                OutputFormat = "jpg",
                AdditionalParameters = new Hashtable { ["size"] = "2048x2048" },
                CosBucketName = "bucket-125",
                CosBucketRegion = "ap-guangzhou",
                CosBucketPath = "/out",
                Operator = "ops",
            };

            string json = Encoding.UTF8.GetString(request.ToJson());

            Assert.Equal(
                "{\"ModelName\":\"GEM\",\"ModelVersion\":\"3.0\",\"Prompt\":\"a red fox, watercolor\",\"NegativePrompt\":\"blur\",\"EnhancePrompt\":true,"
                + "\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\"},{\"ImageUrl\":\"https://example.com/b.webp\"}],"
                + "\"ExtraParameters\":{\"AspectRatio\":\"16:9\",\"Resolution\":\"2K\",\"LogoAdd\":1,\"OutputFormat\":\"JPEG\"},"
                + "\"AdditionalParameters\":\"{\\\"size\\\":\\\"2048x2048\\\"}\","
                + "\"StoreCosParam\":{\"CosBucketName\":\"bucket-125\",\"CosBucketRegion\":\"ap-guangzhou\",\"CosBucketPath\":\"/out\"},\"Operator\":\"ops\"}",
                json);
        }

        [Fact]
        public void EmptyFieldsAreLeftOutAndLogoAddFalseIsZero()
        {
            var request = new CreateImageTaskRequest { ModelName = "Hunyuan", Prompt = "a fox", ModelVersion = "", LogoAdd = false, ReferenceImageUrls = new string[0] };

            Assert.Equal("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"LogoAdd\":0}}", Encoding.UTF8.GetString(request.ToJson()));
        }

        [Fact]
        public void AReferenceImageAloneNeedsNoPrompt()
        {
            var request = new CreateImageTaskRequest { ModelName = "GEM", Prompt = "  ", ReferenceImageUrls = new[] { "https://example.com/a.png" } };

            Assert.Equal("{\"ModelName\":\"GEM\",\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\"}]}", Encoding.UTF8.GetString(request.ToJson()));
        }

        [Fact]
        public void AModelNotOnTheListIsSentAsGiven()
        {
            var request = new CreateImageTaskRequest { ModelName = "Flux", Prompt = "a fox" };

            Assert.False(ImageModels.IsKnown("Flux"));
            Assert.Contains("\"ModelName\":\"Flux\"", Encoding.UTF8.GetString(request.ToJson()));
        }

        [Theory]
        [InlineData(null, "a fox", null, null, null, null, "InvalidTaskParameter", "ModelName")]
        [InlineData("Hunyuan", " ", null, null, null, null, "MissingPrompt", "prompt or a reference image")]
        [InlineData("Hunyuan", "a fox", "GIF", null, null, null, "InvalidTaskParameter", "JPEG or PNG")]
        [InlineData("Hunyuan", "a fox", null, "8K", null, null, "InvalidTaskParameter", "720P, 1080P, 2K, 4K")]
        [InlineData("Hunyuan", "a fox", null, null, "wide", null, "InvalidTaskParameter", "16:9")]
        [InlineData("Hunyuan", "a fox", null, null, "16:0", null, "InvalidTaskParameter", "WIDTH:HEIGHT")]
        [InlineData("Hunyuan", "a fox", null, null, null, "not a link", "InvalidTaskParameter", "Reference image 1")]
        [InlineData("Hunyuan", "a fox", null, null, null, "ftp://example.com/a.png", "InvalidTaskParameter", "http or https")]
        public void BadFieldsAreRefusedWithWhatToChange(string model, string prompt, string format, string resolution, string ratio, string image, string errorId, string hint)
        {
            var request = new CreateImageTaskRequest
            {
                ModelName = model,
                Prompt = prompt,
                OutputFormat = format,
                Resolution = resolution,
                AspectRatio = ratio,
                ReferenceImageUrls = image == null ? null : new[] { image },
            };

            var error = Assert.Throws<MpsException>(() => request.ToJson());

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(MpsErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(hint, error.Message);
        }

        [Fact]
        public void APromptIsCountedInCharactersAsAPersonCountsThem()
        {
            string emoji = string.Concat(Enumerable.Repeat("\U0001F98A", 1000));

            new CreateImageTaskRequest { ModelName = "GEM", Prompt = new string('a', 1000) }.Validate();
            new CreateImageTaskRequest { ModelName = "GEM", Prompt = emoji }.Validate();
            var error = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "GEM", Prompt = emoji + "a" }.Validate());

            Assert.Equal(ErrorIds.InvalidTaskParameter, error.ErrorId);
            Assert.Contains("1001 characters", error.Message);
            Assert.Contains("at most 1000", error.Message);
        }

        [Fact]
        public void GemTakesAtMostThreeReferenceImagesAndOtherModelsAreNotLimitedHere()
        {
            string[] four = Enumerable.Range(1, 4).Select(i => "https://example.com/" + i + ".png").ToArray();

            var error = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "gem", ReferenceImageUrls = four }.Validate());
            new CreateImageTaskRequest { ModelName = "GEM", ReferenceImageUrls = four.Take(3).ToArray() }.Validate();
            new CreateImageTaskRequest { ModelName = "Qwen", ReferenceImageUrls = four }.Validate();

            Assert.Equal(ErrorIds.InvalidTaskParameter, error.ErrorId);
            Assert.Contains("at most 3 reference images; 4 were given", error.Message);
        }

        [Fact]
        public void ABadReferenceLinkIsShownWithoutItsSignedQuery()
        {
            var request = new CreateImageTaskRequest { ModelName = "GEM", ReferenceImageUrls = new[] { "ftp://cos.example/a.png?q-signature=secret" } };

            var error = Assert.Throws<MpsException>(() => request.Validate());

            Assert.Contains("ftp://cos.example/a.png", error.Message);
            Assert.DoesNotContain("secret", error.Message);
        }

        [Fact]
        public void TheModelListCompletesNamesAndVersionsAndToleratesCase()
        {
            Assert.Equal(new[] { "Hunyuan", "GEM", "Qwen", "Kling", "Vidu", "MJ", "Jimeng" }, ImageModels.Names);
            Assert.True(ImageModels.IsKnown(" gem "));
            Assert.Equal(new[] { "2.5", "3.0" }, ImageModels.VersionsOf("GEM"));
            Assert.Empty(ImageModels.VersionsOf("Flux"));
            Assert.Equal(new[] { "2.5", "3.0" }, ImageModels.VersionsOf(null));
        }
    }
}
