using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>The one dispatch from a format to its reader, and the formats' IDs as the tool and deployment files write them.</summary>
internal static class FirewallReaders
{
    /// <summary>The IDs of <c>--input</c> and a deployment file's <c>firewalls[].format</c>.</summary>
    public static readonly string[] Ids = ["iptables-save", "nftables", "aws", "azure"];

    public static bool TryParseId(string? id, out FirewallFormat format)
    {
        switch (id)
        {
            case "iptables-save": format = FirewallFormat.IptablesSave; return true;
            case "nftables": format = FirewallFormat.NftablesJson; return true;
            case "aws": format = FirewallFormat.Aws; return true;
            case "azure": format = FirewallFormat.Azure; return true;
            default: format = default; return false;
        }
    }

    public static string Id(FirewallFormat format) => Ids[(int)format];

    /// <summary>Reads an export.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="format">Its format.</param>
    /// <param name="groupIds">AWS: the security groups to read (null: every group in the file, as the groups of one instance).</param>
    /// <param name="virtualNetwork">Azure: the virtual network's address space (the <c>VirtualNetwork</c> tag), or null when not known.</param>
    /// <exception cref="FirewallReadException">It cannot be read (with where).</exception>
    public static ObservedFirewall Read(string path, string text, FirewallFormat format, IReadOnlyCollection<string>? groupIds = null, Coverage.IntervalSet? virtualNetwork = null) => format switch
    {
        FirewallFormat.IptablesSave => IptablesSaveReader.Read(path, text),
        FirewallFormat.NftablesJson => NftablesJsonReader.Read(path, text),
        FirewallFormat.Aws => AwsSecurityGroupReader.Read(path, text, groupIds),
        FirewallFormat.Azure => AzureNsgReader.Read(path, text, virtualNetwork),
        _ => throw new System.ArgumentOutOfRangeException(nameof(format), format, "Not an export format."),
    };
}
