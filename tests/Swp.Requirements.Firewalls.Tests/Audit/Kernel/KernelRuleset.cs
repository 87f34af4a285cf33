using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Swp.Requirements.Firewalls.Tests.Audit.Kernel;

/// <summary>The two loaders of the kernel oracle: iptables-nft-restore text and nft -f text.</summary>
internal enum KernelFormat
{
    Iptables,
    Nftables,
}

/// <summary>What a rule does with a packet it matches.</summary>
internal enum KernelVerdict
{
    Accept,
    Drop,
    Reject,
    Jump,
    Goto,
    Return,
}

/// <summary>One piece of an address match: a CIDR (<see cref="Prefix"/> 0..32) or a range (<see cref="Prefix"/> -1).</summary>
internal readonly record struct AddressPart(uint First, uint Last, int Prefix)
{
    public static AddressPart Cidr(uint address, int prefix)
    {
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return new AddressPart(address & mask, (address & mask) | ~mask, prefix);
    }

    /// <summary>A range of at least two addresses (nft refuses a range of one).</summary>
    public static AddressPart Range(uint first, uint last)
    {
        (uint low, uint high) = (Math.Min(first, last), Math.Max(first, last));
        return low == high ? (high == uint.MaxValue ? new(low - 1, high, -1) : new(low, high + 1, -1)) : new(low, high, -1);
    }

    public bool IsCidr => Prefix >= 0;

    public string Text => IsCidr ? Ip(First) + "/" + Prefix.ToString(CultureInfo.InvariantCulture) : Ip(First) + "-" + Ip(Last);

    public static string Ip(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}");
}

/// <summary>An address match: the union of its parts, or (negated) everything else.</summary>
internal sealed record AddressMatch(IReadOnlyList<AddressPart> Parts, bool Negated)
{
    public bool Contains(uint a) => Parts.Any(p => p.First <= a && a <= p.Last) != Negated;
}

/// <summary>A destination-port match: the union of its ranges, or (negated) every other port.</summary>
internal sealed record PortMatch(IReadOnlyList<(int Low, int High)> Ranges, bool Negated)
{
    public static string Range((int Low, int High) r, char dash) =>
        r.Low == r.High ? r.Low.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{r.Low}{dash}{r.High}");
}

/// <summary>
/// One rule: its match (every part optional) and its verdict. <see cref="Protocol"/> is tcp, udp,
/// icmp or (nft only) "tcp+udp" (meta l4proto { tcp, udp } th dport ...); <see cref="States"/> a
/// conntrack state list in iptables spelling (NEW, INVALID, RELATED,ESTABLISHED ...);
/// <see cref="Extra"/> a statement that decides nothing: comment, counter (nft) or log (nft);
/// <see cref="Syn"/> matches TCP's first packet only (--syn; tcp flags syn / fin,syn,rst,ack);
/// <see cref="Form"/> another spelling of the same match: "state" (iptables -m state),
/// "named-set" (nft: the addresses in a named set, @s1), "vmap" (nft: the ports in a verdict map).
/// </summary>
internal sealed record KernelRule(
    AddressMatch? Source,
    AddressMatch? Destination,
    string? Protocol,
    bool ProtocolNegated,
    PortMatch? Ports,
    string? States,
    KernelVerdict Verdict,
    string? Target,
    string? Extra = null,
    bool Syn = false,
    string? Form = null);

/// <summary>A chain: a base chain at the tested hook (with its policy and, nft, priority) or a user chain.</summary>
/// <remarks>
/// <see cref="Hook"/> null: the tested hook (output for egress, input for ingress). Otherwise a
/// base chain at another hook on the same packets' real path (after conntrack, so replies are
/// accepted as established first): egress postrouting (nft) or mangle OUTPUT and POSTROUTING
/// (iptables), ingress prerouting (nft) or mangle PREROUTING and INPUT (iptables).
/// </remarks>
internal sealed record KernelChain(string Name, bool IsBase, int Priority, bool PolicyDrop, IReadOnlyList<KernelRule> Rules, string? Hook = null);

/// <summary>A table: nft family and name; iptables has one, filter.</summary>
internal sealed record KernelTable(string Family, string Name, IReadOnlyList<KernelChain> Chains);

/// <summary>
/// A random ruleset of the kernel oracle, in a form both loaders take: the tested direction's
/// base chain(s) (OUTPUT / hook output for egress, INPUT / hook input for ingress) each start with
/// an accept of established and related packets (so replies pass, as on every host firewall), then
/// the random rules; the other direction accepts everything. Rendered to iptables-restore or nft
/// text; <see cref="Without"/> drops one rule, for shrinking.
/// </summary>
internal sealed record KernelRuleset(KernelFormat Format, bool Egress, IReadOnlyList<KernelTable> Tables)
{
    /// <summary>Every rule's place, (table, chain, rule), in file order.</summary>
    public IEnumerable<(int Table, int Chain, int Rule)> Positions()
    {
        for (int t = 0; t < Tables.Count; t++)
        {
            for (int c = 0; c < Tables[t].Chains.Count; c++)
            {
                for (int r = 0; r < Tables[t].Chains[c].Rules.Count; r++)
                {
                    yield return (t, c, r);
                }
            }
        }
    }

    public int RuleCount => Positions().Count();

    /// <summary>This ruleset without the rules at <paramref name="drop"/>.</summary>
    public KernelRuleset Without(IReadOnlyCollection<(int Table, int Chain, int Rule)> drop) => this with
    {
        Tables = [.. Tables.Select((t, ti) => t with
        {
            Chains = [.. t.Chains.Select((c, ci) => c with { Rules = [.. c.Rules.Where((_, ri) => !drop.Contains((ti, ci, ri)))] })],
        })],
    };

    /// <summary>Every address match of the rules, as source (true) or destination (false).</summary>
    public IEnumerable<AddressMatch> AddressMatches(bool source) =>
        Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).Select(r => source ? r.Source : r.Destination).OfType<AddressMatch>();

    public string Render() => Format == KernelFormat.Iptables ? RenderIptables() : RenderNft();

    private const string Established = "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";

    private string RenderIptables()
    {
        KernelTable table = Tables[0];
        var text = new StringBuilder("*filter\n");
        KernelChain tested = table.Chains.Single(c => c.IsBase);
        string testedName = Egress ? "OUTPUT" : "INPUT";
        text.Append(":INPUT ").Append(!Egress && tested.PolicyDrop ? "DROP" : "ACCEPT").Append(" [0:0]\n");
        text.Append(":FORWARD ACCEPT [0:0]\n");
        text.Append(":OUTPUT ").Append(Egress && tested.PolicyDrop ? "DROP" : "ACCEPT").Append(" [0:0]\n");
        List<KernelChain> users = UsedUserChains(table);
        foreach (KernelChain chain in users)
        {
            text.Append(':').Append(chain.Name).Append(" - [0:0]\n");
        }
        text.Append("-A ").Append(testedName).Append(' ').Append(Established).Append('\n');
        foreach (KernelChain chain in new[] { tested }.Concat(users))
        {
            foreach (KernelRule rule in chain.Rules)
            {
                text.Append("-A ").Append(chain.IsBase ? testedName : chain.Name).Append(IptablesMatch(rule)).Append(' ').Append(IptablesVerdict(rule)).Append('\n');
            }
        }
        text.Append("COMMIT\n");
        foreach (KernelTable other in Tables.Skip(1))
        {
            // mangle (after conntrack): its built-in chains, accepting by default; REJECT is filter's only.
            text.Append('*').Append(other.Family).Append('\n');
            foreach (string builtIn in new[] { "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" })
            {
                text.Append(':').Append(builtIn).Append(other.Chains.Any(c => c.Name == builtIn && c.PolicyDrop) ? " DROP" : " ACCEPT").Append(" [0:0]\n");
            }
            foreach (KernelChain chain in other.Chains)
            {
                text.Append("-A ").Append(chain.Name).Append(' ').Append(Established).Append('\n');
                foreach (KernelRule rule in chain.Rules)
                {
                    text.Append("-A ").Append(chain.Name).Append(IptablesMatch(rule)).Append(' ').Append(IptablesVerdict(rule)).Append('\n');
                }
            }
            text.Append("COMMIT\n");
        }
        return text.ToString();
    }

    /// <summary>The hooks or tables beyond the tested filter chains that hold rules, e.g. "mangle OUTPUT", "hook prerouting"; empty when none.</summary>
    public IEnumerable<string> OtherPlaces() => Format == KernelFormat.Iptables
        ? Tables.Skip(1).SelectMany(t => t.Chains.Where(c => c.Rules.Count > 0 || c.PolicyDrop).Select(c => t.Family + " " + c.Name))
        : Tables.SelectMany(t => t.Chains.Where(c => c.Hook is not null && (c.Rules.Count > 0 || c.PolicyDrop)).Select(c => "hook " + c.Hook)).Distinct();

    private static string IptablesMatch(KernelRule rule)
    {
        var text = new StringBuilder();
        void Address(AddressMatch? m, string flag, string range)
        {
            if (m is null)
            {
                return;
            }
            if (m.Parts.Count == 1 && !m.Parts[0].IsCidr)
            {
                text.Append(" -m iprange ").Append(m.Negated ? "! " : "").Append(range).Append(' ').Append(m.Parts[0].Text);
                return;
            }
            // More than one CIDR: iptables-restore loads one rule per CIDR (never negated, see the generator).
            text.Append(m.Negated ? " ! " : " ").Append(flag).Append(' ').Append(string.Join(',', m.Parts.Select(p => p.Text)));
        }
        Address(rule.Source, "-s", "--src-range");
        Address(rule.Destination, "-d", "--dst-range");
        if (rule.Protocol is not null)
        {
            text.Append(rule.ProtocolNegated ? " ! -p " : " -p ").Append(rule.Protocol);
        }
        if (rule.Syn)
        {
            text.Append(" --syn");
        }
        if (rule.Ports is { } ports)
        {
            text.Append(ports.Ranges.Count == 1
                ? (ports.Negated ? " ! --dport " : " --dport ") + PortMatch.Range(ports.Ranges[0], ':')
                : " -m multiport " + (ports.Negated ? "! " : "") + "--dports " + string.Join(',', ports.Ranges.Select(r => PortMatch.Range(r, ':'))));
        }
        if (rule.States is not null)
        {
            text.Append(rule.Form == "state" ? " -m state --state " : " -m conntrack --ctstate ").Append(rule.States);
        }
        if (rule.Extra == "comment")
        {
            text.Append(" -m comment --comment \"kernel oracle\"");
        }
        return text.ToString();
    }

    private static string IptablesVerdict(KernelRule rule) => rule.Verdict switch
    {
        KernelVerdict.Accept => "-j ACCEPT",
        KernelVerdict.Drop => "-j DROP",
        KernelVerdict.Reject => "-j REJECT",
        KernelVerdict.Return => "-j RETURN",
        KernelVerdict.Jump => "-j " + rule.Target,
        _ => "-g " + rule.Target,
    };

    /// <summary>The user chains some remaining rule jumps to (directly or through another), in declaration order.</summary>
    private static List<KernelChain> UsedUserChains(KernelTable table)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<KernelChain>(table.Chains.Where(c => c.IsBase));
        while (work.Count > 0)
        {
            foreach (KernelRule rule in work.Pop().Rules.Where(r => r.Target is not null))
            {
                if (used.Add(rule.Target!))
                {
                    work.Push(table.Chains.First(c => c.Name == rule.Target));
                }
            }
        }
        return [.. table.Chains.Where(c => !c.IsBase && used.Contains(c.Name))];
    }

    private string RenderNft()
    {
        var text = new StringBuilder();
        string hook = Egress ? "output" : "input";
        foreach (KernelTable table in Tables)
        {
            text.Append("table ").Append(table.Family).Append(' ').Append(table.Name).Append(" {\n");
            var sets = new List<string>();
            var body = new StringBuilder();
            string NftRule(KernelRule rule, string family) => RenderNftRule(rule, family, sets);
            // A jumped-to chain is declared before the chain that jumps (user chain i jumps only to j > i).
            foreach (KernelChain chain in UsedUserChains(table).AsEnumerable().Reverse())
            {
                body.Append("  chain ").Append(chain.Name).Append(" {\n");
                foreach (KernelRule rule in chain.Rules)
                {
                    body.Append("    ").Append(NftRule(rule, table.Family)).Append('\n');
                }
                body.Append("  }\n");
            }
            foreach (KernelChain chain in table.Chains.Where(c => c.IsBase))
            {
                body.Append("  chain ").Append(chain.Name).Append(" {\n");
                body.Append("    type filter hook ").Append(chain.Hook ?? hook).Append(" priority ").Append(chain.Priority.ToString(CultureInfo.InvariantCulture))
                    .Append("; policy ").Append(chain.PolicyDrop ? "drop" : "accept").Append(";\n");
                body.Append("    ct state established,related accept\n");
                foreach (KernelRule rule in chain.Rules)
                {
                    body.Append("    ").Append(NftRule(rule, table.Family)).Append('\n');
                }
                body.Append("  }\n");
            }
            for (int i = 0; i < sets.Count; i++)
            {
                text.Append("  set s").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(" {\n    type ipv4_addr\n    flags interval\n    elements = { ")
                    .Append(sets[i]).Append(" }\n  }\n");
            }
            text.Append(body);
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static string RenderNftRule(KernelRule rule, string family, List<string> sets)
    {
        var parts = new List<string>();
        static string Set(IEnumerable<string> items, int count) => count == 1 ? items.Single() : "{ " + string.Join(", ", items) + " }";
        void Address(AddressMatch? m, string field)
        {
            if (m is null)
            {
                return;
            }
            if (rule.Form == "named-set")
            {
                sets.Add(string.Join(", ", m.Parts.Select(p => p.Text)));
                parts.Add("ip " + field + (m.Negated ? " != " : " ") + "@s" + sets.Count.ToString(CultureInfo.InvariantCulture));
                return;
            }
            parts.Add("ip " + field + (m.Negated ? " != " : " ") + Set(m.Parts.Select(p => p.Text), m.Parts.Count));
        }
        Address(rule.Source, "saddr");
        Address(rule.Destination, "daddr");
        string verdict = rule.Verdict switch
        {
            KernelVerdict.Accept => "accept",
            KernelVerdict.Drop => "drop",
            KernelVerdict.Reject => "reject",
            KernelVerdict.Return => "return",
            KernelVerdict.Jump => "jump " + rule.Target,
            _ => "goto " + rule.Target,
        };
        bool vmap = rule.Form == "vmap" && rule.Ports is { Negated: false } && rule.Verdict != KernelVerdict.Reject;
        if (rule.Syn)
        {
            parts.Add("tcp flags syn / fin,syn,rst,ack");
        }
        if (rule.Ports is { } ports)
        {
            string port = vmap
                ? " dport vmap { " + string.Join(", ", ports.Ranges.Select(r => PortMatch.Range(r, '-') + " : " + ElementVerdict(r, verdict))) + " }"
                : " dport " + (ports.Negated ? "!= " : "") + Set(ports.Ranges.Select(r => PortMatch.Range(r, '-')), ports.Ranges.Count);
            string match = rule.Protocol == "tcp+udp" ? "meta l4proto { tcp, udp } th" + port : rule.Protocol + port;
            if (vmap)
            {
                // The verdict map decides: it comes last, after the statements.
                verdict = match;
            }
            else
            {
                parts.Add(match);
            }
        }
        else if (rule.Protocol == "tcp+udp")
        {
            parts.Add("meta l4proto " + (rule.ProtocolNegated ? "!= " : "") + "{ tcp, udp }");
        }
        else if (rule.Protocol is not null)
        {
            // "ip protocol" in ip tables, "meta l4proto" in inet ones: both forms get read.
            parts.Add((family == "ip" ? "ip protocol " : "meta l4proto ") + (rule.ProtocolNegated ? "!= " : "") + rule.Protocol);
        }
        if (rule.States is not null)
        {
            parts.Add("ct state " + Set(rule.States.ToLowerInvariant().Split(','), rule.States.Split(',').Length));
        }
        switch (rule.Extra)
        {
            case "counter": parts.Add("counter"); break;
            case "log": parts.Add("log prefix \"oracle \""); break;
        }
        parts.Add(rule.Extra == "comment" ? verdict + " comment \"kernel oracle\"" : verdict);
        return string.Join(' ', parts);
    }

    /// <summary>A verdict map's element: the rule's verdict, but accept and drop swap for about a third of the ranges (the kernel decides, so any mix is fair).</summary>
    private static string ElementVerdict((int Low, int High) range, string verdict) =>
        (range.Low * 31 + range.High) % 3 != 0 ? verdict : verdict switch { "accept" => "drop", "drop" => "accept", _ => verdict };

    /// <summary>The rules as the generator made them, one per line, for a failure message.</summary>
    public override string ToString() => Render();
}

/// <summary>
/// Makes random rulesets from a seed: default policies accept/drop, accept/drop/reject rules,
/// CIDRs of many sizes (the Germany manager subnets, their supernets and pieces, 0.0.0.0/1 and
/// 128.0.0.0/1 pairs, private and random networks), negation, port ranges, multiport and nft
/// sets, iprange and nft ranges, user chains with jump/goto/return, and (nft) several tables and
/// base chains at the one hook with different priorities.
/// </summary>
internal sealed class KernelRulesetGenerator
{
    private static readonly int[] FlowPorts = [53, 80, 123, 443, 4118];
    private static readonly int[] Priorities = [-150, -10, 0, 0, 10, 100];

    private readonly Random _random;
    private readonly KernelFormat _format;
    private readonly bool _egress;
    private readonly IReadOnlyList<AddressPart> _manager;
    private readonly IReadOnlyList<uint> _hosts;

    /// <param name="seed">The case's seed.</param>
    /// <param name="format">The loader.</param>
    /// <param name="egress">True: random rules at output; false: at input.</param>
    /// <param name="managerSubnets">The Germany manager subnets (from the library's Regions).</param>
    /// <param name="hosts">Addresses the deployment gives (agent, DNS, NTP): rules should hit them often.</param>
    public KernelRulesetGenerator(int seed, KernelFormat format, bool egress, IReadOnlyList<AddressPart> managerSubnets, IReadOnlyList<uint> hosts)
    {
        _random = new Random(seed);
        _format = format;
        _egress = egress;
        _manager = managerSubnets;
        _hosts = hosts;
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public KernelRuleset Next()
    {
        int tables = _format == KernelFormat.Iptables ? 1 : _random.Next(10) switch { < 5 => 1, < 8 => 2, _ => 3 };
        var list = new List<KernelTable>();
        for (int t = 0; t < tables; t++)
        {
            string family = _format == KernelFormat.Iptables ? "filter" : Chance(0.5) ? "inet" : "ip";
            int users = _random.Next(10) switch { < 4 => 0, < 8 => 1, _ => 2 };
            var userNames = Enumerable.Range(0, users).Select(u => _format == KernelFormat.Iptables ? "U" + (u + 1) : "u" + (u + 1)).ToList();
            var chains = new List<KernelChain>();
            int bases = _format == KernelFormat.Nftables && Chance(0.2) ? 2 : 1;
            for (int b = 0; b < bases; b++)
            {
                chains.Add(new KernelChain(_format == KernelFormat.Iptables ? (_egress ? "OUTPUT" : "INPUT") : "b" + b, true,
                    Pick(Priorities), Chance(0.5), Rules(1 + _random.Next(tables > 1 ? 4 : 6), userNames, isBase: true)));
            }
            for (int u = 0; u < users; u++)
            {
                chains.Add(new KernelChain(userNames[u], false, 0, false, Rules(1 + _random.Next(4), userNames.Skip(u + 1).ToList(), isBase: false)));
            }
            list.Add(new KernelTable(family, "t" + t, chains));
        }

        // Now and then a chain at another hook on the real path of the tested direction's packets.
        if (Chance(0.15))
        {
            List<KernelRule> Plain(int count) => [.. Rules(count, [], isBase: true).Select(r => r.Verdict == KernelVerdict.Reject ? r with { Verdict = KernelVerdict.Drop } : r)];
            if (_format == KernelFormat.Iptables)
            {
                string[] names = _egress ? ["OUTPUT", "POSTROUTING"] : ["PREROUTING", "INPUT"];
                list.Add(new KernelTable("mangle", "mangle", [new KernelChain(Pick(names), true, -150, Chance(0.2), Plain(1 + _random.Next(3)))]));
            }
            else
            {
                int t = _random.Next(list.Count);
                list[t] = list[t] with
                {
                    Chains = [.. list[t].Chains, new KernelChain("x0", true, Pick(new[] { -150, 0, 50 }), Chance(0.3), Plain(1 + _random.Next(3)), _egress ? "postrouting" : "prerouting")],
                };
            }
        }
        return new KernelRuleset(_format, _egress, list);
    }

    private List<KernelRule> Rules(int count, List<string> targets, bool isBase)
    {
        var rules = new List<KernelRule>();
        for (int i = 0; i < count; i++)
        {
            KernelRule rule = Rule(targets, isBase);
            rules.Add(rule);
            // The two halves of the address space, each with its own rule.
            if (Chance(0.08))
            {
                bool source = !_egress ? Chance(0.7) : Chance(0.2);
                AddressMatch low = new([AddressPart.Cidr(0, 1)], false), high = new([AddressPart.Cidr(0x80000000, 1)], false);
                rules[^1] = source ? rule with { Source = low } : rule with { Destination = low };
                rules.Add(source ? rule with { Source = high } : rule with { Destination = high });
            }
        }
        return rules;
    }

    private KernelRule Rule(List<string> targets, bool isBase)
    {
        // The remote side (egress: destination; ingress: source) is matched more often than the host's.
        AddressMatch? source = Chance(_egress ? 0.2 : 0.5) ? Address(remote: !_egress) : null;
        AddressMatch? destination = Chance(_egress ? 0.5 : 0.2) ? Address(remote: _egress) : null;
        string? protocol = _random.Next(100) switch
        {
            < 45 => "tcp",
            < 75 => "udp",
            < 80 => "icmp",
            < 88 when _format == KernelFormat.Nftables => "tcp+udp",
            _ => null,
        };
        PortMatch? ports = protocol is "tcp" or "udp" or "tcp+udp" && Chance(0.7) ? Ports() : null;
        bool protocolNegated = protocol is not null && ports is null && Chance(0.15);
        string? states = Chance(0.1) ? Pick(new[] { "NEW", "NEW", "INVALID", "NEW,ESTABLISHED", "RELATED,ESTABLISHED", "UNTRACKED" }) : null;
        string? extra = _random.Next(100) switch
        {
            < 8 => "comment",
            < 16 when _format == KernelFormat.Nftables => "counter",
            < 20 when _format == KernelFormat.Nftables => "log",
            _ => null,
        };

        int roll = _random.Next(100);
        KernelVerdict verdict;
        string? target = null;
        if (targets.Count > 0 && roll < 25)
        {
            verdict = Chance(0.7) ? KernelVerdict.Jump : KernelVerdict.Goto;
            target = Pick(targets);
        }
        else if (!isBase && roll < 35)
        {
            verdict = KernelVerdict.Return;
        }
        else
        {
            verdict = _random.Next(10) switch { < 5 => KernelVerdict.Accept, < 8 => KernelVerdict.Drop, _ => KernelVerdict.Reject };
        }
        // iptables: "! not allowed with multiple source or destination IP addresses" (anywhere in the rule).
        if (_format == KernelFormat.Iptables && (source?.Parts.Count > 1 || destination?.Parts.Count > 1))
        {
            source = source is null ? null : source with { Negated = false };
            destination = destination is null ? null : destination with { Negated = false };
        }
        bool syn = protocol == "tcp" && !protocolNegated && Chance(0.06);
        string? form = _format == KernelFormat.Iptables
            ? (states is not null && Chance(0.4) ? "state" : null)
            : (source ?? destination) is not null && Chance(0.15) ? "named-set"
            : ports is { Negated: false } && Chance(0.08) ? "vmap"
            : null;
        return new KernelRule(source, destination, protocol, protocolNegated, ports, states, verdict, target, extra, syn, form);
    }

    private PortMatch Ports()
    {
        int Port() => Chance(0.75) ? Pick(FlowPorts) : 1 + _random.Next(65535);
        (int, int) One()
        {
            int p = Port();
            if (Chance(0.6))
            {
                return (p, p);
            }
            int low = Math.Max(1, p - _random.Next(0, 200)), high = Math.Min(65535, p + _random.Next(0, 200));
            return (low, high);
        }

        int count = Chance(0.3) ? 2 + _random.Next(3) : 1;
        var ranges = new List<(int Low, int High)>();
        for (int i = 0; i < count; i++)
        {
            (int low, int high) = One();
            if (ranges.All(r => high < r.Low - 1 || low > r.High + 1))
            {
                ranges.Add((low, high));
            }
        }
        ranges.Sort();
        return new PortMatch(ranges, Chance(0.15));
    }

    private AddressMatch Address(bool remote)
    {
        int count = Chance(0.2) ? 2 + _random.Next(2) : 1;
        var parts = new List<AddressPart>();
        for (int i = 0; i < count; i++)
        {
            AddressPart part = Part(remote);
            // iptables: more than one network only as a plain list of CIDRs; nft sets: no overlap.
            if ((count > 1 && _format == KernelFormat.Iptables && !part.IsCidr) || parts.Any(p => p.First <= part.Last + 1UL && part.First <= p.Last + 1UL))
            {
                continue;
            }
            parts.Add(part);
        }
        if (parts.Count == 0)
        {
            parts.Add(Part(remote));
        }
        parts.Sort((a, b) => a.First.CompareTo(b.First));
        // "! -d 0.0.0.0/0" is refused by the kernel (RULE_APPEND: Invalid argument).
        bool negated = Chance(0.2) && !(_format == KernelFormat.Iptables && parts.Count > 1) && parts.All(p => p.Prefix != 0);
        return new AddressMatch(parts, negated);
    }

    private AddressPart Part(bool remote)
    {
        int roll = _random.Next(100);
        if (roll < (remote ? 25 : 5))
        {
            // A Germany manager subnet, a supernet of it, or a piece of it.
            AddressPart subnet = Pick(_manager);
            int prefix = Math.Clamp(subnet.Prefix + _random.Next(-6, 4), 1, 32);
            uint inside = subnet.First + (uint)_random.Next((int)Math.Min(int.MaxValue, subnet.Last - subnet.First + 1));
            return AddressPart.Cidr(inside, prefix);
        }
        if (roll < 45 && _hosts.Count > 0)
        {
            uint host = Pick(_hosts);
            return Chance(0.2) ? AddressPart.Range(host - (uint)_random.Next(0, 3), host + (uint)_random.Next(0, 3)) : AddressPart.Cidr(host, Pick(new[] { 32, 32, 30, 24, 16, 8 }));
        }
        if (roll < 60)
        {
            return Pick(new[]
            {
                AddressPart.Cidr(0x0A000000, 8), AddressPart.Cidr(0x0A140000, 16), AddressPart.Cidr(0xAC100000, 12),
                AddressPart.Cidr(0xC0A80000, 16), AddressPart.Cidr(0, 1), AddressPart.Cidr(0x80000000, 1), AddressPart.Cidr(0x40000000, 2),
            });
        }
        if (roll < 63)
        {
            return AddressPart.Cidr(0, 0);
        }
        if (roll < 69)
        {
            // The edges of the connectable space: 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/3 and what straddles them.
            return Pick(new[]
            {
                AddressPart.Cidr(0, 8), AddressPart.Cidr(0x7F000000, 8), AddressPart.Cidr(0xE0000000, 3), AddressPart.Cidr(0xE0000000, 4),
                AddressPart.Cidr(0xC0000000, 2), AddressPart.Cidr(0, 7), AddressPart.Cidr(0x7E000000, 7), AddressPart.Cidr(0xDF000000, 8),
                AddressPart.Range(0x7EFFFFF0, 0x80000010), AddressPart.Range(0x00FFFFF0, 0x01000010), AddressPart.Range(0xDFFFFFF0, 0xE0000010),
            });
        }
        uint a = 0x01000000 + (uint)_random.NextInt64(0xDF000000);
        if (roll < 75)
        {
            uint b = a + (uint)_random.NextInt64(1, 1L << _random.Next(1, 26));
            return AddressPart.Range(a, b < a ? uint.MaxValue : b);
        }
        return AddressPart.Cidr(a, 1 + _random.Next(31));
    }
}
