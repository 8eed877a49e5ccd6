using System;

namespace MpsAigc
{
    internal static class ExceptionText
    {
        /// <summary>
        /// The innermost message: network stacks wrap the cause ("Connection refused") in generic outer
        /// exceptions ("An error occurred while sending the request").
        /// </summary>
        public static string Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }
            return e.Message;
        }
    }
}
