using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>Reads a .nupkg or .snupkg (a zip file): its file list, its nuspec and its files' bytes.</summary>
internal static class Nupkg
{
    /// <summary>
    /// The package's files, sorted, without the zip's packaging parts (_rels/, [Content_Types].xml,
    /// package/services/metadata/) that every package has.
    /// </summary>
    public static string[] Files(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/services/metadata/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public static byte[] Read(string package, string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.GetEntry(path) ?? throw new FileNotFoundException($"{path} is not in {package}");
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public static XElement Metadata(string package)
    {
        string nuspec = Files(package).Single(f => f.EndsWith(".nuspec", StringComparison.Ordinal) && !f.Contains('/', StringComparison.Ordinal));
        using var stream = new MemoryStream(Read(package, nuspec));
        XElement root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    /// <summary>A child of the nuspec's metadata by local name (the nuspec namespace varies with the schema version).</summary>
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().SingleOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);
}
