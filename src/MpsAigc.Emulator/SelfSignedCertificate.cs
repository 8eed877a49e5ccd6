using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// A certificate for 127.0.0.1, made for one run, that no trust store knows: clients refuse it unless they
    /// are told to trust it for that run (the emulator's --certificate-out writes it for them).
    /// </summary>
    internal static class SelfSignedCertificate
    {
        public static X509Certificate2 Create()
        {
            using RSA key = RSA.Create(2048);
            // A name of its own: a client told to trust the certificates of several emulators at once (one PEM
            // file) finds each by its issuer's name, which must therefore differ.
            var request = new CertificateRequest("CN=MpsAigc emulator " + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // Kestrel needs the key in a form the platform's TLS stack can use: round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
