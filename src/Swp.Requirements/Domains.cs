using System;

namespace Swp.Requirements;

/// <summary>
/// The domain names deployments must reach (proxies, DNS-based firewall rules), from the
/// vendor's firewall exception pages. No query allocates.
/// </summary>
public static class Domains
{
    /// <summary>Every name, in the spec's order: the all-region names first.</summary>
    public static ReadOnlySpan<DomainName> All => FlowTable.Domains;

    /// <summary>The names a region's deployments reach: every all-region name, then the region's own.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is not a declared region.</exception>
    public static ReadOnlySpan<DomainName> For(Region region) =>
        (uint)region < (uint)FlowTable.DomainsByRegion.Length
            ? FlowTable.DomainsByRegion[(int)region]
            : throw new ArgumentOutOfRangeException(nameof(region), region, "Not a declared region.");
}
