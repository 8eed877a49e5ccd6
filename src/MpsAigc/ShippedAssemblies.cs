using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MpsAigc
{
    /// <summary>
    /// The assemblies the Windows PowerShell build ships beside itself (System.Text.Json and its family), served
    /// to .NET Framework whatever version of them is asked for, up to the shipped one. Their packages reference
    /// each other at versions that do not match what ships (System.Memory asks for System.Buffers 4.0.2.0 and
    /// System.Runtime.CompilerServices.Unsafe 4.0.4.1; 4.0.3.0 and 6.0.0.0 ship), and an application would fix that
    /// with binding redirects, which Windows PowerShell never applies to a module. PowerShell 7 needs none of
    /// this: .NET binds a reference to its own newer copy.
    /// </summary>
    internal static class ShippedAssemblies
    {
        private static readonly object Gate = new object();
        private static Dictionary<string, string>? _shipped;

        /// <summary>
        /// On .NET Framework, serves the shipped copies from <paramref name="folder"/> (the module's own) and checks
        /// that every assembly the module references loads; elsewhere nothing.
        /// </summary>
        /// <exception cref="InvalidOperationException">A shipped assembly is missing or cannot load: the install is damaged.</exception>
        public static void ServeOnNetFramework(string folder, Assembly module)
        {
            if (!RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                return;
            }
            lock (Gate)
            {
                if (_shipped == null)
                {
                    _shipped = Directory.GetFiles(folder, "*.dll").ToDictionary(path => Path.GetFileNameWithoutExtension(path), StringComparer.OrdinalIgnoreCase);
                    AppDomain.CurrentDomain.AssemblyResolve += (sender, e) => Resolve(new AssemblyName(e.Name));
                }
            }
            LoadReferences(module, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>
        /// Whether a request for <paramref name="requested"/> is served by <paramref name="shipped"/>: the same name
        /// and signer, at most the shipped version. A newer request is left to whoever ships that version.
        /// </summary>
        public static bool Serves(AssemblyName requested, AssemblyName shipped)
        {
            return string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase)
                && (requested.Version == null || (shipped.Version != null && requested.Version <= shipped.Version))
                && TokenOf(requested) == TokenOf(shipped);
        }

        private static Assembly? Resolve(AssemblyName requested)
        {
            string? path = null;
            if (requested.Name == null || _shipped == null || !_shipped.TryGetValue(requested.Name, out path))
            {
                return null;
            }
            try
            {
                return Serves(requested, AssemblyName.GetAssemblyName(path)) ? Assembly.LoadFrom(path) : null;
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
            {
                // The runtime then reports the reference it could not bind, which names the file.
                return null;
            }
        }

        /// <summary>
        /// Loads what the module references, and what that references, as its first command would: a failure
        /// surfaces here, as the import's error, rather than as a type that cannot initialise in every command after.
        /// </summary>
        private static void LoadReferences(Assembly assembly, HashSet<string> seen)
        {
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name == null || !seen.Add(reference.Name) || _shipped == null || !_shipped.ContainsKey(reference.Name))
                {
                    continue;
                }
                Assembly loaded;
                try
                {
                    loaded = Assembly.Load(reference);
                }
                catch (Exception e) when (e is FileLoadException || e is FileNotFoundException || e is BadImageFormatException)
                {
                    throw new InvalidOperationException(
                        "MpsAigc cannot load " + reference.FullName + ", which it ships beside itself: " + e.Message
                        + " The module's files are damaged or mixed with another version; reinstall it (Install-PSResource MpsAigc -Reinstall).",
                        e);
                }
                LoadReferences(loaded, seen);
            }
        }

        private static string TokenOf(AssemblyName name)
        {
            byte[]? token = name.GetPublicKeyToken();
            return token == null ? string.Empty : BitConverter.ToString(token);
        }
    }
}
