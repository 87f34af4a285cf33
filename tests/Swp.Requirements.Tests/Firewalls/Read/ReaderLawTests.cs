using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// A reader gives a model or a <see cref="FirewallReadException"/> inside the text, never
/// anything else, whatever the input: random bytes, random truncations of the samples, samples
/// with a line replaced or a character changed, and random JSON built from the formats' own words.
/// </summary>
public class ReaderLawTests
{
    private static readonly FirewallFormat[] Formats = [.. FirewallReaders.All];

    private static readonly string[] SampleTexts = Samples.Select(ReadTesting.Text).ToArray();

    private static readonly string[] Words =
    [
        "nftables", "table", "chain", "set", "map", "rule", "family", "name", "type", "hook", "prio", "policy", "expr", "match",
        "op", "left", "right", "payload", "protocol", "field", "meta", "key", "ct", "elem", "prefix", "addr", "len", "range",
        "accept", "drop", "jump", "goto", "target", "vmap", "data", "flags", "SecurityGroups", "GroupId", "IpPermissions",
        "IpPermissionsEgress", "IpProtocol", "FromPort", "ToPort", "IpRanges", "CidrIp", "UserIdGroupPairs", "PrefixListIds",
        "securityRules", "defaultSecurityRules", "properties", "priority", "direction", "access", "sourceAddressPrefix",
        "destinationAddressPrefixes", "destinationPortRange", "sourcePortRanges",
    ];

    private static readonly string[] Values =
    [
        "inet", "ip", "ip6", "filter", "input", "output", "c", "t", "tcp", "udp", "icmp", "-1", "saddr", "daddr", "dport", "state",
        "established", "new", "==", "!=", "<", "in", "@s", "10.0.0.0", "10.0.0.0/8", "0.0.0.0/0", "*", "Inbound", "Outbound",
        "Allow", "Deny", "Tcp", "443", "4118-4122", "VirtualNetwork", "sg-1", "lo", "l4proto", "iifname", "drop", "accept",
    ];

    [Property(MaxTest = 300)]
    public void Random_bytes_are_read_or_refused(byte[] bytes)
    {
        foreach (string text in new[] { Encoding.UTF8.GetString(bytes), Encoding.Latin1.GetString(bytes) })
        {
            FirewallFormatDetector.Detect(text);
            foreach (FirewallFormat format in Formats)
            {
                ReadsOrRefuses(format, text);
            }
        }
    }

    [Property(MaxTest = 500)]
    public void Truncated_samples_are_read_or_refused_and_still_recognised(NonNegativeInt cut, byte which)
    {
        int sample = which % Samples.Length;
        string whole = SampleTexts[sample];
        string text = whole.Substring(0, cut.Get % (whole.Length + 1));
        ReadsOrRefuses(FormatOf(Samples[sample]), text);
        if (text.Length >= 40)
        {
            Assert.Equal(FormatOf(Samples[sample]), FirewallFormatDetector.Detect(text));
        }
    }

    [Property(MaxTest = 500)]
    public void Samples_with_a_line_replaced_are_read_or_refused(NonNegativeInt line, string? garbage, byte which)
    {
        int sample = which % Samples.Length;
        string[] lines = SampleTexts[sample].Split('\n');
        lines[line.Get % lines.Length] = garbage ?? "";
        ReadsOrRefuses(FormatOf(Samples[sample]), string.Join('\n', lines));
    }

    [Property(MaxTest = 1000)]
    public void Samples_with_a_character_changed_are_read_or_refused(NonNegativeInt at, char c, byte which)
    {
        int sample = which % Samples.Length;
        var text = new StringBuilder(SampleTexts[sample]);
        text[at.Get % text.Length] = c;
        ReadsOrRefuses(FormatOf(Samples[sample]), text.ToString());
    }

    [Property(MaxTest = 1000)]
    public Property Random_nftables_json_is_read_or_refused() =>
        Prop.ForAll(Nftables().ToArbitrary(), text => ReadsOrRefuses(NftablesJsonFormat.Instance, text));

    [Property(MaxTest = 1000)]
    public Property Random_security_groups_are_read_or_refused() =>
        Prop.ForAll(AwsGroups().ToArbitrary(), text => ReadsOrRefuses(AwsSecurityGroupsFormat.Instance, text));

    [Property(MaxTest = 1000)]
    public Property Random_network_security_groups_are_read_or_refused() =>
        Prop.ForAll(AzureNsg().ToArbitrary(), text => ReadsOrRefuses(AzureNsgFormat.Instance, text));

    [Property(MaxTest = 1000)]
    public Property Random_json_in_the_formats_words_is_read_or_refused()
    {
        return Prop.ForAll(Json().ToArbitrary(), text =>
        {
            FirewallFormatDetector.Detect(text);
            foreach (FirewallFormat format in Formats.Skip(1))
            {
                ReadsOrRefuses(format, text);
            }
        });
    }

    [Property(MaxTest = 1000)]
    public Property Random_iptables_lines_are_read_or_refused()
    {
        Gen<string> word = Gen.Elements(
            "-A", "INPUT", "OUTPUT", "X", "-j", "-g", "ACCEPT", "DROP", "RETURN", "LOG", "!", "-s", "-d", "10.0.0.0/8", "1.2.3.4",
            "-p", "tcp", "udp", "all", "--dport", "22", "1:2", "-m", "multiport", "--dports", "1,2:3", "conntrack", "--ctstate",
            "NEW,ESTABLISHED", "state", "--state", "-i", "lo", "eth0", "set", "--match-set", "\"a b\"", "--syn", "--tcp-flags",
            "SYN,ACK", "SYN", "iprange", "--src-range", "1.1.1.1-2.2.2.2", "--sport");
        Gen<string> rule = word.ArrayOf().Select(w => string.Join(' ', w));
        Gen<string> line = Gen.OneOf(rule, Gen.Elements("*filter", "*nat", "COMMIT", ":INPUT DROP [0:0]", ":X - [0:0]", ":OUTPUT ACCEPT [0:0]", "-N Y", "-P OUTPUT DROP"));
        return Prop.ForAll(line.ArrayOf().Select(l => "*filter\n:X - [0:0]\n" + string.Join('\n', l) + "\nCOMMIT\n").ToArbitrary(), text =>
            ReadsOrRefuses(IptablesSaveFormat.Instance, text));
    }

    /// <summary>Reads, then checks the model (or the exception's place) against the text.</summary>
    private static void ReadsOrRefuses(FirewallFormat format, string text)
    {
        int lines = 1 + text.Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029');
        ObservedFirewall firewall;
        try
        {
            firewall = ReadTesting.Read(format, text);
        }
        catch (FirewallReadException e)
        {
            Assert.InRange(e.Line, 1, lines);
            Assert.InRange(e.Column, 1, text.Length + 1);
            Assert.False(string.IsNullOrEmpty(e.Message));
            return;
        }

        for (int i = 0; i < firewall.Rules.Count; i++)
        {
            Assert.Equal(i, firewall.Rules[i].Id);
            Assert.InRange(firewall.Rules[i].Location.Line, 1, lines);
        }

        Assert.All(firewall.Notes, n => Assert.InRange(n.Location.Line, 1, lines));
        AssertNotEvaluatedRulesAreNoted(firewall);
        foreach (ObservedDirection direction in new[] { firewall.Ingress, firewall.Egress })
        {
            Assert.NotEmpty(direction.BaseChains);
            foreach (ObservedOutcome outcome in direction.Evaluate(PacketBox.All))
            {
                Assert.False(outcome.Outcome.Packets.IsEmpty);
                Assert.True(outcome.Outcome.RuleId < firewall.Rules.Count);
            }
        }
    }

    internal static Gen<string> Json() => Gen.Sized(size => Value(Math.Min(size, 12)));

    private static Gen<string> Value(int size)
    {
        Gen<string> scalar = Gen.OneOf(
            Gen.Elements(Values).Select(Q),
            Gen.Choose(-2, 70000).Select(Number),
            Gen.Elements("null", "true", "false", "1.5", "[]", "{}"));
        if (size <= 0)
        {
            return scalar;
        }

        Gen<string> member = Gen.Elements(Words).SelectMany(key => Value(size / 2).Select(value => Q(key) + ": " + value));
        Gen<string> obj = Gen.Choose(0, 4).SelectMany(n => member.ListOf(n)).Select(m => "{" + string.Join(", ", m) + "}");
        Gen<string> array = Gen.Choose(0, 4).SelectMany(n => Value(size / 2).ListOf(n)).Select(v => "[" + string.Join(", ", v) + "]");
        return Gen.Frequency((1, scalar), (3, obj), (2, array));
    }

    /// <summary>`nft -j list ruleset` shaped JSON: tables, chains, sets and rules of the formats' own words, now and then a wrong value.</summary>
    internal static Gen<string> Nftables()
    {
        string[] chains = ["in", "out", "c", "d"];
        string[] states = ["new", "established", "related", "invalid"];
        Gen<string> element = Gen.OneOf(
            Mostly(["10.0.0.1", "3.69.198.64", "22"], "x", "2001:db8::1"),
            Gen.Frequency((20, Gen.Choose(0, 65535)), (1, Gen.Choose(-1, 70000))).Select(Number),
            Obj(Field("addr", Str("10.0.0.0", "3.69.198.64", "1.2.3.4")), Field("len", Gen.Frequency((20, Gen.Choose(0, 32)), (1, Gen.Choose(-1, 40))).Select(Number))).Select(p => "{\"prefix\": " + p + "}"),
            Gen.Two(Gen.OneOf(Str("10.0.0.1", "10.0.0.9", "1"), Gen.Choose(0, 70000).Select(Number))).Select(t => "{\"range\": [" + t.Item1 + ", " + t.Item2 + "]}"));
        Gen<string> left = Gen.OneOf(
            Obj(Field("protocol", Str("ip", "tcp", "udp", "th", "ip6", "icmp", "ether")), Field("field", Str("saddr", "daddr", "dport", "sport", "protocol", "type"))).Select(p => "{\"payload\": " + p + "}"),
            Obj(Field("key", Str("l4proto", "iifname", "oifname", "nfproto", "mark"))).Select(m => "{\"meta\": " + m + "}"),
            Obj(Field("key", Str("state", "status"))).Select(c => "{\"ct\": " + c + "}"),
            Gen.Constant("{\"fib\": {\"result\": \"type\", \"flags\": [\"daddr\"]}}"));
        Gen<string> right = Gen.OneOf(
            element,
            Arr(element, 4).Select(a => "{\"set\": " + a + "}"),
            Str("@s", "@u", "@missing", "lo", "eth0", "tcp", "established", "new", "ipv4", "ipv6"),
            Arr(Str(states), 3));
        Gen<string> jump = Mostly(["c", "d"], "in", "zz").Select(c => "{\"target\": " + c + "}");
        Gen<string> simpleVerdict = Gen.OneOf(
            Gen.Elements("{\"accept\": null}", "{\"drop\": null}", "{\"return\": null}", "{\"reject\": {\"type\": \"tcp reset\"}}"),
            jump.Select(j => "{\"jump\": " + j + "}"),
            jump.Select(j => "{\"goto\": " + j + "}"));
        Gen<string> vmapEntry = Gen.Zip(Str(states), simpleVerdict).Select(t => "[" + t.Item1 + ", " + t.Item2 + "]");
        Gen<string> expression = Gen.Frequency(
            (6, Obj(Field("op", Str("==", "!=", "in", "<", ">=", "&")), Field("left", left), Field("right", right)).Select(m => "{\"match\": " + m + "}")),
            (4, simpleVerdict),
            (1, Gen.Elements("{\"counter\": null}", "{\"log\": {\"prefix\": \"x\"}}", "{\"limit\": {}}", "{\"continue\": null}", "{\"queue\": {}}", "{\"xt\": {\"name\": \"set\"}}")),
            (1, Arr(vmapEntry, 3).Select(e => "{\"vmap\": {\"key\": {\"ct\": {\"key\": \"state\"}}, \"data\": {\"set\": " + e + "}}}")),
            (1, Value(2)));
        Gen<string> family = Gen.Frequency((30, Str("inet")), (1, Str("ip6", "netdev")));
        Gen<string> chain = Obj(
            Field("family", family), Field("table", Str("t")), Field("name", Str("e", "f")), Field("type", Mostly(["filter"], "nat")),
            Field("hook", Str("input", "output", "forward")), Field("prio", Gen.Choose(-20, 20).Select(Number)), Field("policy", Mostly(["accept", "drop"], "x")));
        string preamble = "{\"table\": {\"family\": \"inet\", \"name\": \"t\"}}, "
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"in\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}}, "
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"out\", \"type\": \"filter\", \"hook\": \"output\", \"prio\": 0}}, "
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\"}}, {\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"d\"}}";
        Gen<string> set = Obj(
            Field("family", family), Field("table", Str("t")), Field("name", Str("s", "u")), Field("type", Gen.OneOf(Str("ipv4_addr", "inet_service"), Gen.Constant("[\"ipv4_addr\", \"inet_service\"]"))),
            Field("flags", Arr(Str("interval", "dynamic", "timeout"), 2)), Field("elem", Arr(element, 5)));
        Gen<string> rule = Obj(Field("family", family), Field("table", Str("t")), Field("chain", Gen.Frequency((40, Str(chains)), (1, Str("zz")))), Field("expr", Arr(expression, 5)));
        Gen<string> item = Gen.Frequency(
            (1, chain.Select(c => "{\"chain\": " + c + "}")),
            (2, set.Select(c => "{\"set\": " + c + "}")),
            (12, rule.Select(c => "{\"rule\": " + c + "}")),
            (1, Gen.Elements("{\"table\": {\"family\": \"inet\", \"name\": \"t\"}}", "{\"metainfo\": {\"json_schema_version\": 1}}", "{\"flowtable\": {}}", "{\"nonsense\": 1}")));
        return Arr(item, 14).Select(items => "{\"nftables\": [" + preamble + (items == "[]" ? "]" : ", " + items[1..]) + "}");
    }

    /// <summary>`aws ec2 describe-security-groups` shaped JSON.</summary>
    internal static Gen<string> AwsGroups()
    {
        Gen<string> port = Gen.Frequency((40, Gen.Elements(22, 443, 4118, 4122, 0, 65535, -1).Select(Number)), (1, Gen.Choose(-2, 70000).Select(Number)));
        Gen<string> permission = Obj(
            Field("IpProtocol", Mostly(["tcp", "udp", "icmp", "-1", "6", "50", "icmpv6"], "x", "")),
            Gen.Frequency(
                (20, Gen.Elements((22, 22), (443, 443), (4118, 4122), (0, 65535), (-1, -1), (8, -1)).Select(p => "\"FromPort\": " + Number(p.Item1) + ", \"ToPort\": " + Number(p.Item2))),
                (4, Gen.Constant("")),
                (1, Gen.Zip(port, port).Select(p => "\"FromPort\": " + p.Item1 + ", \"ToPort\": " + p.Item2))),
            Field("IpRanges", Arr(Obj(Field("CidrIp", Mostly(["10.0.0.0/8", "0.0.0.0/0", "3.69.198.64/27"], "x", "::/0", "10.0.0.1/33"))), 3)),
            Field("Ipv6Ranges", Arr(Obj(Field("CidrIpv6", Str("::/0"))), 1)),
            Field("PrefixListIds", Arr(Obj(Field("PrefixListId", Str("pl-1"))), 1)),
            Field("UserIdGroupPairs", Arr(Obj(Field("GroupId", Str("sg-1", "sg-9"))), 2)));
        Gen<string> group = Obj(
            Field("GroupId", Str("sg-1", "sg-2")), Field("GroupName", Str("g")),
            Field("IpPermissions", Arr(permission, 3)), Field("IpPermissionsEgress", Arr(permission, 3)));
        return Arr(group, 3).Select(groups => "{\"SecurityGroups\": " + groups + "}");
    }

    /// <summary>`az network nsg show` (or ARM) shaped JSON.</summary>
    internal static Gen<string> AzureNsg()
    {
        string[] prefixes = ["*", "10.0.0.0/8", "VirtualNetwork", "Internet", "1.2.3.4", "::/0", "AzureLoadBalancer", "0.0.0.0/0"];
        string[] ports = ["*", "443", "4118-4122"];
        Gen<string>[] fields =
        [
            Field("name", Str("r1", "r2")), Field("priority", Gen.Frequency((20, Gen.Choose(100, 110)), (1, Gen.Choose(90, 99))).Select(Number), absent: 0), Field("direction", Mostly(["Inbound", "Outbound"], "x")),
            Field("access", Mostly(["Allow", "Deny"], "maybe")), Field("protocol", Mostly(["Tcp", "Udp", "*", "Icmp", "Esp", "Ah"], "x")),
            Field("sourceAddressPrefix", Mostly(prefixes, "10.0.0.1/33")), Field("sourceAddressPrefixes", Arr(Mostly(prefixes, "10.0.0.256"), 2)),
            Field("destinationAddressPrefix", Mostly(prefixes, "10.0.0.1/33")), Field("destinationAddressPrefixes", Arr(Mostly(prefixes, "1.2.3"), 2)),
            Field("destinationPortRange", Mostly(ports, "x", "70000", "5-1", "")), Field("destinationPortRanges", Arr(Mostly(ports, "x"), 2)),
            Field("sourcePortRange", Str("*", "1024-65535"), absent: 3),
            Field("sourceApplicationSecurityGroups", Arr(Obj(Field("id", Str("/x/asg1"))), 1), absent: 4),
        ];
        Gen<string> flat = Obj(fields);
        Gen<string> rule = Gen.OneOf(flat, flat.Select(f => "{\"name\": \"n\", \"properties\": " + f + "}"));
        Gen<string> nsg = Obj(Field("name", Str("nsg")), Field("securityRules", Arr(rule, 4)), Field("defaultSecurityRules", Arr(rule, 3)), Field("type", Str("Microsoft.Network/networkSecurityGroups")));
        return Gen.OneOf(nsg, nsg.Select(n => "{\"name\": \"nsg\", \"properties\": " + n + "}"));
    }

    private static string Q(string text) => "\"" + text + "\"";

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Gen<string> Str(params string[] values) => Gen.Elements(values).Select(Q);

    private static Gen<string> Arr(Gen<string> item, int max) =>
        Gen.Choose(0, max).SelectMany(n => item.ListOf(n)).Select(items => "[" + string.Join(", ", items) + "]");

    /// <summary>A member, absent now and then, and now and then with a value of the wrong kind.</summary>
    private static Gen<string> Field(string name, Gen<string> value, int absent = 1) =>
        Gen.Frequency((absent, Gen.Constant("")), (100, value.Select(v => Q(name) + ": " + v)), (1, Value(1).Select(v => Q(name) + ": " + v)));

    /// <summary>One of the good values, and once in a while one of the bad ones.</summary>
    private static Gen<string> Mostly(string[] good, params string[] bad) => Gen.Frequency((30, Str(good)), (1, Str(bad)));

    private static Gen<string> Obj(params Gen<string>[] members) =>
        Gen.CollectToArray(members).Select(m => "{" + string.Join(", ", m.Where(x => x.Length > 0)) + "}");
}
