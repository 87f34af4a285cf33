using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// Interface matches on a host whose network interfaces are given: a flow uses one of them, never
/// <c>lo</c>; a match that holds for all of them decides, for none decides the other way, for some
/// stays uncertain. Expectations from iptables-extensions(8) and nft(8) (<c>+</c> and <c>*</c> are prefixes).
/// </summary>
public class HostInterfacesTests
{
    [Theory]
    [InlineData("-i eth0", new[] { "eth0" }, "Permitted")]
    [InlineData("-i eth0", new[] { "ens192" }, "DefaultDenied")]
    [InlineData("-i eth0", new[] { "eth0", "eth1" }, "NotEvaluated")]
    [InlineData("-i eth+", new[] { "eth0", "eth1" }, "Permitted")]
    [InlineData("! -i eth0", new[] { "ens192" }, "Permitted")]
    [InlineData("! -i eth0", new[] { "eth0" }, "DefaultDenied")]
    [InlineData("-i lo", new[] { "eth0" }, "DefaultDenied")]
    [InlineData("-i docker0", null, "NotEvaluated")]
    public void Iptables_interface_matches_decide_by_the_hosts_interfaces(string option, string[]? host, string decision)
    {
        string text = "*filter\n:INPUT DROP [0:0]\n-A INPUT " + option + " -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text, host);
        Assert.Equal(System.Enum.Parse<Decision>(decision), Decide(firewall, firewall.Ingress, Box("3.69.198.70", "10.20.0.5", 4118)).Decision);
    }

    [Theory]
    [InlineData("\"==\"", "\"eth0\"", new[] { "eth0" }, "Permitted")]
    [InlineData("\"!=\"", "\"eth0\"", new[] { "eth0" }, "DefaultDenied")]
    [InlineData("\"==\"", "\"eth*\"", new[] { "eth0", "eth1" }, "Permitted")]
    [InlineData("\"==\"", "{\"set\": [\"eth0\", \"ens192\"]}", new[] { "ens192" }, "Permitted")]
    [InlineData("\"==\"", "\"eth0\"", new[] { "eth0", "wlan0" }, "NotEvaluated")]
    public void Nftables_interface_matches_decide_by_the_hosts_interfaces(string op, string right, string[] host, string decision)
    {
        string text = "{\"nftables\": [{\"table\": {\"family\": \"inet\", \"name\": \"f\"}},"
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"input\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}},"
            + "{\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"input\", \"expr\": ["
            + "{\"match\": {\"op\": " + op + ", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": " + right + "}},"
            + "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 4118}},"
            + "{\"accept\": null}]}}]}";
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text, host);
        Assert.Equal(System.Enum.Parse<Decision>(decision), Decide(firewall, firewall.Ingress, Box("3.69.198.70", "10.20.0.5", 4118)).Decision);
    }
}
