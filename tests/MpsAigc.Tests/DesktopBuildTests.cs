using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace MpsAigc.Tests
{
    /// <summary>
    /// The Windows PowerShell build (bin/Desktop of the built module) binds on .NET Framework 4.7.2, read from its
    /// files on any platform: every reference of every assembly it ships is to what .NET Framework 4.7.2 provides
    /// (its reference assemblies, a NuGet package), to Windows PowerShell's own System.Management.Automation, to an
    /// assembly shipped beside it at exactly that version, or, when the build registers it, to what
    /// <see cref="ShippedAssemblies"/> serves. Windows PowerShell applies no binding redirects to a module, so
    /// nothing else would bind.
    /// </summary>
    public sealed class DesktopBuildTests
    {
        /// <summary>Windows PowerShell 5.1's own, in its GAC.</summary>
        private static readonly AssemblyName WindowsPowerShell = new AssemblyName("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35");

        [Fact]
        public void EveryReferenceOfTheDesktopBuildBindsOnNetFramework472()
        {
            string desktop = Path.Combine(RepositoryRoot(), "out", "MpsAigc", "bin", "Desktop");
            Assert.True(Directory.Exists(desktop), desktop + " is missing: build the module first (build.ps1 -Task Build).");
            Dictionary<string, AssemblyName> framework = NamesIn(Net472ReferenceAssemblies(), Path.Combine(Net472ReferenceAssemblies(), "Facades"));
            Dictionary<string, AssemblyName> shipped = NamesIn(desktop);
            bool resolverRegistered = DefinesType(Path.Combine(desktop, "MpsAigc.dll"), "MpsAigc", nameof(ShippedAssemblies));

            var unbound = new List<string>();
            foreach (string file in Directory.GetFiles(desktop, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                foreach (AssemblyName reference in ReferencesOf(file))
                {
                    if (!Binds(reference, framework, shipped, resolverRegistered))
                    {
                        unbound.Add(Path.GetFileName(file) + " -> " + reference.FullName + " (ships: " + (shipped.TryGetValue(reference.Name!, out AssemblyName? beside) ? beside.Version!.ToString() : "none") + ")");
                    }
                }
            }
            Assert.True(unbound.Count == 0, "References .NET Framework 4.7.2 cannot bind without binding redirects:\n" + string.Join("\n", unbound));
        }

        [Theory]
        [InlineData("System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", true)]
        [InlineData("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", true)]
        [InlineData("System.Buffers, Version=4.0.4.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", false)]
        [InlineData("System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35", false)]
        [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", false)]
        public void TheResolverServesTheShippedCopyForItsVersionOrOlderOnlyFromTheSameSigner(string requested, bool served)
        {
            var shipped = new AssemblyName("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51");
            Assert.Equal(served, ShippedAssemblies.Serves(new AssemblyName(requested), shipped));
        }

        private static bool Binds(AssemblyName reference, Dictionary<string, AssemblyName> framework, Dictionary<string, AssemblyName> shipped, bool resolverRegistered)
        {
            if (SameIdentity(reference, WindowsPowerShell))
            {
                return true;
            }
            // .NET Framework unifies a reference to one of its own assemblies with the version it has, when that is not older.
            if (framework.TryGetValue(reference.Name!, out AssemblyName? provided) && SameSigner(reference, provided) && reference.Version! <= provided.Version!)
            {
                return true;
            }
            if (!shipped.TryGetValue(reference.Name!, out AssemblyName? beside))
            {
                return false;
            }
            return SameIdentity(reference, beside) || (resolverRegistered && ShippedAssemblies.Serves(reference, beside));
        }

        private static bool SameIdentity(AssemblyName a, AssemblyName b)
        {
            return string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && a.Version == b.Version && SameSigner(a, b);
        }

        private static bool SameSigner(AssemblyName a, AssemblyName b)
        {
            return (a.GetPublicKeyToken() ?? Array.Empty<byte>()).SequenceEqual(b.GetPublicKeyToken() ?? Array.Empty<byte>());
        }

        private static Dictionary<string, AssemblyName> NamesIn(params string[] folders)
        {
            var names = new Dictionary<string, AssemblyName>(StringComparer.OrdinalIgnoreCase);
            foreach (string file in folders.SelectMany(folder => Directory.GetFiles(folder, "*.dll")))
            {
                AssemblyName name;
                try
                {
                    name = AssemblyName.GetAssemblyName(file);
                }
                catch (BadImageFormatException)
                {
                    // A module or native file among the reference assemblies: nothing binds to it by name.
                    continue;
                }
                names[name.Name!] = name;
            }
            return names;
        }

        private static List<AssemblyName> ReferencesOf(string file)
        {
            using (var pe = new PEReader(File.OpenRead(file)))
            {
                MetadataReader metadata = pe.GetMetadataReader();
                return metadata.AssemblyReferences.Select(handle => metadata.GetAssemblyReference(handle).GetAssemblyName()).ToList();
            }
        }

        private static bool DefinesType(string file, string ns, string name)
        {
            using (var pe = new PEReader(File.OpenRead(file)))
            {
                MetadataReader metadata = pe.GetMetadataReader();
                return metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
                    .Any(type => metadata.GetString(type.Namespace) == ns && metadata.GetString(type.Name) == name);
            }
        }

        private static string Net472ReferenceAssemblies()
        {
            return typeof(DesktopBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Net472ReferenceAssemblies").Value!;
        }

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "build.ps1")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException("No build.ps1 above " + AppContext.BaseDirectory + ".");
        }
    }
}
