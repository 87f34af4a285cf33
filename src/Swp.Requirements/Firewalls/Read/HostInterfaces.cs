using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>What an interface match says of a network flow of the host.</summary>
internal enum InterfaceMatch
{
    /// <summary>Not known: which of the host's interfaces the flow uses is not known (or the host's interfaces were not given).</summary>
    Unknown,

    /// <summary>True for every network flow of the host.</summary>
    Always,

    /// <summary>False for every network flow of the host.</summary>
    Never,
}

/// <summary>
/// The one rule of what an interface match (<c>-i</c>/<c>-o</c>, nft <c>iifname</c>/<c>oifname</c>)
/// says of a host's network flows, for both netfilter readers. A network flow never uses
/// <c>lo</c>. When the host's network interfaces are given (<c>swp-ports audit --interface</c>), a
/// flow uses one of them: a match that holds for all of them is always true, for none always
/// false, for some not known. Names match exactly, or by prefix where the name ends with the
/// dialect's wildcard (iptables <c>eth+</c>, nftables <c>eth*</c>).
/// </summary>
internal static class HostInterfaces
{
    /// <summary>
    /// What "the flow's interface is one of <paramref name="names"/>" says, for a host with the
    /// interfaces <paramref name="host"/> (null: not known).
    /// </summary>
    /// <param name="names">The names the rule matches (one, or an nft set).</param>
    /// <param name="wildcard">The dialect's wildcard suffix: <c>'+'</c> for iptables, <c>'*'</c> for nftables.</param>
    /// <param name="host">The host's network interfaces, or null when not known.</param>
    public static InterfaceMatch Match(IReadOnlyList<string> names, char wildcard, IReadOnlyList<string>? host)
    {
        if (names.Count > 0 && AllLoopback(names))
        {
            return InterfaceMatch.Never;
        }

        if (host is null || host.Count == 0)
        {
            foreach (string name in names)
            {
                if (name.Length == 1 && name[0] == wildcard)
                {
                    return InterfaceMatch.Always; // "+" or "*": every interface
                }
            }

            return InterfaceMatch.Unknown;
        }

        int matching = 0;
        foreach (string interfaceName in host)
        {
            foreach (string name in names)
            {
                if (Matches(name, interfaceName, wildcard))
                {
                    matching++;
                    break;
                }
            }
        }

        return matching == host.Count ? InterfaceMatch.Always : matching == 0 ? InterfaceMatch.Never : InterfaceMatch.Unknown;
    }

    /// <summary>The opposite, for <c>!</c> and <c>!=</c>.</summary>
    public static InterfaceMatch Not(InterfaceMatch match) => match switch
    {
        InterfaceMatch.Always => InterfaceMatch.Never,
        InterfaceMatch.Never => InterfaceMatch.Always,
        _ => InterfaceMatch.Unknown,
    };

    private static bool AllLoopback(IReadOnlyList<string> names)
    {
        foreach (string name in names)
        {
            if (name != "lo")
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(string pattern, string name, char wildcard) =>
        pattern.Length > 0 && pattern[pattern.Length - 1] == wildcard
            ? name.StartsWith(pattern.Substring(0, pattern.Length - 1), System.StringComparison.Ordinal)
            : pattern == name;
}
