
using MpsAigc.Common;
using MpsAigc.Tasks;

namespace MpsAigc.Journal
{
    /// <summary>
    /// What a journal line and its messages call an input: its prompt (the first 100 characters), or else its
    /// first reference image's link without the query, which signs a link and is a credential.
    /// </summary>
    public static class JournalLabel
    {
        public const int MaxLength = 100;

        public static string Of(CreateTaskRequest request)
        {
            if (!Strings.IsNullOrWhiteSpace(request.Prompt))
            {
                string prompt = request.Prompt.Trim();
                return prompt.Length > MaxLength ? prompt.Substring(0, MaxLength) + "..." : prompt;
            }
            // Without a prompt, the target is the first image's link.
            return "image " + SafeUrl.ShowText(request.Target);
        }
    }
}
