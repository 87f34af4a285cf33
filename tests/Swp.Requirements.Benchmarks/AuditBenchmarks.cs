using System;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Swp.Requirements.Firewalls;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Auditing real-sized exports (issue 12): read the export and audit it against a deployment,
/// as <c>swp-ports audit</c> and the build do. <see cref="Rules"/> rules in all: an
/// <c>iptables-save</c> of the agent's rendered rules after that many unrelated rules for other
/// services (other networks, ports 20000–59999), and an AWS <c>describe-security-groups</c> of
/// <see cref="Rules"/> / 10 groups of ten such rules each, one of which also holds the agent's
/// rules. <c>[GlobalSetup]</c> checks that both audits find every flow allowed. The <c>…Read</c>
/// benchmarks time the reader alone.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private static readonly Deployment s_deployment = new Deployment(Conditions.Relays | Conditions.Siem, Region.Germany)
        .WithAddresses(Component.Agent, IPv4Network.Parse("10.20.0.0/16"))
        .WithAddresses(Component.Relay, IPv4Network.Parse("10.30.0.0/24"))
        .WithAddresses(Component.DnsServer, IPv4Network.Parse("10.0.0.53/32"));

    private string _iptables = "";
    private string _aws = "";

    /// <summary>How many rules the export has besides the agent's own.</summary>
    [Params(1000, 10000)]
    public int Rules { get; set; } = 1000;

    /// <summary>Makes both exports and checks that each audit allows every flow.</summary>
    [GlobalSetup]
    public void Setup()
    {
        FirewallPolicy policy = FirewallPolicy.Create(s_deployment, Component.Agent);
        _iptables = Iptables(new IptablesRenderer { DropOtherTraffic = true }.Render(policy), Rules);
        _aws = Aws(policy, Rules);
        foreach ((string name, AuditReport report) in new[] { ("iptables", Iptables()), ("aws", Aws()) })
        {
            if (!report.Passed)
            {
                throw new InvalidOperationException($"{name}, {Rules} rules: {report.Count(AuditVerdict.Allowed)} of {report.Flows.Count} flows allowed");
            }
        }
    }

    /// <summary>Read an iptables-save export and audit it; returns the number of flows allowed.</summary>
    [Benchmark]
    public int IptablesAudit() => Iptables().Count(AuditVerdict.Allowed);

    /// <summary>Read an AWS describe-security-groups export and audit it; returns the number of flows allowed.</summary>
    [Benchmark]
    public int AwsAudit() => Aws().Count(AuditVerdict.Allowed);

    /// <summary>Only read the iptables-save export (the reader's share of <see cref="IptablesAudit"/>); returns the number of rules.</summary>
    [Benchmark]
    public int IptablesRead() => IptablesSaveReader.Read("iptables-save", _iptables).Rules.Count;

    /// <summary>Only read the AWS export (the reader's share of <see cref="AwsAudit"/>); returns the number of rules.</summary>
    [Benchmark]
    public int AwsRead() => AwsSecurityGroupReader.Read("describe-security-groups.json", _aws).Rules.Count;

    private AuditReport Iptables() =>
        FirewallAudit.Run(IptablesSaveReader.Read("iptables-save", _iptables), s_deployment.Resolve(), (int)Component.Agent);

    private AuditReport Aws() =>
        FirewallAudit.Run(AwsSecurityGroupReader.Read("describe-security-groups.json", _aws), s_deployment.Resolve(), (int)Component.Agent);

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Network(int i) => $"192.168.{N((i >> 8) & 255)}.{N(i & 255)}/32";

    private static int Port(int i) => 20000 + (i * 7919 % 40000);

    /// <summary>
    /// What <c>iptables-save</c> prints once the rendered rules are loaded into an empty table (the
    /// built-in chains declared, the jumps appended, comment lines gone; the firewall tests prove
    /// this shape in a private namespace), with <paramref name="count"/> unrelated rules in INPUT
    /// and OUTPUT ahead of the jumps.
    /// </summary>
    private static string Iptables(string rendered, int count)
    {
        var save = new StringBuilder();
        bool first = true;
        foreach (string line in rendered.Split('\n'))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (line == "*filter" && !rendered.Contains("\n:INPUT ", StringComparison.Ordinal))
            {
                save.Append(line).Append("\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
                continue;
            }

            if (first && line.StartsWith('-'))
            {
                first = false;
                for (int i = 0; i < count; i++)
                {
                    bool ingress = i % 2 == 0;
                    save.Append(ingress ? "-A INPUT -s " : "-A OUTPUT -d ").Append(Network(i)).Append(" -p tcp -m tcp --dport ").Append(N(Port(i))).Append(" -j ACCEPT\n");
                }
            }

            save.Append(line.StartsWith("-I ", StringComparison.Ordinal) ? "-A " + line[3..].Replace(" 1 -j ", " -j ", StringComparison.Ordinal) : line).Append('\n');
        }

        return save.ToString();
    }

    /// <summary><paramref name="count"/> / 10 groups of ten unrelated rules; the first also holds the policy's rules.</summary>
    private static string Aws(FirewallPolicy policy, int count)
    {
        var json = new StringBuilder("{\"SecurityGroups\": [");
        for (int g = 0; g < count / 10; g++)
        {
            json.Append(g == 0 ? "" : ",").Append("\n{\"GroupId\": \"sg-").Append(N(g)).Append("\", \"IpPermissions\": [");
            Permissions(json, policy, g, RuleDirection.Ingress);
            json.Append("], \"IpPermissionsEgress\": [");
            Permissions(json, policy, g, RuleDirection.Egress);
            json.Append("]}");
        }

        return json.Append("]}").ToString();
    }

    private static void Permissions(StringBuilder json, FirewallPolicy policy, int group, RuleDirection direction)
    {
        bool first = true;
        void Permission(string protocol, int port, string cidr)
        {
            json.Append(first ? "" : ", ").Append("{\"IpProtocol\": \"").Append(protocol).Append("\", \"FromPort\": ").Append(N(port))
                .Append(", \"ToPort\": ").Append(N(port)).Append(", \"IpRanges\": [{\"CidrIp\": \"").Append(cidr).Append("\"}]}");
            first = false;
        }

        for (int i = group * 10; i < (group * 10) + 10; i++)
        {
            if ((i % 2 == 0) == (direction == RuleDirection.Ingress))
            {
                Permission("tcp", Port(i), Network(i));
            }
        }

        if (group == 0)
        {
            foreach (FirewallRule rule in policy.Rules.Where(r => r.Direction == direction && !r.IsLoopback))
            {
                foreach (string cidr in rule.RemoteAddresses.Count == 0 ? ["0.0.0.0/0"] : rule.RemoteAddresses.Select(n => n.ToString()))
                {
                    Permission(rule.IPProtocol.ToId(), rule.Port, cidr);
                }
            }
        }
    }
}
