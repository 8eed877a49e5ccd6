using System.Net;
using MpsAigc.Http;
using Xunit;

namespace MpsAigc.Core.Tests
{
    /// <summary>Windows PowerShell's TLS: 1.2 is added to what the process offers, and a choice is never taken away.</summary>
    public class NetFrameworkServicePointsTests
    {
        /// <summary>SSL 3 and TLS 1.0: what Windows PowerShell offers on a Windows Server 2016 left as it came.</summary>
        private const SecurityProtocolType Legacy = (SecurityProtocolType)(48 | 192);

        [Theory]
        [InlineData(Legacy, Legacy | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls11, SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.SystemDefault, SecurityProtocolType.SystemDefault)]
        [InlineData(SecurityProtocolType.Tls12, SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls13, SecurityProtocolType.Tls13 | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13, SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13)]
        public void Tls12IsAddedUnlessWindowsDecidesOrItIsThere(SecurityProtocolType current, SecurityProtocolType expected)
        {
            Assert.Equal(expected, NetFrameworkServicePoints.WithTls12(current));
        }
    }
}
