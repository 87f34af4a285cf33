using System;

namespace Swp.Requirements;

/// <summary>
/// A domain name (FQDN) the vendor's firewall pages say deployments must reach: the regions
/// it serves, and the CIDRs a page ties it to (its "Firewall EIP Block"), if any. A name is tied
/// to a component only where a page says so.
/// </summary>
public sealed class DomainName
{
    private readonly Region[] _regions;
    private readonly IPv4Network[] _cidrs;

    internal DomainName(string name, Region[] regions, IPv4Network[] cidrs, Component? component, string? note)
    {
        Name = name;
        _regions = regions;
        _cidrs = cidrs;
        Component = component;
        Note = note;
    }

    /// <summary>The name, e.g. <c>workload.de-1.cloudone.trendmicro.com</c>; a leading <c>*.</c> stands for any subdomain.</summary>
    public string Name { get; }

    /// <summary>True when every region's deployments reach the name.</summary>
    public bool IsForAllRegions => _regions.Length == 0;

    /// <summary>The regions whose deployments reach the name; empty when it is for every region.</summary>
    public ReadOnlySpan<Region> Regions => _regions;

    /// <summary>The CIDRs a vendor page ties the name to; empty when the pages give none.</summary>
    public ReadOnlySpan<IPv4Network> Cidrs => _cidrs;

    /// <summary>The component of the port table a page ties the name to, or null.</summary>
    public Component? Component { get; }

    /// <summary>A note on the name (e.g. where the pages disagree), or null.</summary>
    public string? Note { get; }

    /// <summary>True when deployments in <paramref name="region"/> reach the name.</summary>
    public bool AppliesTo(Region region) => _regions.Length == 0 || Array.IndexOf(_regions, region) >= 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
