using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// The order in which netfilter's hooks see the first packet of a host's own IPv4 connection,
/// written once for both readers. A connection the host accepts meets <c>ingress</c> (netdev),
/// then <c>prerouting</c>, then <c>input</c>; one it opens meets <c>output</c>, then
/// <c>postrouting</c>, then <c>egress</c> (netdev). On one hook, chains run by priority, lowest
/// first; connection tracking runs at priority -200 on <c>prerouting</c> and <c>output</c>, so
/// chains before it (iptables' raw table, nft priority raw) see no connection state yet.
/// The iptables tables sit on the hooks at the priorities nftables names after them.
/// </summary>
internal static class NetfilterHooks
{
    /// <summary>NF_IP_PRI_CONNTRACK: where the connection of a packet is looked up (its state assigned).</summary>
    public const int ConntrackPriority = -200;

    /// <summary>The built-in chains of the iptables tables on the path of the host's own connections, each table with its priority.</summary>
    private static readonly (string Table, string Chain, string Hook, int Priority)[] IptablesBaseChains =
    [
        ("raw", "PREROUTING", "prerouting", -300),
        ("mangle", "PREROUTING", "prerouting", -150),
        ("nat", "PREROUTING", "prerouting", -100),
        ("mangle", "INPUT", "input", -150),
        ("filter", "INPUT", "input", 0),
        ("security", "INPUT", "input", 50),
        ("nat", "INPUT", "input", 100),
        ("raw", "OUTPUT", "output", -300),
        ("mangle", "OUTPUT", "output", -150),
        ("nat", "OUTPUT", "output", -100),
        ("filter", "OUTPUT", "output", 0),
        ("security", "OUTPUT", "output", 50),
        ("mangle", "POSTROUTING", "postrouting", -150),
        ("nat", "POSTROUTING", "postrouting", 100),
    ];

    /// <summary>
    /// The rank of <paramref name="hook"/> on the way of a direction's packets (0 first), or -1
    /// when the hook is not on it (<c>forward</c>, an unknown name, a hook of the other direction).
    /// </summary>
    public static int Rank(string hook, bool ingress) => ingress
        ? hook switch { "ingress" => 0, "prerouting" => 1, "input" => 2, _ => -1 }
        : hook switch { "output" => 0, "postrouting" => 1, "egress" => 2, _ => -1 };

    /// <summary>True when <paramref name="hook"/> is on the way of the connections the host accepts (false: opens, or neither).</summary>
    public static bool IsIngress(string hook) => Rank(hook, true) >= 0;

    /// <summary>Orders base chains as the kernel meets them: by hook, then priority, then the given tie-break (file order).</summary>
    public static int Compare(string hookA, int priorityA, int orderA, string hookB, int priorityB, int orderB)
    {
        bool ingress = IsIngress(hookA);
        int rank = Rank(hookA, ingress).CompareTo(Rank(hookB, ingress));
        return rank != 0 ? rank : priorityA != priorityB ? priorityA.CompareTo(priorityB) : orderA.CompareTo(orderB);
    }

    /// <summary>True when a chain on <paramref name="hook"/> at <paramref name="priority"/> runs before connection tracking has given the packet a state.</summary>
    public static bool BeforeConntrack(string hook, int priority) =>
        hook is "ingress" or "egress" || (hook is "prerouting" or "output" && priority <= ConntrackPriority);

    private static readonly string[] FilterChains = ["INPUT", "FORWARD", "OUTPUT"];
    private static readonly string[] NatChains = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"];
    private static readonly string[] MangleChains = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
    private static readonly string[] RawChains = ["PREROUTING", "OUTPUT"];

    /// <summary>The iptables built-in chains a direction's packets meet, in the kernel's order: (table, chain, hook, priority).</summary>
    public static List<(string Table, string Chain, string Hook, int Priority)> IptablesOrder(bool ingress)
    {
        var list = new List<(string Table, string Chain, string Hook, int Priority)>();
        foreach (var entry in IptablesBaseChains)
        {
            if (IsIngress(entry.Hook) == ingress)
            {
                list.Add(entry);
            }
        }

        list.Sort((a, b) => Compare(a.Hook, a.Priority, 0, b.Hook, b.Priority, 0));
        return list;
    }

    /// <summary>The built-in chains of an iptables table; null for a table iptables does not have.</summary>
    public static string[]? IptablesBuiltIns(string table) => table switch
    {
        "filter" => FilterChains,
        "nat" => NatChains,
        "mangle" => MangleChains,
        "raw" => RawChains,
        "security" => FilterChains,
        _ => null,
    };

    /// <summary>True when <paramref name="chain"/> is a built-in chain of iptables table <paramref name="table"/>.</summary>
    public static bool IsIptablesBuiltIn(string table, string chain) =>
        IptablesBuiltIns(table) is { } names && Array.IndexOf(names, chain) >= 0;

    /// <summary>
    /// The route types (RTN_*) that <c>-m addrtype</c> and nft <c>fib ... type</c> name, lower case.
    /// The kernel gives an address one type (<c>inet_addr_type</c>): the host's own address is
    /// <c>local</c> (not <c>unicast</c>, which is a routed address that is not the host's).
    /// </summary>
    public static readonly string[] AddressTypes =
        ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];
}
