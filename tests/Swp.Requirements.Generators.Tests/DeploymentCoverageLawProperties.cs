using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// The coverage laws of issue 8 on whole deployment files, as the build checks them: over random
/// well-formed files (allow rules only), splitting a rule in two changes no diagnostic about a
/// flow, removing a rule never makes a flow more allowed and adding one never less, and a rule
/// that permits everything allows every flow. What a file says of a flow is read from its
/// diagnostics: SWP1010 and SWP1011 (nothing allowed), SWP1019 (partly), none (allowed).
/// </summary>
public class DeploymentCoverageLawProperties
{
    [Property(MaxTest = 400, Arbitrary = [typeof(LawFiles)])]
    public void Splitting_a_rule_by_address_halves_ports_protocol_or_list_changes_no_diagnostic_about_flows(LawFile file, int which, int how)
    {
        if (file.Rules.Count == 0)
        {
            return;
        }

        int k = (int)((uint)which % (uint)file.Rules.Count);
        if (LawFiles.Split(file.Rules[k], (int)((uint)how % 4)) is not { } halves)
        {
            return;
        }

        LawFile split = file.WithRules([.. file.Rules.Take(k), halves.First, halves.Second, .. file.Rules.Skip(k + 1)]);
        Assert.Equal(FlowFindings(file), FlowFindings(split));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(LawFiles)])]
    public void Removing_a_rule_never_makes_a_flow_more_allowed_and_adding_one_never_less(LawFile file, LawFile other, int which)
    {
        Dictionary<string, int> full = Ranks(file);
        if (file.Rules.Count > 0)
        {
            int k = (int)((uint)which % (uint)file.Rules.Count);
            Dictionary<string, int> fewer = Ranks(file.WithRules([.. file.Rules.Where((_, i) => i != k)]));
            AssertNoneHigher(fewer, full);
        }

        int at = (int)((uint)which % (uint)(file.Rules.Count + 1));
        Dictionary<string, int> more = Ranks(file.WithRules([.. file.Rules.Take(at), .. other.Rules, .. file.Rules.Skip(at)]));
        AssertNoneHigher(full, more);
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(LawFiles)])]
    public void A_rule_that_permits_everything_allows_every_flow(LawFile file, int which)
    {
        int at = (int)((uint)which % (uint)(file.Rules.Count + 1));
        LawFile open = file.WithRules([.. file.Rules.Take(at), LawFiles.CatchAll, .. file.Rules.Skip(at)]);
        DeploymentResult result = DeploymentHarness.Compile(open.Text);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "SWP1010" or "SWP1011" or "SWP1016" or "SWP1019");
        DiagnosticInfo summary = Assert.Single(result.Diagnostics, d => d.Id == "SWP1022");
        (int evaluated, int allowed) = DeploymentFaults.Counts(summary.Message);
        Assert.Equal(evaluated, allowed);
    }

    [Fact]
    public void The_random_files_are_well_formed_and_reach_every_verdict_and_every_split()
    {
        LawFile[] sample = Gen.Sample(LawFiles.Files, 300);
        var ids = new HashSet<string>();
        foreach (LawFile file in sample)
        {
            DeploymentResult result = DeploymentHarness.Compile(file.Text);
            Assert.All(result.Diagnostics, d => Assert.Contains(d.Id, (string[])["SWP1010", "SWP1011", "SWP1012", "SWP1013", "SWP1014", "SWP1017", "SWP1019", "SWP1020", "SWP1021", "SWP1022", "SWP1025"]));
            ids.UnionWith(result.Diagnostics.Select(d => d.Id));
        }

        Assert.Superset(new HashSet<string> { "SWP1010", "SWP1011", "SWP1019", "SWP1022" }, ids);
        Dictionary<string, int>[] ranks = [.. sample.Select(Ranks)];
        Assert.True(ranks.Count(r => r.Count == 0) > 20, "files whose every flow is allowed");
        Assert.True(ranks.Count(r => r.ContainsValue(1)) > 20, "files with a flow partly allowed");
        Assert.True(ranks.Count(r => r.ContainsValue(0)) > 20, "files with a flow not allowed at all");
        for (int how = 0; how < 4; how++)
        {
            Assert.True(sample.Count(f => f.Rules.Any(r => LawFiles.Split(r, how) is not null)) > 100, "split " + how);
        }
    }

    /// <summary>Every diagnostic but those about one rule (SWP1012, SWP1025: a split rule repeats them), as "ID: message", sorted: what the file says about flows.</summary>
    private static List<string> FlowFindings(LawFile file) =>
    [
        .. DeploymentHarness.Compile(file.Text).Diagnostics.Where(d => d.Id is not ("SWP1012" or "SWP1025")).Select(d => d.Id + ": " + d.Message).Order(StringComparer.Ordinal),
    ];

    /// <summary>Per flow named by a finding: 0 nothing allowed (SWP1010, SWP1011), 1 partly (SWP1019); flows not named are allowed.</summary>
    private static Dictionary<string, int> Ranks(LawFile file)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (DiagnosticInfo d in DeploymentHarness.Compile(file.Text).Diagnostics)
        {
            switch (d.Id)
            {
                case "SWP1010":
                case "SWP1019":
                    ranks.Add(d.Arguments[0], d.Id == "SWP1010" ? 0 : 1);
                    break;
                case "SWP1011":
                    ranks.Add(d.Arguments[2], 0);
                    break;
            }
        }

        return ranks;
    }

    /// <summary>No flow is more allowed in <paramref name="lower"/> than in <paramref name="higher"/> (a flow not named is allowed, 2).</summary>
    private static void AssertNoneHigher(Dictionary<string, int> lower, Dictionary<string, int> higher)
    {
        foreach (string flow in lower.Keys.Union(higher.Keys))
        {
            int low = lower.TryGetValue(flow, out int l) ? l : 2;
            int high = higher.TryGetValue(flow, out int h) ? h : 2;
            Assert.True(low <= high, $"{flow}: {low} > {high}");
        }
    }
}

/// <summary>One allow rule, as lists: sources, destinations, port ranges, and tcp, udp or any.</summary>
public sealed record LawRule(string[] Sources, string[] Destinations, (int First, int Last)[] Ports, string Protocol)
{
    public string Json =>
        $"{{ \"source\": {Endpoint(Sources)}, \"destination\": {Endpoint(Destinations)}, \"ports\": [{string.Join(", ", Ports.Select(Port))}], \"protocol\": \"{Protocol}\" }}";

    private static string Endpoint(string[] values) => values.Length == 1 ? Quote(values[0]) : "[" + string.Join(", ", values.Select(Quote)) + "]";

    private static string Port((int First, int Last) p) => p.First == p.Last
        ? p.First.ToString(CultureInfo.InvariantCulture)
        : Quote(FormattableString.Invariant($"{p.First}-{p.Last}"));

    private static string Quote(string text) => "\"" + text + "\"";
}

/// <summary>A well-formed deployment file: everything but its rules is <see cref="Header"/>.</summary>
public sealed record LawFile(string Header, IReadOnlyList<LawRule> Rules)
{
    public string Text => "{\n  " + Header + "\"allow\": [\n    " + string.Join(",\n    ", Rules.Select(r => r.Json)) + "\n  ]\n}\n";

    public LawFile WithRules(IReadOnlyList<LawRule> rules) => this with { Rules = rules };

    public override string ToString() => Text;
}

/// <summary>
/// FsCheck's generator of <see cref="LawFile"/>s. Addresses come from a few nested and
/// overlapping networks, and ports from the flows' own, so rules often cover flows wholly,
/// partly or not at all.
/// </summary>
public static class LawFiles
{
    public static readonly LawRule CatchAll = new(["any"], ["any"], [(1, 65535)], "any");

    private static readonly RequirementSpec s_spec = DeploymentHarness.Spec;

    private static readonly string[] s_networks =
    [
        "10.0.0.0/8", "10.20.0.0/16", "10.20.0.0/17", "10.20.128.0/17", "10.20.5.0/24", "10.20.5.10", "10.30.0.0/16", "10.30.0.5",
        "192.168.0.0/24", "3.0.0.0/8", "3.69.198.64/27", "18.96.34.160/27", "35.75.131.96/27",
    ];

    private static readonly string[] s_components = [.. s_spec.Components.Select(c => c.Id)];

    private static readonly int[] s_ports = [.. s_spec.Flows.Select(f => f.Port).Distinct().Order()];

    private static readonly Gen<string> s_source = Gen.Frequency(
        (1, Gen.Constant("any")), (1, Gen.Constant("0.0.0.0/0")), (5, Gen.Elements(s_networks)), (5, Gen.Elements(s_components)));

    private static readonly Gen<string> s_destination = Gen.Frequency(
        (2, Gen.Constant("any")), (1, Gen.Constant("workload.de-1.cloudone.trendmicro.com")), (4, Gen.Elements(s_networks)), (6, Gen.Elements(s_components)));

    private static readonly Gen<(int, int)> s_port = Gen.Frequency(
        (6, Gen.Elements(s_ports).Select(p => (p, p))),
        (2, Gen.Elements(s_ports).Zip(Gen.Choose(0, 600), (p, w) => (Math.Max(1, p - w), Math.Min(65535, p + w)))),
        (1, Gen.Constant((1, 65535))));

    private static readonly Gen<LawRule> s_rule =
        from sources in s_source.NonEmptyListOf().Select(l => l.Take(3).Distinct().ToArray())
        from destinations in s_destination.NonEmptyListOf().Select(l => l.Take(2).Distinct().ToArray())
        from ports in s_port.NonEmptyListOf().Select(l => l.Take(3).ToArray())
        from protocol in Gen.Elements("tcp", "udp", "any", "any")
        select new LawRule(sources, destinations, ports, protocol);

    private static readonly Gen<string> s_header =
        from region in Gen.Frequency((3, Gen.Constant("germany")), (1, Gen.Constant("japan")), (1, Gen.Constant("")))
        from conditions in Gen.SubListOf(new[] { "relays", "siem", "bidirectional", "service-gateway", "data-center-gateway" })
        from proxy in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Elements(1443, 3128)))
        from addressed in Gen.SubListOf(new[] { "agent", "relay", "siem-syslog-server", "dns-server", "service-gateway", "web-proxy" })
        from networks in Gen.Elements(s_networks).ListOf(addressed.Count)
        select (region.Length == 0 ? "" : $"\"region\": \"{region}\",\n  ")
            + $"\"conditions\": [{string.Join(", ", conditions.Select(c => "\"" + c + "\""))}],\n  "
            + (proxy == 0 ? "" : $"\"ports\": {{ \"proxy\": {proxy.ToString(CultureInfo.InvariantCulture)} }},\n  ")
            + $"\"addresses\": {{ {string.Join(", ", addressed.Select((c, i) => $"\"{c}\": \"{networks[i]}\""))} }},\n  ";

    public static Gen<LawFile> Files { get; } =
        from header in s_header
        from count in Gen.Choose(0, 8)
        from rules in s_rule.ListOf(count)
        from open in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, count)))
        select new LawFile(header, open < 0 ? [.. rules] : [.. rules.Take(open), CatchAll, .. rules.Skip(open)]);

    public static Arbitrary<LawFile> File() => Arb.From(Files);

    /// <summary>
    /// Two rules whose union is <paramref name="rule"/>: by address halves (0: a CIDR endpoint of
    /// prefix 1–31 in two, one half in each rule), by ports (1: the list in two, or a range at its
    /// middle), by protocol (2: any as tcp and udp), by list (3: a source or destination list in
    /// two); null when the rule has nothing to split that way.
    /// </summary>
    public static (LawRule First, LawRule Second)? Split(LawRule rule, int how)
    {
        switch (how)
        {
            case 0:
                foreach (bool source in new[] { true, false })
                {
                    string[] ends = source ? rule.Sources : rule.Destinations;
                    for (int i = 0; i < ends.Length; i++)
                    {
                        if (Halves(ends[i]) is { } h)
                        {
                            string[] a = [.. ends];
                            string[] b = [.. ends];
                            a[i] = h.Low;
                            b[i] = h.High;
                            return source ? (rule with { Sources = a }, rule with { Sources = b }) : (rule with { Destinations = a }, rule with { Destinations = b });
                        }
                    }
                }

                return null;
            case 1:
                if (rule.Ports.Length >= 2)
                {
                    return (rule with { Ports = rule.Ports[..1] }, rule with { Ports = rule.Ports[1..] });
                }

                (int first, int last) = rule.Ports[0];
                if (first == last)
                {
                    return null;
                }

                int middle = first + ((last - first) / 2);
                return (rule with { Ports = [(first, middle)] }, rule with { Ports = [(middle + 1, last)] });
            case 2:
                return rule.Protocol == "any" ? (rule with { Protocol = "tcp" }, rule with { Protocol = "udp" }) : null;
            default:
                if (rule.Sources.Length >= 2)
                {
                    return (rule with { Sources = rule.Sources[..1] }, rule with { Sources = rule.Sources[1..] });
                }

                return rule.Destinations.Length >= 2 ? (rule with { Destinations = rule.Destinations[..1] }, rule with { Destinations = rule.Destinations[1..] }) : null;
        }
    }

    /// <summary>The two halves of a CIDR of prefix 1–31 (a /0 also holds components whose addresses are unknown, so its halves are not its split).</summary>
    private static (string Low, string High)? Halves(string endpoint)
    {
        int slash = endpoint.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !char.IsDigit(endpoint[0]))
        {
            return null;
        }

        int prefix = int.Parse(endpoint[(slash + 1)..], CultureInfo.InvariantCulture);
        if (prefix is < 1 or > 31)
        {
            return null;
        }

        uint network = endpoint[..slash].Split('.').Aggregate(0u, (n, o) => (n << 8) | uint.Parse(o, CultureInfo.InvariantCulture));
        uint high = network | (1u << (31 - prefix));
        return (Format(network, prefix + 1), Format(high, prefix + 1));
    }

    private static string Format(uint address, int prefix) =>
        FormattableString.Invariant($"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}/{prefix}");
}
