using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// A deployment and a list of allow rules of a given length, for timing the coverage check
/// (issue 8) as the rule list grows. Built twice from one list: as a public
/// <see cref="RuleSet"/>, and as the text of a <c>*.swp.json</c> deployment file (the build's
/// path: <c>DeploymentGenerator</c>). Two layouts:
/// <list type="bullet">
/// <item><c>per-subnet</c>: a deployment file in the style the issue names ("one rule per
/// subnet", as security groups and change requests are written), scaled up: the agents are in
/// (rules − 16) / 4 separate /24 networks, and each has its own four rules (to any on 80,443/tcp,
/// to the DNS servers 53/udp, to the NTP server 123/udp, to the relays 4122/tcp). Every rule
/// covers a part of a required flow, so the required flows' packets are cut into one piece per
/// agent network. The rules are in address order, as such files are usually written.</item>
/// <item><c>per-subnet-shuffled</c>: the same rules in a random order (fixed seed): the worst case
/// for the engine (see docs/performance.md).</item>
/// <item><c>shared</c>: a big shared firewall: a fixed deployment (64 agent /24s, the same four
/// rules each) among unrelated rules for other systems (172.16.0.0/12 → 192.168.0.0/16 on ports
/// 1024–65535), shuffled with a fixed seed, so the engine must pass every required flow by
/// thousands of rules that do not concern it.</item>
/// </list>
/// Either way there are 16 further fixed rules (relays, the administrator's computer, the SIEM,
/// the manager), every required flow is allowed, and the rule count is exactly the one asked for.
/// Deployment: conditions <c>relays</c> + <c>siem</c>, region <c>germany</c>.
/// </summary>
public sealed class RuleScenario
{
    private const int FixedRules = 16;
    private const int SharedAgentNetworks = 64;

    private RuleScenario(Deployment deployment, RuleSet rules, string fileText, int agentNetworks)
    {
        Deployment = deployment;
        Rules = rules;
        FileText = fileText;
        AgentNetworks = agentNetworks;
    }

    /// <summary>The deployment checked.</summary>
    public Deployment Deployment { get; }

    /// <summary>The rules as a public rule set.</summary>
    public RuleSet Rules { get; }

    /// <summary>The same deployment and rules as a deployment file's text.</summary>
    public string FileText { get; }

    /// <summary>How many /24 networks the agents are in.</summary>
    public int AgentNetworks { get; }

    /// <summary>Builds a layout (<c>per-subnet</c> or <c>shared</c>) with exactly <paramref name="ruleCount"/> rules.</summary>
    public static RuleScenario Create(string layout, int ruleCount)
    {
        int agentNetworks = layout switch
        {
            "per-subnet" or "per-subnet-shuffled" => (ruleCount - FixedRules) / 4,
            "shared" => SharedAgentNetworks,
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "per-subnet, per-subnet-shuffled or shared"),
        };
        if (agentNetworks < 1 || (4 * agentNetworks) + FixedRules > ruleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(ruleCount), ruleCount, "Too few rules for the layout.");
        }

        // Agent network i: 10.0.0.0 + 512 i, a /24 (never adjacent to the next, so each stays its own interval).
        string[] agents = [.. Enumerable.Range(0, agentNetworks).Select(i => Address(0x0A000000u + (512u * (uint)i)) + "/24")];
        var rules = new List<RuleText>();
        foreach (string agent in agents)
        {
            rules.Add(new([agent], ["any"], ["80", "443"], "tcp"));
            rules.Add(new([agent], ["dns-server"], ["53"], "udp"));
            rules.Add(new([agent], ["ntp-server"], ["123"], "udp"));
            rules.Add(new([agent], ["relay"], ["4122"], "tcp"));
        }

        // Unrelated rules (the shared firewall): other systems, other ports.
        var random = new Random(20240611);
        while (rules.Count < ruleCount - FixedRules)
        {
            string source = Address(0xAC100000u + ((uint)random.Next(0, 4096) << 8)) + "/24";
            string destination = Address(0xC0A80000u + (uint)random.Next(1, 65535));
            int port = random.Next(1024, 65000);
            string ports = random.Next(4) == 0 ? Invariant($"{port}-{port + random.Next(1, 100)}") : Invariant($"{port}");
            rules.Add(new([source], [destination], [ports], random.Next(3) == 0 ? "udp" : "tcp"));
        }

        if (layout is "shared" or "per-subnet-shuffled")
        {
            // Spread the deployment's own rules through the chain (Fisher–Yates, fixed seed).
            for (int i = rules.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (rules[i], rules[j]) = (rules[j], rules[i]);
            }
        }

        rules.AddRange(
        [
            new(["relay"], ["any"], ["80", "443"], "tcp"),
            new(["relay"], ["dns-server"], ["53"], "udp"),
            new(["relay"], ["ntp-server"], ["123"], "udp"),
            new(["relay"], ["relay"], ["4122"], "tcp"),
            new(["relay"], ["siem-syslog-server"], ["514"], "udp"),
            new(["agent"], ["siem-syslog-server"], ["514"], "udp"),
            new(["administrator-computer"], ["dns-server"], ["53"], "udp"),
            new(["administrator-computer"], ["ntp-server"], ["123"], "udp"),
            new(["administrator-computer"], ["server-workload-protection"], ["443"], "tcp"),
            new(["server-workload-protection"], ["siem-syslog-server"], ["514"], "udp"),
            new(["server-workload-protection"], ["siem-syslog-server"], ["6514"], "tcp"),
            new(["10.250.0.0/24"], ["10.251.0.0/24"], ["22"], "tcp"),
            new(["10.250.0.0/24"], ["10.251.0.0/24"], ["3389"], "tcp"),
            new(["10.250.0.0/24"], ["10.251.0.0/24"], ["5985-5986"], "tcp"),
            new(["10.251.0.0/24"], ["10.250.0.0/24"], ["161"], "udp"),
            new(["10.251.0.0/24"], ["10.250.0.0/24"], ["9100"], "tcp"),
        ]);

        var addresses = new (Component Component, string[] Networks)[]
        {
            (Component.Agent, agents),
            (Component.Relay, ["10.200.0.0/24"]),
            (Component.DnsServer, ["10.250.0.53/32", "10.250.1.53/32"]),
            (Component.NtpServer, ["10.250.0.123/32"]),
            (Component.SiemSyslogServer, ["10.250.0.5/32"]),
            (Component.AdministratorComputer, ["10.251.0.0/24"]),
        };

        Deployment deployment = Deployment.Baseline.WithConditions(Conditions.Relays | Conditions.Siem).WithRegion(Region.Germany);
        foreach ((Component component, string[] networks) in addresses)
        {
            deployment = deployment.WithAddresses(component, [.. networks.Select(IPv4Network.Parse)]);
        }

        var set = new RuleSet();
        foreach (RuleText rule in rules)
        {
            set.Allow(rule.Sources.Select(Endpoint), rule.Destinations.Select(Endpoint), rule.Ports.Select(Ports), rule.Protocol == "tcp" ? IPProtocol.Tcp : IPProtocol.Udp);
        }

        return new RuleScenario(deployment, set, ToFileText(addresses, rules), agentNetworks);
    }

    private static string ToFileText((Component Component, string[] Networks)[] addresses, List<RuleText> rules)
    {
        var json = new StringBuilder(rules.Count * 120);
        json.Append("{\n  \"region\": \"germany\",\n  \"conditions\": [\"relays\", \"siem\"],\n  \"addresses\": {\n");
        for (int i = 0; i < addresses.Length; i++)
        {
            json.Append("    \"").Append(addresses[i].Component.ToId()).Append("\": [")
                .Append(string.Join(", ", addresses[i].Networks.Select(n => "\"" + n + "\"")))
                .Append(i < addresses.Length - 1 ? "],\n" : "]\n");
        }

        json.Append("  },\n  \"allow\": [\n");
        for (int i = 0; i < rules.Count; i++)
        {
            RuleText r = rules[i];
            json.Append("    { \"source\": ").Append(List(r.Sources)).Append(", \"destination\": ").Append(List(r.Destinations))
                .Append(", \"ports\": [").Append(string.Join(", ", r.Ports.Select(p => p.Contains('-', StringComparison.Ordinal) ? "\"" + p + "\"" : p)))
                .Append("], \"protocol\": \"").Append(r.Protocol).Append(i < rules.Count - 1 ? "\" },\n" : "\" }\n");
        }

        return json.Append("  ]\n}\n").ToString();

        static string List(string[] items) => items.Length == 1 ? "\"" + items[0] + "\"" : "[" + string.Join(", ", items.Select(i => "\"" + i + "\"")) + "]";
    }

    private static RuleEndpoint Endpoint(string text) =>
        text == "any" ? RuleEndpoint.Any
        : SwpIds.TryParseComponent(text, out Component c) ? RuleEndpoint.Of(c)
        : RuleEndpoint.Of(IPv4Network.Parse(text.Contains('/', StringComparison.Ordinal) ? text : text + "/32"));

    private static PortRange Ports(string text)
    {
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? PortRange.Of(int.Parse(text, CultureInfo.InvariantCulture))
            : new PortRange(int.Parse(text.AsSpan(0, dash), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    private static string Address(uint value) => IPv4Network.FormatAddress(value);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed record RuleText(string[] Sources, string[] Destinations, string[] Ports, string Protocol);
}
