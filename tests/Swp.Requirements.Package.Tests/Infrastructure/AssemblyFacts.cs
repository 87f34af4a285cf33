using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>What an assembly's metadata says, read with System.Reflection.Metadata (nothing is loaded).</summary>
internal sealed class AssemblyFacts
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private AssemblyFacts(IReadOnlyList<(string Name, Version Version)> references, string? targetFramework, bool optimized)
    {
        References = references;
        TargetFramework = targetFramework;
        Optimized = optimized;
    }

    /// <summary>The assemblies it references, by name and version.</summary>
    public IReadOnlyList<(string Name, Version Version)> References { get; }

    /// <summary>Its [TargetFramework] attribute's value, e.g. ".NETStandard,Version=v2.0".</summary>
    public string? TargetFramework { get; }

    /// <summary>Built with optimizations (a Release build): its [Debuggable] does not disable them.</summary>
    public bool Optimized { get; }

    public static AssemblyFacts Read(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        MetadataReader reader = pe.GetMetadataReader();

        var references = reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Select(reference => (reader.GetString(reference.Name), reference.Version))
            .ToList();

        string? targetFramework = null;
        bool optimized = true;
        foreach (CustomAttributeHandle handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            string type = AttributeTypeName(reader, attribute);
            BlobReader value = reader.GetBlobReader(attribute.Value);
            value.ReadUInt16(); // prolog 0x0001
            if (type == "System.Runtime.Versioning.TargetFrameworkAttribute")
            {
                targetFramework = value.ReadSerializedString();
            }
            else if (type == "System.Diagnostics.DebuggableAttribute" && value.RemainingBytes >= 4)
            {
                // DebuggableAttribute(DebuggingModes): DisableOptimizations = 0x100.
                optimized = (value.ReadInt32() & 0x100) == 0;
            }
        }

        return new AssemblyFacts(references, targetFramework, optimized);
    }

    /// <summary>A portable PDB's SourceLink JSON (null when it has none) and its documents' paths.</summary>
    public static (string? SourceLink, string[] Documents) ReadPdb(byte[] pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        MetadataReader reader = provider.GetMetadataReader();
        string? sourceLink = null;
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == SourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        string[] documents = reader.Documents
            .Select(handle => reader.GetString(reader.GetDocument(handle).Name))
            .ToArray();
        return (sourceLink, documents);
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        switch (type.Kind)
        {
            case HandleKind.TypeReference:
                TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)type);
                return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
            case HandleKind.TypeDefinition:
                TypeDefinition definition = reader.GetTypeDefinition((TypeDefinitionHandle)type);
                return reader.GetString(definition.Namespace) + "." + reader.GetString(definition.Name);
            default:
                return string.Empty;
        }
    }
}
