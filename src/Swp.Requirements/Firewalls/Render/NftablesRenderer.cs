using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>nftables</c>: an <c>nft -f</c> file for a Linux host firewall, in a table of its own,
/// <c>inet swp</c>, that it replaces as one transaction (<c>table inet swp</c>, then
/// <c>delete table inet swp</c>, then the table: safe to load again and again, and it touches no
/// other table), or, with <see cref="IntoTable"/> (<c>render --into "inet filter"</c>), as chains of
/// the host's own table that its base chains jump to (see <see cref="ApplyCommands"/>).
/// <para>
/// An accept ends a packet's way through one table only: every table's base chains at the hook
/// see it, and a drop in any of them is final. So on a host whose own table drops (Debian's
/// <c>table inet filter</c> with policy drop), a table of its own changes nothing unless its
/// policy is drop itself; the rules take effect there only inside the host's table, above its
/// rules, which is what <see cref="IntoTable"/> does. The first lines of the output say which.
/// </para>
/// <para>
/// The table has two base chains, <c>output</c> and <c>input</c> (filter hooks, priority 0), which
/// accept packets of established and related connections and then the new connections of each
/// rule, with the rule's name and description as its comment. Address lists are named sets
/// (<c>type ipv4_addr; flags interval</c>) named after the remote end's component
/// (<c>server-workload-protection</c>), or <c>local</c> for the component's own addresses, one per
/// distinct list under each name (<c>-2</c>, <c>-3</c>, ... after the name for a second list); networks held by another network of the same list are left out (nft refuses
/// overlapping intervals). Loopback rules match <c>oifname "lo"</c> or <c>iifname "lo"</c>.
/// </para>
/// <para>
/// A rule that names the remote end's domains and lists no addresses matches a set named
/// <c>&lt;component&gt;-dns</c>, which starts empty: a resolver fills it. The comments above the set
/// are the dnsmasq (2.87 or later) lines that do so, <c>nftset=/name1/name2/4#inet#swp#&lt;set&gt;</c>
/// (several lines of at most 1000 characters for a long list); until something fills the set, those
/// connections are not accepted. A host name never appears in a rule (nft would resolve it once,
/// at load time).
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>Rule comments hold at most 128 bytes and no <c>"</c>: the comment is the rule's name and
/// description in printable ASCII (control characters become spaces, other characters
/// <c>?</c>, <c>"</c> becomes <c>'</c>), cut to 128 characters ending in <c>...</c>.</item>
/// <item>IPv4 only, as the model: a rule with no address match carries <c>meta nfproto ipv4</c>,
/// so the <c>inet</c> table accepts no IPv6 connection.</item>
/// <item>The chains' policy is accept unless <see cref="DropOtherTraffic"/> is set. With accept,
/// the table changes nothing on its own: another table's drop still drops (each table's base
/// chains see every packet).</item>
/// <item>Set names are at most 30 characters (component IDs), within the 31 that kernels before
/// 4.16 allow, except a second distinct list for the same component (<c>-2</c> is added) and,
/// with <see cref="IntoTable"/>, the <c>swp-</c> in front of each (kernels since 4.16 take 255).</item>
/// <item>A rule's remarks, and the policy's, are <c>#</c> comment lines, which nft reads past.</item>
/// </list>
/// </para>
/// </summary>
public sealed class NftablesRenderer : FirewallRenderer
{
    /// <summary>The table's family and name.</summary>
    public const string TableName = "swp";

    /// <summary>The longest rule comment nft takes, in bytes.</summary>
    public const int MaxCommentLength = 128;

    private static readonly FirewallDialect s_dialect = new("nftables", "nft")
    {
        ReadBackFormat = "nftables",
        MatchesDomainNames = true,
        RendersLoopbackRules = true,
        MaxCommentLength = MaxCommentLength,
    };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>
    /// When true, the table's input and output chains have policy drop, so only what its rules
    /// accept gets through (IPv6, SSH and other loopback traffic are dropped too). False by default.
    /// Not with <see cref="IntoTable"/>: the output never changes another table's policies.
    /// </summary>
    public bool DropOtherTraffic { get; init; }

    /// <summary>
    /// The table to add the rules to, as <c>FAMILY NAME</c> (e.g. <c>inet filter</c>, Debian's and
    /// most hosts' own table), or null (the default) for a table of the output's own,
    /// <c>inet swp</c>. With a table, the output adds regular chains <c>swp-input</c> and
    /// <c>swp-output</c> (and its sets, named <c>swp-...</c>) to it, replaced on every load, and
    /// <see cref="ApplyCommands"/> jump to them from the top of the table's base chains
    /// <c>input</c> and <c>output</c>: an accept there ends the packet's way through that table, so
    /// the rules take effect above the table's own drops. The table's policies are never changed.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not <c>inet</c> or <c>ip</c>, a space and a table name of letters, digits, <c>_</c> and <c>-</c>.</exception>
    public string? IntoTable
    {
        get => _into is null ? null : _into.Value.Family + " " + _into.Value.Name;
        init => _into = value is null ? null : ParseTable(value);
    }

    private readonly (string Family, string Name)? _into;

    /// <summary>
    /// The shell commands that apply the output (<c>FILE</c> is its path), as its header and the
    /// README say them; the behaviour tests run exactly these. Without <see cref="IntoTable"/>:
    /// <c>nft -f FILE</c>. With it: <c>nft -f FILE</c>, then a jump to each of the output's chains at
    /// the top of the table's <c>input</c> and <c>output</c> unless one is there (safe to run again).
    /// </summary>
    public IReadOnlyList<string> ApplyCommands
    {
        get
        {
            if (_into is not { } into)
            {
                return ["nft -f FILE"];
            }

            string table = into.Family + " " + into.Name;
            return
            [
                "nft -f FILE",
                $"nft list chain {table} input | grep -q '^[[:space:]]*jump {InputChain}$' || nft insert rule {table} input jump {InputChain}",
                $"nft list chain {table} output | grep -q '^[[:space:]]*jump {OutputChain}$' || nft insert rule {table} output jump {OutputChain}",
            ];
        }
    }

    private const string InputChain = "swp-input";
    private const string OutputChain = "swp-output";

    private static (string Family, string Name) ParseTable(string value)
    {
        string[] parts = value.Split(' ');
        if (parts.Length != 2 || (parts[0] != "inet" && parts[0] != "ip") || parts[1].Length is 0 or > 64 || !IsName(parts[1]))
        {
            throw new ArgumentException($"'{RenderText.Ascii(value, '?')}' is not a table as FAMILY NAME, e.g. 'inet filter' (family inet or ip; the rules are IPv4).", nameof(value));
        }

        return (parts[0], parts[1]);

        static bool IsName(string name)
        {
            if (!IsLetter(name[0]))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!IsLetter(c) && c is not (>= '0' and <= '9') && c != '_' && c != '-')
                {
                    return false;
                }
            }

            return true;
        }

        static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><see cref="DropOtherTraffic"/> and <see cref="IntoTable"/> are both set.</exception>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        if (_into is not null && DropOtherTraffic)
        {
            throw new InvalidOperationException("DropOtherTraffic and IntoTable together: the output never changes the policies of the host's table.");
        }

        string prefix = _into is null ? "" : "swp-";
        var sets = new SetNames();
        var ruleSets = new Dictionary<FirewallRule, (string? Local, string? Remote)>();
        foreach (FirewallRule rule in policy.Rules)
        {
            string? local = rule.LocalAddresses.Count == 0 ? null : sets.Addresses(prefix + "local", rule.LocalAddresses);
            string? remote = rule.RemoteAddresses.Count > 0
                ? sets.Addresses(prefix + RemoteComponent(rule).ToId(), rule.RemoteAddresses)
                : rule.RemoteDomains.Count > 0 ? sets.Domains(prefix + RemoteComponent(rule).ToId() + "-dns", rule.RemoteDomains) : null;
            ruleSets.Add(rule, (local, remote));
        }

        (string family, string table) = _into ?? ("inet", TableName);
        var output = new StringBuilder();
        output.Append("#!/usr/sbin/nft -f\n");
        if (_into is null)
        {
            Comment(output, "", "Apply with: nft -f FILE (it replaces the table inet swp as one transaction and touches no other table).");
            if (!DropOtherTraffic)
            {
                Comment(output, "", "On a host that already filters, this alone changes nothing: an accept here ends only this table's chains, and");
                Comment(output, "", "another table's drop (e.g. table inet filter with policy drop, firewalld's inet firewalld) still drops.");
                Comment(output, "", "There, render with --into \"inet filter\" (the host's table) to add these rules to that table instead.");
            }
        }
        else
        {
            Comment(output, "", "Apply with these commands (safe to run again: the jumps are added only where missing):");
            foreach (string command in ApplyCommands)
            {
                Comment(output, "", "  " + command);
            }

            Comment(output, "", $"The file alone fills the chains {InputChain} and {OutputChain} of table {family} {table} and their sets (a new load replaces");
            Comment(output, "", "their rules and elements); the jumps at the top of its base chains input and output make them take effect");
            Comment(output, "", "above the table's own rules. The table's policies are not changed.");
        }

        foreach (string line in RenderText.Header(policy, $"nftables ruleset (table {family} {table})"))
        {
            Comment(output, "", line);
        }

        if (_into is null)
        {
            Comment(output, "", DropOtherTraffic
                ? "The chains' policy is drop: everything these rules do not accept is dropped (IPv6, SSH and other loopback traffic too)."
                : "The chains' policy is accept: this table only accepts; another table's drop still applies.");
            output.Append("table inet swp\ndelete table inet swp\n\n");
        }
        else
        {
            // Declares the chains and sets (a no-op when they exist), empties them, then fills them: one transaction.
            output.Append("table ").Append(family).Append(' ').Append(table).Append(" {\n");
            foreach (NamedSet set in sets.All)
            {
                output.Append("\tset ").Append(set.Name).Append(" { type ipv4_addr; flags interval; }\n");
            }

            output.Append("\tchain ").Append(OutputChain).Append(" {\n\t}\n\tchain ").Append(InputChain).Append(" {\n\t}\n}\n");
            output.Append("flush chain ").Append(family).Append(' ').Append(table).Append(' ').Append(OutputChain).Append('\n');
            output.Append("flush chain ").Append(family).Append(' ').Append(table).Append(' ').Append(InputChain).Append('\n');
            foreach (NamedSet set in sets.All)
            {
                output.Append("flush set ").Append(family).Append(' ').Append(table).Append(' ').Append(set.Name).Append('\n');
            }

            output.Append('\n');
        }

        output.Append("table ").Append(family).Append(' ').Append(table).Append(" {\n");
        foreach (NamedSet set in sets.All)
        {
            if (set.Domains is not null)
            {
                Comment(output, "\t", $"Empty until a resolver adds the IPv4 addresses of the remote end's {RenderText.Invariant(set.Domains.Count)} domain name(s); for dnsmasq (2.87 or later):");
                foreach (string line in DnsmasqLines(set, family, table))
                {
                    Comment(output, "\t", line);
                }
            }

            output.Append("\tset ").Append(set.Name).Append(" {\n\t\ttype ipv4_addr\n\t\tflags interval\n");
            if (set.Networks is not null)
            {
                output.Append("\t\telements = { ");
                for (int i = 0; i < set.Networks.Count; i++)
                {
                    output.Append(i == 0 ? "" : ", ").Append(set.Networks[i].ToString());
                }

                output.Append(" }\n");
            }

            output.Append("\t}\n\n");
        }

        string policyText = DropOtherTraffic ? "drop" : "accept";
        foreach (RuleDirection direction in new[] { RuleDirection.Egress, RuleDirection.Ingress })
        {
            bool egress = direction == RuleDirection.Egress;
            if (_into is null)
            {
                output.Append("\tchain ").Append(egress ? "output" : "input").Append(" {\n");
                output.Append("\t\ttype filter hook ").Append(egress ? "output" : "input").Append(" priority 0; policy ").Append(policyText).Append(";\n");
            }
            else
            {
                output.Append("\tchain ").Append(egress ? OutputChain : InputChain).Append(" {\n");
            }

            output.Append("\t\tct state established,related accept\n");
            foreach (FirewallRule rule in policy.Rules)
            {
                if (rule.Direction == direction)
                {
                    WriteRule(output, rule, ruleSets[rule], warnings);
                }
            }

            output.Append("\t}\n").Append(egress ? "\n" : "");
        }

        output.Append("}\n");
        writer.Write(output.ToString());
    }

    private static void WriteRule(StringBuilder output, FirewallRule rule, (string? Local, string? Remote) sets, ICollection<RenderWarning> warnings)
    {
        foreach (string remark in rule.Remarks)
        {
            Comment(output, "\t\t", rule.Name + ": " + remark);
        }

        bool ingress = rule.Direction == RuleDirection.Ingress;
        string? source = ingress ? sets.Remote : sets.Local;
        string? destination = ingress ? sets.Local : sets.Remote;
        output.Append("\t\t");
        if (rule.IsLoopback)
        {
            output.Append(ingress ? "iifname \"lo\" " : "oifname \"lo\" ");
        }

        if (source is null && destination is null)
        {
            output.Append("meta nfproto ipv4 ");
        }

        if (source is not null)
        {
            output.Append("ip saddr @").Append(source).Append(' ');
        }

        if (destination is not null)
        {
            output.Append("ip daddr @").Append(destination).Append(' ');
        }

        string label = RenderText.Label(rule);
        string comment = RenderText.Fit(rule, label, RenderText.Ascii(label, '?').Replace('"', '\''), "characters outside printable ASCII as '?' (control characters as spaces), '\"' as \"'\"", MaxCommentLength, "comment", warnings);
        output.Append(rule.IPProtocol.ToId()).Append(" dport ").Append(RenderText.Invariant(rule.Port))
            .Append(" ct state new accept comment \"").Append(comment).Append("\"\n");
    }

    /// <summary>
    /// The dnsmasq lines that fill a domain set: <c>nftset=/name1/name2/.../4#inet#swp#SET</c>, as
    /// many as keep each line within <see cref="MaxDnsmasqLine"/> characters (dnsmasq reads a
    /// configuration line into a buffer of about 2000 bytes; lines for the same set add up).
    /// </summary>
    private static List<string> DnsmasqLines(NamedSet set, string family, string table)
    {
        string tail = $"/4#{family}#{table}#{set.Name}";
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string name in set.Domains!)
        {
            // dnsmasq's /name/ matches the name and every subdomain: a wildcard *.name is its suffix.
            string domain = Net.DomainNameText.Suffix(name);
            if (line.Length > 0 && "nftset=".Length + line.Length + 1 + domain.Length + tail.Length > MaxDnsmasqLine)
            {
                lines.Add("nftset=" + line + tail);
                line.Clear();
            }

            line.Append('/').Append(domain);
        }

        lines.Add("nftset=" + line + tail);
        return lines;
    }

    /// <summary>The longest dnsmasq line written.</summary>
    private const int MaxDnsmasqLine = 1000;

    private static Component RemoteComponent(FirewallRule rule) =>
        rule.Direction == RuleDirection.Ingress ? rule.Flow.Source : rule.Flow.Destination;

    private static void Comment(StringBuilder output, string indent, string text) =>
        output.Append(indent).Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');

    /// <summary>A named set: addresses (networks) or a resolver's (domains).</summary>
    private sealed class NamedSet
    {
        public NamedSet(string name, List<IPv4Network>? networks, List<string>? domains)
        {
            Name = name;
            Networks = networks;
            Domains = domains;
        }

        public string Name { get; }

        public List<IPv4Network>? Networks { get; }

        public List<string>? Domains { get; }
    }

    /// <summary>Gives each distinct address list or domain list one set, in order of first use.</summary>
    private sealed class SetNames
    {
        private readonly Dictionary<string, NamedSet> _byContent = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public List<NamedSet> All { get; } = [];

        public string Addresses(string baseName, IReadOnlyList<IPv4Network> networks)
        {
            List<IPv4Network> kept = Outermost(networks);
            var key = new StringBuilder("a:").Append(baseName).Append(':');
            foreach (IPv4Network network in kept)
            {
                key.Append(network.ToString()).Append(',');
            }

            return Get(key.ToString(), baseName, name => new NamedSet(name, kept, null));
        }

        public string Domains(string baseName, IReadOnlyList<string> domains)
        {
            var kept = new List<string>();
            foreach (string domain in domains)
            {
                string lower = domain.ToLowerInvariant();
                if (!kept.Contains(lower))
                {
                    kept.Add(lower);
                }
            }

            return Get("d:" + baseName + ":" + string.Join(",", kept), baseName, name => new NamedSet(name, null, kept));
        }

        private string Get(string key, string baseName, Func<string, NamedSet> create)
        {
            if (_byContent.TryGetValue(key, out NamedSet? existing))
            {
                return existing.Name;
            }

            string name = baseName;
            for (int n = 2; !_names.Add(name); n++)
            {
                name = baseName + "-" + RenderText.Invariant(n);
            }

            NamedSet set = create(name);
            _byContent.Add(key, set);
            All.Add(set);
            return name;
        }

        /// <summary>The networks not held by another network of the list, without repeats, in their order.</summary>
        private static List<IPv4Network> Outermost(IReadOnlyList<IPv4Network> networks)
        {
            var kept = new List<IPv4Network>();
            for (int i = 0; i < networks.Count; i++)
            {
                IPv4Network network = networks[i];
                bool held = false;
                for (int j = 0; j < networks.Count && !held; j++)
                {
                    IPv4Network other = networks[j];
                    held = j != i && other.PrefixLength <= network.PrefixLength && other.Contains(network.NetworkAddress)
                        && (other.PrefixLength < network.PrefixLength || j < i);
                }

                if (!held)
                {
                    kept.Add(network);
                }
            }

            return kept;
        }
    }
}
