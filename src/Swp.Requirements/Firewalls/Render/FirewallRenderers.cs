using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Every dialect the library renders, one row each; everything else about a dialect (its ID,
/// aliases, extension, read-back export, limits) is its own <see cref="FirewallRenderer.Dialect"/>,
/// and the tool's lists and help are derived from these. The renderers here have their default
/// options; create one yourself to set others (e.g. <c>new IptablesRenderer { DropOtherTraffic = true }</c>).
/// </summary>
public static class FirewallRenderers
{
    // The one registration of a dialect: its row here, in the order the tool lists them.
    private static readonly FirewallRenderer[] s_all =
    [
        new IptablesRenderer(),
        new NftablesRenderer(),
        new WindowsFirewallRenderer(),
        new AwsCloudFormationRenderer(),
        new TerraformAwsRenderer(),
        new AzureBicepRenderer(),
        new AzureArmRenderer(),
        new SquidRenderer(),
        new FirewalldRenderer(),
        new UfwRenderer(),
    ];

    private static readonly string[] s_formats = Array.ConvertAll(s_all, r => r.Format);

    /// <summary>One renderer per dialect, with default options, in the order of <see cref="Formats"/>.</summary>
    public static IReadOnlyList<FirewallRenderer> All => s_all;

    /// <summary>The format IDs (<see cref="FirewallDialect.Format"/>), in a fixed order; aliases are not listed.</summary>
    public static IReadOnlyList<string> Formats => s_formats;

    /// <summary>Finds the renderer of a format ID or alias (ordinal, case-sensitive).</summary>
    /// <param name="format">The format ID or one of its <see cref="FirewallDialect.Aliases"/>, e.g. <c>nftables</c>.</param>
    /// <param name="renderer">The renderer with default options, or null when the ID is unknown.</param>
    /// <returns>True when the ID is known.</returns>
    public static bool TryGet(string? format, [NotNullWhen(true)] out FirewallRenderer? renderer)
    {
        foreach (FirewallRenderer candidate in s_all)
        {
            if (string.Equals(candidate.Format, format, StringComparison.Ordinal))
            {
                renderer = candidate;
                return true;
            }
        }

        foreach (FirewallRenderer candidate in s_all)
        {
            foreach (string alias in candidate.Dialect.Aliases)
            {
                if (string.Equals(alias, format, StringComparison.Ordinal))
                {
                    renderer = candidate;
                    return true;
                }
            }
        }

        renderer = null;
        return false;
    }
}
