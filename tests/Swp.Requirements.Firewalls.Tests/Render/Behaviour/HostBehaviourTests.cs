using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render.Behaviour;

/// <summary>
/// The host dialects proven by packets: a host that already filters (a hardened iptables host, a
/// ufw host, a Debian nftables host with policy drop), the render applied twice with exactly the
/// commands its header and the README give (<see cref="IptablesRenderer.ApplyCommands"/>,
/// <see cref="NftablesRenderer.ApplyCommands"/>), then real connections and datagrams between the
/// host's namespace and a peer namespace (Render/Behaviour/hostprobe.py): every required flow of
/// the point of view passes, and the near misses are refused. The kernel decides; the probes and
/// their verdicts are written by hand from the README's example deployment.
/// </summary>
public class HostBehaviourTests
{
    public static IEnumerable<object[]> Cases() =>
        from host in new[] { "iptables-hardened", "iptables-ufw", "nftables-inet-filter" }
        from component in new[] { "agent", "relay", "data-center-gateway" }
        select new object[] { host, component };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void EveryRequiredFlowPassesAndTheNearMissesAreRefused(string host, string component)
    {
        Assert.True(SwpIds.TryParseComponent(component, out Component c));
        FirewallPolicy policy = FirewallPolicy.Create(ReadmeDeployment.For(c), c);
        IReadOnlyList<HostProbe> probes = HandProbes.For(c);
        HandProbes.AssertEveryRuleIsProbed(policy, probes);

        HostRun run = host switch
        {
            "iptables-hardened" => HostProber.Iptables(HostRulesets.HardenedIptables, policy, probes),
            "iptables-ufw" => HostProber.Iptables(HostRulesets.UfwDenyInAndOut(), policy, probes),
            _ => HostProber.Nftables(HostRulesets.DebianNftablesDrop, new NftablesRenderer { IntoTable = "inet filter" }, policy, probes),
        };

        HostProber.AssertOutcomes(run, probes);
        if (host.StartsWith("iptables", StringComparison.Ordinal))
        {
            // Applied twice: one jump per chain, at the top (above ufw's chains or the host's drops).
            string[] input = [.. Lines(run.PrintBack).Where(l => l.StartsWith("-A INPUT ", StringComparison.Ordinal))];
            string[] output = [.. Lines(run.PrintBack).Where(l => l.StartsWith("-A OUTPUT ", StringComparison.Ordinal))];
            Assert.Equal("-A INPUT -j SWP-INGRESS", input[0]);
            Assert.Equal("-A OUTPUT -j SWP-EGRESS", output[0]);
            Assert.Single(input, l => l.Contains("SWP-INGRESS", StringComparison.Ordinal));
            Assert.Single(output, l => l.Contains("SWP-EGRESS", StringComparison.Ordinal));
        }
        else
        {
            Assert.Single(Regex.Matches(run.PrintBack, @"^\s*jump swp-input$", RegexOptions.Multiline));
            Assert.Single(Regex.Matches(run.PrintBack, @"^\s*jump swp-output$", RegexOptions.Multiline));
            Assert.Contains("policy drop;", run.PrintBack, StringComparison.Ordinal);
        }
    }

    /// <summary>Why --into exists: a table of its own, loaded on the same host, lets nothing through that the host's table drops.</summary>
    [SkippableFact]
    public void NftablesInATableOfItsOwnChangesNothingOnAHostWhoseTableDrops()
    {
        FirewallPolicy policy = FirewallPolicy.Create(ReadmeDeployment.For(Component.Agent), Component.Agent);
        HostProbe[] probes =
        [
            new("tcp", "in", "3.69.198.70", "10.1.0.5", 4118, false, "4118 from the manager (the host's drop still drops)"),
            new("tcp", "out", "10.1.0.5", "10.0.0.10", 3128, false, "the proxy (the host's drop still drops)"),
        ];
        HostRun run = HostProber.Nftables(HostRulesets.DebianNftablesDrop, new NftablesRenderer(), policy, probes);
        HostProber.AssertOutcomes(run, probes);
        Assert.Contains("table inet swp", run.PrintBack, StringComparison.Ordinal);
    }

    /// <summary>The README's sections "applying it on a host that already has a firewall" hold exactly the commands the tests run.</summary>
    [Fact]
    public void TheReadmeGivesTheCommandsTheTestsRun()
    {
        string readme = File.ReadAllText(Path.Combine(ExternalTools.RepositoryRoot()!, "README.md"));
        foreach (string command in IptablesRenderer.ApplyCommands)
        {
            Assert.Contains("\n" + command.Replace("FILE", HostProber.IptablesFile, StringComparison.Ordinal) + "\n", readme, StringComparison.Ordinal);
        }

        foreach (string command in new NftablesRenderer { IntoTable = "inet filter" }.ApplyCommands)
        {
            Assert.Contains("\n" + command.Replace("FILE", HostProber.NftablesFile, StringComparison.Ordinal) + "\n", readme, StringComparison.Ordinal);
        }

        // The example deployment the tests build is the README's prod.swp.json.
        string json = readme.Split("```json\n").Select(b => b.Split("```")[0]).Single(b => b.Contains("swp-deployment.schema.json", StringComparison.Ordinal));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        System.Text.Json.JsonElement root = document.RootElement;
        Assert.Equal("germany", root.GetProperty("region").GetString());
        Assert.Equal(["relays", "siem", "bidirectional"], root.GetProperty("conditions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3128, root.GetProperty("ports").GetProperty("proxy").GetInt32());
        System.Text.Json.JsonElement addresses = root.GetProperty("addresses");
        Assert.Equal(["agent", "relay", "web-proxy", "siem-syslog-server"], addresses.EnumerateObject().Select(p => p.Name));
        Deployment deployment = ReadmeDeployment.For(Component.Agent);
        foreach (System.Text.Json.JsonProperty component in addresses.EnumerateObject())
        {
            Assert.True(SwpIds.TryParseComponent(component.Name, out Component c));
            Assert.Equal(
                component.Value.EnumerateArray().Select(e => e.GetString()!.Contains('/', StringComparison.Ordinal) ? e.GetString() : e.GetString() + "/32"),
                deployment.AddressesOf(c).ToArray().Select(n => n.ToString()));
        }
    }

    /// <summary>The header of each output starts with the same commands.</summary>
    [Fact]
    public void EachHeaderStartsWithTheCommandsThatApplyIt()
    {
        FirewallPolicy policy = FirewallPolicy.Create(ReadmeDeployment.For(Component.Agent), Component.Agent);
        Assert.Equal(IptablesRenderer.ApplyCommands, HeaderCommands(new IptablesRenderer().Render(policy)));
        var into = new NftablesRenderer { IntoTable = "inet filter" };
        Assert.Equal(into.ApplyCommands, HeaderCommands(into.Render(policy)));
        string own = new NftablesRenderer().Render(policy);
        Assert.StartsWith("#!/usr/sbin/nft -f\n# Apply with: nft -f FILE ", own, StringComparison.Ordinal);
        Assert.Contains("\n# There, render with --into \"inet filter\"", own.Split("table inet swp\n", 2)[0], StringComparison.Ordinal);

        static string[] HeaderCommands(string output) =>
            [.. Lines(output).SkipWhile(l => !l.StartsWith("# Apply with these commands", StringComparison.Ordinal)).Skip(1)
                .TakeWhile(l => l.StartsWith("#   ", StringComparison.Ordinal)).Select(l => l["#   ".Length..])];
    }

    private static string[] Lines(string text) => text.Split('\n');
}

/// <summary>The README's example deployment (prod.swp.json there), as the API builds it; the data-center gateway's case adds its condition.</summary>
internal static class ReadmeDeployment
{
    public static Deployment For(Component component)
    {
        Deployment deployment = new Deployment(Conditions.Relays | Conditions.Siem | Conditions.Bidirectional, Region.Germany)
            .WithNamedPort(NamedPort.Proxy, 3128)
            .WithAddresses(Component.Agent, IPv4Network.Parse("10.1.0.0/16"), IPv4Network.Parse("10.2.0.0/16"))
            .WithAddresses(Component.Relay, IPv4Network.Parse("10.1.5.10/32"))
            .WithAddresses(Component.WebProxy, IPv4Network.Parse("10.0.0.10/32"))
            .WithAddresses(Component.SiemSyslogServer, IPv4Network.Parse("10.30.0.5/32"));
        return component == Component.DataCenterGateway ? deployment.WithConditions(Conditions.DataCenterGateway) : deployment;
    }
}

/// <summary>
/// One probe: <c>out</c> from the host to the peer, <c>in</c> from the peer to the host, <c>lo</c>
/// within the host; whether the kernel must let it through.
/// </summary>
internal sealed record HostProbe(string Protocol, string Kind, string Source, string Destination, int Port, bool Passes, string What)
{
    public override string ToString() => $"{What}: {Kind} {Source} -> {Destination}:{Port}/{Protocol}";
}

/// <summary>The probes of each point of view, written by hand from the README's example deployment and the vendor's port table.</summary>
internal static class HandProbes
{
    // Germany's manager subnets: 3.69.198.64/27 and 18.96.34.160/27; a sample address for "any".
    private const string Manager1 = "3.69.198.70", Manager2 = "18.96.34.170", ManagerEdge1 = "3.69.198.95", ManagerEdge2 = "18.96.34.160";
    private const string NotManager1 = "3.69.198.96", NotManager2 = "18.96.34.159";
    private const string Any = "203.0.113.80", Dns = "203.0.113.53", Ntp = "203.0.113.123";

    public static IReadOnlyList<HostProbe> For(Component component) => component switch
    {
        Component.Agent =>
        [
            new("tcp", "in", Manager1, "10.1.0.5", 4118, true, "4118 from the manager's first subnet"),
            new("tcp", "in", Manager2, "10.2.0.5", 4118, true, "4118 from the manager's second subnet"),
            new("tcp", "in", ManagerEdge1, "10.2.0.5", 4118, true, "4118 from the first subnet's last address"),
            new("tcp", "in", ManagerEdge2, "10.1.0.5", 4118, true, "4118 from the second subnet's first address"),
            new("tcp", "out", "10.1.0.5", "10.1.5.10", 4122, true, "the relay"),
            new("tcp", "out", "10.2.0.5", "10.1.5.10", 4122, true, "the relay from the second agent subnet"),
            new("udp", "out", "10.1.0.5", Dns, 53, true, "DNS (any address)"),
            new("udp", "out", "10.2.0.5", Dns, 53, true, "DNS from the second agent subnet"),
            new("udp", "out", "10.1.0.5", Ntp, 123, true, "NTP (any address)"),
            new("udp", "out", "10.1.0.5", "10.30.0.5", 514, true, "the SIEM"),
            new("udp", "out", "10.2.0.5", "10.30.0.5", 514, true, "the SIEM from the second agent subnet"),
            new("tcp", "out", "10.1.0.5", Any, 80, true, "the Smart Protection Network, 80 (any address)"),
            new("tcp", "out", "10.2.0.5", Any, 443, true, "the Smart Protection Network, 443 (any address)"),
            new("tcp", "out", "10.1.0.5", "10.0.0.10", 3128, true, "the web proxy"),
            new("tcp", "in", NotManager1, "10.1.0.5", 4118, false, "4118 from just past the first subnet"),
            new("tcp", "in", NotManager2, "10.2.0.5", 4118, false, "4118 from just before the second subnet"),
            new("tcp", "in", Any, "10.1.0.5", 4118, false, "4118 from outside the region's subnets"),
            new("tcp", "in", Manager1, "10.1.0.5", 4119, false, "4119 from the manager"),
            new("udp", "out", "10.1.0.5", "10.30.0.6", 514, false, "514/udp to a neighbour of the SIEM"),
            new("tcp", "out", "10.1.0.5", "10.1.5.11", 4122, false, "4122 to a neighbour of the relay"),
            new("tcp", "out", "10.3.0.5", "10.1.5.10", 4122, false, "4122 from an address that is not the agents'"),
            new("tcp", "out", "10.1.0.5", "10.0.0.11", 3128, false, "3128 to a neighbour of the proxy"),
            new("tcp", "out", "10.1.0.5", Any, 8443, false, "a port no flow uses"),
        ],
        Component.Relay =>
        [
            new("tcp", "in", Manager1, "10.1.5.10", 4118, true, "4118 from the manager's first subnet"),
            new("tcp", "in", Manager2, "10.1.5.10", 4118, true, "4118 from the manager's second subnet"),
            new("tcp", "in", "10.1.0.5", "10.1.5.10", 4122, true, "4122 from the first agent subnet"),
            new("tcp", "in", "10.2.0.5", "10.1.5.10", 4122, true, "4122 from the second agent subnet"),
            new("tcp", "lo", "10.1.5.10", "10.1.5.10", 4122, true, "4122 from the relay itself"),
            new("udp", "out", "10.1.5.10", Dns, 53, true, "DNS (any address)"),
            new("udp", "out", "10.1.5.10", Ntp, 123, true, "NTP (any address)"),
            new("udp", "out", "10.1.5.10", "10.30.0.5", 514, true, "the SIEM"),
            new("tcp", "out", "10.1.5.10", Any, 80, true, "Smart Protection Network and Active Update, 80 (any address)"),
            new("tcp", "out", "10.1.5.10", Any, 443, true, "Smart Protection Network and Active Update, 443 (any address)"),
            new("tcp", "out", "10.1.5.10", "10.0.0.10", 3128, true, "the web proxy"),
            new("tcp", "in", NotManager1, "10.1.5.10", 4118, false, "4118 from just past the first subnet"),
            new("tcp", "in", Any, "10.1.5.10", 4118, false, "4118 from outside the region's subnets"),
            new("tcp", "in", Manager1, "10.1.5.10", 4119, false, "4119 from the manager"),
            new("tcp", "in", "10.3.0.5", "10.1.5.10", 4122, false, "4122 from outside the agent subnets"),
            new("udp", "out", "10.1.5.10", "10.30.0.6", 514, false, "514/udp to a neighbour of the SIEM"),
            new("tcp", "out", "10.1.5.10", "10.1.5.11", 4122, false, "4122 to a neighbour of the relay"),
            new("tcp", "out", "10.1.5.10", "10.0.0.11", 3128, false, "3128 to a neighbour of the proxy"),
        ],
        Component.DataCenterGateway =>
        [
            // No addresses for the gateway: any local address, here 192.0.2.10.
            new("tcp", "out", "192.0.2.10", "203.0.113.20", 443, true, "the manager, 443 (any address)"),
            new("udp", "out", "192.0.2.10", Dns, 53, true, "DNS (any address)"),
            new("udp", "out", "192.0.2.10", Ntp, 123, true, "NTP (any address)"),
            new("tcp", "out", "192.0.2.10", "203.0.113.44", 443, true, "vCenter (any address)"),
            new("tcp", "out", "192.0.2.10", "203.0.113.89", 389, true, "Active Directory, LDAP over TCP"),
            new("udp", "out", "192.0.2.10", "203.0.113.89", 389, true, "Active Directory, LDAP over UDP"),
            new("tcp", "out", "192.0.2.10", "203.0.113.89", 636, true, "Active Directory, LDAPS over TCP"),
            new("udp", "out", "192.0.2.10", "203.0.113.89", 636, true, "Active Directory, LDAPS over UDP"),
            new("tcp", "in", Manager1, "192.0.2.10", 4118, false, "4118 from the manager (no flow comes in)"),
            new("tcp", "in", Manager1, "192.0.2.10", 4119, false, "4119 from the manager"),
            new("udp", "out", "192.0.2.10", "10.30.0.5", 514, false, "514/udp to the SIEM (not a flow of the gateway)"),
            new("tcp", "out", "192.0.2.10", "10.1.5.10", 4122, false, "4122 to the relay (not a flow of the gateway)"),
            new("tcp", "out", "192.0.2.10", "203.0.113.44", 8443, false, "a port no flow uses"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "No probes written for it."),
    };

    /// <summary>Every rule of the policy has a passing probe of its direction, IP protocol and port (a loopback probe counts both ways).</summary>
    public static void AssertEveryRuleIsProbed(FirewallPolicy policy, IReadOnlyList<HostProbe> probes)
    {
        foreach (FirewallRule rule in policy.Rules)
        {
            string kind = rule.Direction == RuleDirection.Egress ? "out" : "in";
            Assert.True(
                probes.Any(p => p.Passes && (p.Kind == kind || p.Kind == "lo") && p.Port == rule.Port && p.Protocol == rule.IPProtocol.ToId()),
                $"{rule.Name}: no probe of the hand-written list sends it; add one.");
        }
    }
}

/// <summary>The hosts that already filter, before the render is applied.</summary>
internal static class HostRulesets
{
    /// <summary>A hardened host: INPUT and OUTPUT drop, replies of established connections and SSH accepted.</summary>
    public const string HardenedIptables = """
        *filter
        :INPUT DROP [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT DROP [0:0]
        -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        -A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        COMMIT

        """;

    /// <summary>
    /// Debian's stock /etc/nftables.conf (table inet filter; chains input, forward, output) made to
    /// drop: policy drop on each, replies of established connections and SSH accepted.
    /// </summary>
    public const string DebianNftablesDrop = """
        #!/usr/sbin/nft -f
        flush ruleset
        table inet filter {
        	chain input {
        		type filter hook input priority filter; policy drop;
        		ct state established,related accept
        		tcp dport 22 accept
        	}
        	chain forward {
        		type filter hook forward priority filter; policy drop;
        	}
        	chain output {
        		type filter hook output priority filter; policy drop;
        		ct state established,related accept
        	}
        }

        """;

    /// <summary>
    /// A ufw host with <c>default deny incoming</c> and <c>default deny outgoing</c>: ufw 0.36's own
    /// chains from the stock fixture ufw-deny-out.iptables-save (tests/Swp.Requirements.Tests/Firewalls/Read/Inputs/stock),
    /// without its user rules (the four ACCEPTs of ufw-user-input and ufw-user-output), so nothing of
    /// the deployment's is open before the render.
    /// </summary>
    public static string UfwDenyInAndOut()
    {
        string path = Path.Combine(ExternalTools.RepositoryRoot()!, "tests", "Swp.Requirements.Tests", "Firewalls", "Read", "Inputs", "stock", "ufw-deny-out.iptables-save");
        string[] lines = File.ReadAllText(path).Split('\n');
        string[] kept = [.. lines.Where(l => !Regex.IsMatch(l, @"^-A ufw-user-(input|output) .* -j ACCEPT$"))];
        Assert.Equal(4, lines.Length - kept.Length);
        return string.Join('\n', kept);
    }
}

/// <summary>What one host namespace did.</summary>
internal sealed record HostRun(string Error, string ScriptOutput, string PrintBack, IReadOnlySet<int> Passed, IReadOnlyDictionary<int, string> Failed);

/// <summary>Runs Render/Behaviour/hostprobe.py in a private namespace of its own, with the host's ruleset, the render and the apply commands.</summary>
internal static class HostProber
{
    /// <summary>The file names the apply commands are run with, as the README writes them.</summary>
    public const string IptablesFile = "swp.rules", NftablesFile = "swp.nft";

    private static readonly string OutsideNetns = new FileInfo("/proc/self/ns/net").LinkTarget ?? "";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Render", "Behaviour", "hostprobe.py");

    public static HostRun Iptables(string hostRules, FirewallPolicy policy, IReadOnlyList<HostProbe> probes)
    {
        string apply = string.Join('\n', IptablesRenderer.ApplyCommands.Select(c => c.Replace("FILE", IptablesFile, StringComparison.Ordinal)));
        var commands = new Dictionary<string, string>
        {
            // What Debian's iptables alternatives point to: the nf_tables backend.
            ["iptables"] = Tool("iptables-nft", "iptables"),
            ["iptables-restore"] = Tool("iptables-nft-restore", "iptables"),
            ["iptables-save"] = Tool("iptables-nft-save", "iptables"),
        };
        return Run(
            new Dictionary<string, string> { ["host.rules"] = hostRules, [IptablesFile] = new IptablesRenderer().Render(policy) },
            commands,
            // The host's own firewall, then the render applied twice (a second run must change nothing).
            $"iptables-restore host.rules\n{apply}\n{apply}\n",
            "iptables-save",
            probes);
    }

    public static HostRun Nftables(string hostRuleset, NftablesRenderer renderer, FirewallPolicy policy, IReadOnlyList<HostProbe> probes)
    {
        string apply = string.Join('\n', renderer.ApplyCommands.Select(c => c.Replace("FILE", NftablesFile, StringComparison.Ordinal)));
        string render = renderer.Render(policy);
        // The resolver's part (the dnsmasq nftset= line in the output): the manager's sample address into its set.
        string resolver = render.Contains("set swp-server-workload-protection-dns {", StringComparison.Ordinal)
            ? "nft add element inet filter swp-server-workload-protection-dns '{ 203.0.113.20 }'\n"
            : "";
        return Run(
            new Dictionary<string, string> { ["host.nft"] = hostRuleset, [NftablesFile] = render },
            new Dictionary<string, string> { ["nft"] = Tool("nft", "nftables") },
            $"nft -f host.nft\n{apply}\n{apply}\n{resolver}",
            "nft list ruleset",
            probes);
    }

    public static void AssertOutcomes(HostRun run, IReadOnlyList<HostProbe> probes)
    {
        var wrong = new List<string>();
        for (int i = 0; i < probes.Count; i++)
        {
            bool passed = run.Passed.Contains(i);
            if (passed != probes[i].Passes)
            {
                wrong.Add($"  {probes[i]}: {(passed ? "passed, and must be refused" : "refused (" + run.Failed.GetValueOrDefault(i, "?") + "), and must pass")}");
            }
        }

        Assert.True(wrong.Count == 0, $"The kernel disagrees on {wrong.Count} of {probes.Count} probes:\n{string.Join('\n', wrong)}\n--- the host's ruleset:\n{run.PrintBack}");
    }

    private static string Tool(string name, string package) =>
        ExternalTools.Find(name) ?? throw ExternalTools.Missing(name, $"sudo {ExternalTools.InstallScript} (or: apt-get install -y {package})");

    private static HostRun Run(Dictionary<string, string> files, Dictionary<string, string> commands, string script, string printBack, IReadOnlyList<HostProbe> probes)
    {
        ExternalTools.Ip();
        Tool("unshare", "util-linux");
        var hostAddresses = new SortedSet<string>(StringComparer.Ordinal);
        var peerAddresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (HostProbe p in probes)
        {
            (p.Kind == "in" ? peerAddresses : hostAddresses).Add(p.Source);
            (p.Kind == "out" ? peerAddresses : hostAddresses).Add(p.Destination);
        }

        Assert.Empty(hostAddresses.Intersect(peerAddresses));
        DirectoryInfo directory = Directory.CreateTempSubdirectory("swp-host-");
        try
        {
            string job = Path.Combine(directory.FullName, "job.json");
            File.WriteAllText(job, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["outsideNetns"] = OutsideNetns, // the prober refuses to run in this namespace
                ["timeoutMs"] = 1000,
                ["hostAddresses"] = hostAddresses.ToArray(),
                ["peerAddresses"] = peerAddresses.ToArray(),
                ["files"] = files,
                ["commands"] = commands,
                ["script"] = script,
                ["printBack"] = printBack,
                ["probes"] = probes.Select((p, i) => new object[] { i, p.Protocol, p.Kind, p.Source, p.Destination, p.Port }).ToArray(),
            }));
            ProcessOutput output = ExternalTools.RunInNetworkNamespace(ExternalTools.Python3(), [Script, job], TimeSpan.FromSeconds(60));
            Assert.True(output.ExitCode == 0 && output.StdOut.Length > 0, $"{output.CommandLine}: exit {output.ExitCode}: {output.StdErr}");
            using var result = System.Text.Json.JsonDocument.Parse(output.StdOut);
            System.Text.Json.JsonElement root = result.RootElement;
            string error = root.GetProperty("error").GetString() ?? "";
            if (error.Contains("Operation not permitted", StringComparison.Ordinal) && !ExternalTools.IsCi)
            {
                throw new SkipException("cannot make a second network namespace and veth pair here: " + error);
            }

            Assert.True(root.GetProperty("ok").GetBoolean(), $"hostprobe.py: {error}");
            return new HostRun(
                error,
                root.GetProperty("scriptOutput").GetString() ?? "",
                root.GetProperty("printBack").GetString() ?? "",
                root.GetProperty("passed").EnumerateArray().Select(e => e.GetInt32()).ToHashSet(),
                root.GetProperty("failed").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetString() ?? ""));
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is not a test failure
            }
        }
    }
}
