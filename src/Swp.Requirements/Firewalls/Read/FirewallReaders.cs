using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>Every export format, one row each (<see cref="FirewallFormat"/> holds the rest), and the one lookup by ID: an unknown ID is never read as another format.</summary>
internal static class FirewallReaders
{
    // The one registration of a format: its row here, in the order the tool lists them (and detection asks them).
    private static readonly FirewallFormat[] s_all =
    [
        IptablesSaveFormat.Instance,
        NftablesJsonFormat.Instance,
        AwsSecurityGroupsFormat.Instance,
        AzureNsgFormat.Instance,
    ];

    /// <summary>Every format, in a fixed order.</summary>
    public static IReadOnlyList<FirewallFormat> All => s_all;

    /// <summary>The IDs of <c>--input</c> and a deployment file's <c>firewalls[].format</c>, in the order of <see cref="All"/>.</summary>
    public static readonly string[] Ids = Array.ConvertAll(s_all, f => f.Id);

    /// <summary>What each format is (<see cref="FirewallFormat.Export"/>), in the order of <see cref="All"/>, joined as prose ending in <paramref name="last"/> (e.g. <c>", or "</c>).</summary>
    public static string Exports(string last)
    {
        string[] exports = Array.ConvertAll(s_all, f => f.Export);
        return exports.Length == 1 ? exports[0] : string.Join(", ", exports, 0, exports.Length - 1) + last + exports[exports.Length - 1];
    }

    /// <summary>The format of an ID (ordinal, case-sensitive).</summary>
    /// <returns>False, and null, for any other text: never another format.</returns>
    public static bool TryGet(string? id, [NotNullWhen(true)] out FirewallFormat? format)
    {
        foreach (FirewallFormat candidate in s_all)
        {
            if (string.Equals(candidate.Id, id, StringComparison.Ordinal))
            {
                format = candidate;
                return true;
            }
        }

        format = null;
        return false;
    }
}
