using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>Scripts match on ErrorIds: every one the module gives is documented where users look (about_MpsAigc).</summary>
    public class ErrorIdDocsTests
    {
        [Fact]
        public void EveryErrorIdIsInAboutMpsAigc()
        {
            string about = File.ReadAllText(Path.Combine(CodeLayoutTests.RepositoryRoot(), "docs/en-US/about_MpsAigc.md"));
            string[] ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral)
                .Select(field => (string)field.GetRawConstantValue()!)
                .ToArray();

            Assert.NotEmpty(ids);
            Assert.DoesNotContain(ids, id => !about.Contains(id));
        }
    }
}
