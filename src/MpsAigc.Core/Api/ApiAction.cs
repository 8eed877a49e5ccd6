namespace MpsAigc.Api
{
    /// <summary>
    /// One action of a Tencent Cloud API as the client calls it: its name, the request rate the service documents
    /// for it (each action has its own budget, per account), and whether a call changes something (a create is
    /// billed, so a call that may have reached the service is never sent again).
    /// </summary>
    public sealed class ApiAction
    {
        /// <summary>Tencent Cloud's default for an action whose page names no limit.</summary>
        public const int UndocumentedLimit = 20;

        public ApiAction(string name, int documentedLimit = UndocumentedLimit, bool changesState = false)
        {
            Name = name;
            DocumentedLimit = documentedLimit;
            ChangesState = changesState;
        }

        /// <summary>As the X-TC-Action header sends it, such as DescribeAigcVideoTask.</summary>
        public string Name { get; }

        /// <summary>Requests per second and account the service accepts.</summary>
        public int DocumentedLimit { get; }

        /// <summary>True for an action that makes something (a task): it is retried only when the service proves nothing happened.</summary>
        public bool ChangesState { get; }

        public override string ToString() => Name;
    }
}
