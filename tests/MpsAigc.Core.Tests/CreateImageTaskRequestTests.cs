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
                SceneType = "3d_panorama",
                Prompt = "a red fox, watercolor",
                NegativePrompt = "blur",
                EnhancePrompt = true,
                ImageInfos = new IDictionary[]
                {
                    new Hashtable { ["imageurl"] = " https://example.com/a.png ", ["referencetype"] = "asset" },
                    new Hashtable { ["ImageUrl"] = "https://example.com/b.webp" },
                },
                OutputImageCount = 2,
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
                "{\"ModelName\":\"GEM\",\"ModelVersion\":\"3.0\",\"SceneType\":\"3d_panorama\",\"Prompt\":\"a red fox, watercolor\",\"NegativePrompt\":\"blur\",\"EnhancePrompt\":true,"
                + "\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\",\"ReferenceType\":\"asset\"},{\"ImageUrl\":\"https://example.com/b.webp\"}],"
                + "\"OutputImageCount\":2,"
                + "\"ExtraParameters\":{\"AspectRatio\":\"16:9\",\"Resolution\":\"2K\",\"LogoAdd\":1,\"OutputFormat\":\"JPEG\"},"
                + "\"AdditionalParameters\":\"{\\\"size\\\":\\\"2048x2048\\\"}\","
                + "\"StoreCosParam\":{\"CosBucketName\":\"bucket-125\",\"CosBucketRegion\":\"ap-guangzhou\",\"CosBucketPath\":\"/out\"},\"Operator\":\"ops\"}",
                json);
        }

        [Fact]
        public void EmptyFieldsAreLeftOutAndLogoAddFalseIsZero()
        {
            var request = new CreateImageTaskRequest { ModelName = "Hunyuan", Prompt = "a fox", ModelVersion = "", LogoAdd = false, ImageInfos = new IDictionary[0] };

            Assert.Equal("{\"ModelName\":\"Hunyuan\",\"Prompt\":\"a fox\",\"ExtraParameters\":{\"LogoAdd\":0}}", Encoding.UTF8.GetString(request.ToJson()));
        }

        [Fact]
        public void AReferenceImageAloneNeedsNoPrompt()
        {
            var request = new CreateImageTaskRequest { ModelName = "GEM", Prompt = "  ", ImageInfos = Infos("https://example.com/a.png") };

            Assert.Equal("{\"ModelName\":\"GEM\",\"ImageInfos\":[{\"ImageUrl\":\"https://example.com/a.png\"}]}", Encoding.UTF8.GetString(request.ToJson()));
        }

        [Fact]
        public void AModelNotOnTheListIsSentAsGiven()
        {
            var request = new CreateImageTaskRequest { ModelName = "Flux", Prompt = "a fox" };

            Assert.NotNull(ImageKind.Kind.UnknownModelWarning("Flux"));
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
        public void BadFieldsAreRefusedWithWhatToChange(string? model, string? prompt, string? format, string? resolution, string? ratio, string? image, string errorId, string hint)
        {
            var request = new CreateImageTaskRequest
            {
                ModelName = model,
                Prompt = prompt,
                OutputFormat = format,
                Resolution = resolution,
                AspectRatio = ratio,
                ImageInfos = image == null ? null : Infos(image),
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

        [Theory]
        [InlineData("gem", null, 4, "gem takes at most 3")]
        [InlineData("GEM", "4.0", 4, "GEM 4.0 takes at most 3")]
        [InlineData("Hunyuan", "3.0", 4, "Hunyuan 3.0 takes at most 3")]
        [InlineData("Kling", "2.1", 5, "Kling 2.1 takes at most 4")]
        [InlineData("Kling", "O1", 11, "Kling O1 takes at most 10")]
        [InlineData("Vidu", "q2", 8, "Vidu q2 takes at most 7")]
        public void AModelVersionTakesNoMoreReferenceImagesThanItDocuments(string? model, string? version, int images, string message)
        {
            var error = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = model, ModelVersion = version, ImageInfos = Urls(images) }.Validate());

            Assert.Equal(ErrorIds.InvalidTaskParameter, error.ErrorId);
            Assert.Contains(message + " reference images; " + images + " were given", error.Message);
        }

        [Theory]
        [InlineData("GEM", null, 3)]
        [InlineData("Kling", "3.0-Omni", 10)]
        [InlineData("Kling", "3.0", 12)]
        [InlineData("Hunyuan", null, 5)]
        [InlineData("Flux", "1", 20)]
        public void WhereNoLimitIsDocumentedNoneIsImposed(string? model, string? version, int images)
        {
            new CreateImageTaskRequest { ModelName = model, ModelVersion = version, ImageInfos = Urls(images) }.Validate();
        }

        [Fact]
        public void AtLeastOneImageIsAskedFor()
        {
            var error = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "GEM", Prompt = "a fox", OutputImageCount = 0 }.Validate());

            Assert.Equal(ErrorIds.InvalidTaskParameter, error.ErrorId);
            Assert.Contains("OutputImageCount", error.Message);
        }

        [Fact]
        public void ABadReferenceLinkIsShownWithoutItsSignedQuery()
        {
            var request = new CreateImageTaskRequest { ModelName = "GEM", ImageInfos = Infos("ftp://cos.example/a.png?q-signature=secret") };

            var error = Assert.Throws<MpsException>(() => request.Validate());

            Assert.Contains("ftp://cos.example/a.png", error.Message);
            Assert.DoesNotContain("secret", error.Message);
        }

        [Fact]
        public void AReferenceImageWithoutAnImageUrlOrANullOneIsRefused()
        {
            var withoutUrl = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "GEM", ImageInfos = new IDictionary[] { new Hashtable { ["ReferenceType"] = "style" } } }.Validate());
            // null!: a caller without nullable checks (PowerShell) can put a null in the list; Validate must refuse it.
            var nullEntry = Assert.Throws<MpsException>(() => new CreateImageTaskRequest { ModelName = "GEM", Prompt = "a fox", ImageInfos = new IDictionary[] { null! } }.Validate());

            Assert.Equal(ErrorIds.InvalidTaskParameter, withoutUrl.ErrorId);
            Assert.Contains("ImageUrl", withoutUrl.Message);
            Assert.Equal(ErrorIds.InvalidTaskParameter, nullEntry.ErrorId);
        }

        [Fact]
        public void TheModelListCompletesNamesAndVersionsAndToleratesCase()
        {
            Assert.Equal(new[] { "Hunyuan", "GEM", "Qwen", "Kling", "Vidu", "MJ", "Jimeng" }, ImageModels.Names);
            Assert.Null(ImageKind.Kind.UnknownModelWarning(" gem "));
            Assert.Equal(new[] { "2.5", "3.0" }, ImageModels.VersionsOf("GEM"));
            Assert.Equal(new[] { "2.1", "O1", "3.0", "3.0-Omni" }, ImageModels.VersionsOf("kling"));
            Assert.Empty(ImageModels.VersionsOf("Flux"));
            Assert.Empty(ImageModels.VersionsOf("MJ"));
            Assert.Contains("q2", ImageModels.VersionsOf(null));
            Assert.Equal(ImageModels.VersionsOf(null).Distinct(), ImageModels.VersionsOf(null));
        }
    
        private static IDictionary[] Urls(int count)
        {
            return Infos(Enumerable.Range(1, count).Select(i => "https://example.com/" + i + ".png").ToArray());
        }

        private static IDictionary[] Infos(params string[] urls)
        {
            return urls.Select(url => (IDictionary)new Hashtable { ["ImageUrl"] = url }).ToArray();
        }
    }
}
