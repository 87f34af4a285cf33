using System;
using System.IO;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// <c>swp-ports audit</c> of exports whose drop stands outside the filter table or the input
/// and output hooks: the flow it drops is blocked, never "allowed".
/// </summary>
public sealed class AuditTablesTests : IDisposable
{
    private readonly TempFolder _temp = new("swp-tables-");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text) => _temp.Write(name, text);

    [Fact]
    public void A_drop_in_mangle_prerouting_blocks_the_managers_connection()
    {
        string export = Write("host.rules", "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m tcp --dport 4118 -j DROP\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");

        var (exit, output, _) = Run("audit", export, "--for", "agent", "--region", "germany", "--with", "bidirectional");

        Assert.Equal(1, exit);
        Assert.Contains("host.rules(7,1): error SWP2001: Required flow server-workload-protection -> agent 4118/tcp (https) (in) is blocked by the rule -t mangle -A PREROUTING -p tcp -m tcp --dport 4118 -j DROP", output, StringComparison.Ordinal);
        Assert.Contains("blocked         ingress server-workload-protection -> agent 4118/tcp (https)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("table mangle ignored", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drop_in_an_nftables_route_chain_blocks_the_agents_connection()
    {
        string export = Write("host.json", """
            {"nftables": [
              {"table": {"family": "ip", "name": "mangle"}},
              {"chain": {"family": "ip", "table": "mangle", "name": "out", "type": "route", "hook": "output", "prio": -150, "policy": "accept"}},
              {"rule": {"family": "ip", "table": "mangle", "chain": "out", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 443}}, {"drop": null}]}}
            ]}
            """);

        var (exit, output, _) = Run("audit", export, "--for", "agent", "--region", "germany");

        Assert.Equal(1, exit);
        Assert.Contains("blocked         egress  agent -> server-workload-protection 443/tcp (https)", output, StringComparison.Ordinal);
        Assert.Contains("allowed         egress  agent -> dns-server 53/udp (dns)", output, StringComparison.Ordinal);
    }
}
