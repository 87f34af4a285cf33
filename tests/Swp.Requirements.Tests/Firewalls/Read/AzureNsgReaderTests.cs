using System;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// nsg-agents.azure.json: `az network nsg show` of an NSG whose rules are listed out of
/// priority order: AllowAgentPorts (200: 4118 and 4122 from anywhere), above it by priority
/// DenyAgentPortsFromPartners (100: 4118 from 198.51.100.0/24), AllowAzureMonitor (300, a service
/// tag), DenySmtpOut and AllowSwpManagerOut (100, 110 outbound), and the six default rules.
/// Every rule object is at column 5 (two-space indent).
/// </summary>
public class AzureNsgReaderTests
{
    private static readonly ObservedFirewall Nsg = ReadSample(Azure);

    [Theory]
    [InlineData("198.51.100.7", 4118, "Denied", 167, "$.securityRules[1]")]              // the Deny at 100 comes before the Allow at 200
    [InlineData("3.69.198.70", 4118, "Permitted", 144, "$.securityRules[0]")]
    [InlineData("198.51.100.7", 4122, "Permitted", 144, "$.securityRules[0]")]            // the Deny is 4118 only
    [InlineData("3.69.198.70", 443, "NotEvaluated", 188, "$.securityRules[2]")]           // service tag AzureMonitor
    [InlineData("3.69.198.70", 4119, "Denied", 45, "$.defaultSecurityRules[2]")]         // DenyAllInBound: a public address is not in the (private) VNet
    [InlineData("10.9.8.7", 4119, "NotEvaluated", 3, "$.defaultSecurityRules[0]")]        // AllowVnetInBound: is 10.9.8.7 in the VNet?
    public void Inbound_rules_decide_by_priority(string source, int port, string decision, int line, string path)
    {
        (Decision actual, SourceLocation at, _) = Decide(Nsg, Nsg.Ingress, Box(source, "any", port));
        Assert.Equal(Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, 5, path), at);
    }

    [Theory]
    [InlineData("192.0.2.10", 25, "Denied", 208, "$.securityRules[3]")]
    [InlineData("3.69.198.70", 443, "Permitted", 228, "$.securityRules[4]")]
    [InlineData("3.121.52.193", 443, "Permitted", 228, "$.securityRules[4]")]
    [InlineData("8.8.8.8", 443, "Permitted", 87, "$.defaultSecurityRules[4]")]           // AllowInternetOutBound: a public address is Internet (a VNet is private)
    [InlineData("10.9.8.7", 443, "NotEvaluated", 66, "$.defaultSecurityRules[3]")]       // AllowVnetOutBound: is 10.9.8.7 in the VNet?
    public void Outbound_rules_decide_by_priority(string destination, int port, string decision, int line, string path)
    {
        (Decision actual, SourceLocation at, _) = Decide(Nsg, Nsg.Egress, Box("any", destination, port));
        Assert.Equal(Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, 5, path), at);
    }

    [Fact]
    public void The_chains_are_sorted_by_priority_with_the_defaults_last()
    {
        ObservedBaseChain inbound = Assert.Single(Nsg.Ingress.BaseChains);
        Assert.Equal(
            ["DenyAgentPortsFromPartners", "AllowAgentPorts", "AllowAzureMonitor", "AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound"],
            inbound.Chain.Rules.Select(r => Nsg.Rules[r.Id].Text.Split(' ')[0]));
        Assert.False(inbound.DefaultPermits);
        Assert.Equal(new SourceLocation(45, 5, "$.defaultSecurityRules[2]"), inbound.DefaultLocation);
        Assert.Equal("DenyAgentPortsFromPartners (priority 100): Deny Inbound Tcp from 198.51.100.0/24 to * port 4118", Nsg.Rules.Single(r => r.Location.Line == 167).Text);
        Assert.True(Nsg.Ingress.RepliesAllowed);
        Assert.True(Nsg.Egress.RepliesAllowed);
    }

    [Fact]
    public void Service_tags_are_noted_and_the_host_side_virtual_network_is_exact()
    {
        Assert.Contains("service tag AzureMonitor: its addresses are not in the file", NotesAt(Nsg, 188), StringComparison.Ordinal);
        Assert.Contains("service tag VirtualNetwork", NotesAt(Nsg, 3), StringComparison.Ordinal);
        Assert.Empty(NotesAt(Nsg, 87));  // Internet: the public address space outside the (private) virtual network: evaluated
        Assert.Empty(NotesAt(Nsg, 24));  // AzureLoadBalancer is 168.63.129.16: evaluated
        Assert.Empty(NotesAt(Nsg, 144)); // destination VirtualNetwork, inbound: the host itself
        Assert.Empty(NotesAt(Nsg, 228)); // source VirtualNetwork, outbound: the host itself
        AssertNotEvaluatedRulesAreNoted(Nsg);
    }

    [Fact]
    public void An_arm_resource_without_default_rules_gets_azures_defaults()
    {
        const string text = """
            {
              "name": "nsg-relays",
              "type": "Microsoft.Network/networkSecurityGroups",
              "properties": {
                "securityRules": [
                  {
                    "name": "AllowRelayFromAgents",
                    "properties": {
                      "protocol": "Tcp",
                      "sourceAddressPrefix": "10.20.0.0/16",
                      "destinationAddressPrefix": "*",
                      "sourcePortRange": "*",
                      "destinationPortRange": "4122",
                      "access": "Allow",
                      "priority": 100,
                      "direction": "Inbound"
                    }
                  }
                ]
              }
            }
            """;
        ObservedFirewall nsg = AzureNsgReader.Read("t", text);
        (Decision decision, SourceLocation at, _) = Decide(nsg, nsg.Ingress, Box("10.20.1.1", "any", 4122));
        Assert.Equal((Decision.Permitted, new SourceLocation(6, 7, "$.properties.securityRules[0]")), (decision, at));
        (decision, at, _) = Decide(nsg, nsg.Ingress, Box("10.9.8.7", "any", 4118));
        Assert.Equal((Decision.NotEvaluated, new SourceLocation(1, 1, "$")), (decision, at)); // Azure's AllowVnetInBound: is 10.9.8.7 in the VNet?
        Assert.Equal("AllowVnetInBound", nsg.RuleOf(Decide(nsg, nsg.Ingress, Box("10.9.8.7", "any", 4118)).Outcome.Outcome)!.Text.Split(' ')[0]);
        (decision, _, _) = Decide(nsg, nsg.Ingress, Box("3.69.198.70", "any", 4118));
        Assert.Equal(Decision.Denied, decision); // a public address is not in the (private) VNet: DenyAllInBound
        Assert.Contains(nsg.Notes, n => n.Location == new SourceLocation(1, 1, "$") && n.Text.StartsWith("defaultSecurityRules absent: Azure's six default rules apply", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 20, "no 'priority'")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Sideways\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 64, "Inbound or Outbound")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443-80\"}]}", 1, 198, "not a port")]
    [InlineData("{\"name\": \"not an nsg\"}", 1, 1, "expected a network security group")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 1", 1, 47, "not Azure network security group JSON")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"10.0.0.256\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 136, "$.securityRules[0].sourceAddressPrefix: '10.0.0.256' is not an IPv4 address or network")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"3.69.198.64/33\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 136, "$.securityRules[0].sourceAddressPrefix: '3.69.198.64/33' is not an IPv4 address or network")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefixes\": [\"10.0.0.0/8\", \"3.69.198.64/33\"], \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 153, "$.securityRules[0].sourceAddressPrefixes[1]: '3.69.198.64/33' is not an IPv4 address or network")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 100, \"direction\": \"Outbound\", \"access\": \"Deny\", \"protocol\": \"*\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefixes\": [\"Storage.WestEurope\", \"10.0.0.256\"], \"destinationPortRange\": \"*\"}]}", 1, 192, "$.securityRules[0].destinationAddressPrefixes[1]: '10.0.0.256' is not an IPv4 address or network")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 99, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 46, "$.securityRules[0].priority: the priority of a security rule is 100 to 4096, not 99")]
    [InlineData("{\"securityRules\": [{\"name\": \"x\", \"priority\": 4097, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"443\"}]}", 1, 46, "$.securityRules[0].priority: the priority of a security rule is 100 to 4096, not 4097")]
    public void Unreadable_input_is_refused_at_its_json_value(string text, int line, int column, string message)
    {
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => AzureNsgReader.Read("t", text));
        Assert.Equal((line, column), (e.Line, e.Column));
        if (message.StartsWith('$'))
        {
            // "PATH: TEXT": the path is the exception's JsonPath, and the message says it no second time.
            int colon = message.IndexOf(": ", StringComparison.Ordinal);
            Assert.Equal(message[..colon], e.JsonPath);
            Assert.StartsWith(message[(colon + 2)..], e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("$.", e.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_internet_and_virtual_network_tags_are_exact_once_the_virtual_network_is_given()
    {
        // A Deny of 4118 from Internet above an Allow (Azure: Internet is the public address space outside the VNet).
        const string text = "{\"securityRules\": ["
            + "{\"name\": \"DenyInternet4118\", \"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Deny\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"Internet\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"4118\"},"
            + "{\"name\": \"AllowVnet4118\", \"priority\": 200, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"VirtualNetwork\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"4118\"},"
            + "{\"name\": \"AllowManager\", \"priority\": 300, \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"3.69.198.64/27\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"4118\"}]}";
        ObservedFirewall unknownVnet = AzureNsgReader.Read("t", text);
        Assert.Equal(Decision.Denied, Decide(unknownVnet, unknownVnet.Ingress, Box("3.69.198.70", "any", 4118)).Decision);
        Assert.Equal(Decision.NotEvaluated, Decide(unknownVnet, unknownVnet.Ingress, Box("10.1.2.3", "any", 4118)).Decision);

        ObservedFirewall known = AzureNsgReader.Read("t", text, Addresses("10.1.0.0/16"));
        Assert.Equal(Decision.Denied, Decide(known, known.Ingress, Box("3.69.198.70", "any", 4118)).Decision);
        Assert.Equal(Decision.Permitted, Decide(known, known.Ingress, Box("10.1.2.3", "any", 4118)).Decision);
        Assert.Equal(Decision.Denied, Decide(known, known.Ingress, Box("10.2.0.1", "any", 4118)).Decision); // private, outside the VNet: neither tag (DenyAllInBound)
        Assert.DoesNotContain(known.Notes, n => n.Text.Contains("service tag", StringComparison.Ordinal));

        // The audit: the manager connects from the public internet, so the Deny blocks 4118 (not uncertain).
        Swp.Requirements.Firewalls.Audit.AuditReport report = Swp.Requirements.Firewalls.Audit.FirewallAudit.Run(
            unknownVnet, new Deployment(Conditions.Bidirectional, Region.Germany).Resolve(), (int)Component.Agent);
        Assert.Equal(Swp.Requirements.Firewalls.Audit.AuditVerdict.Blocked, Assert.Single(report.Flows, f => !f.Egress).Verdict);
    }

    [Fact]
    public void Service_tags_and_ipv6_prefixes_are_not_address_errors()
    {
        const string text = "{\"securityRules\": [{\"name\": \"x\", \"priority\": 4096, \"direction\": \"Outbound\", \"access\": \"Allow\", \"protocol\": \"*\", \"sourceAddressPrefix\": \"*\", "
            + "\"destinationAddressPrefixes\": [\"Storage.WestEurope\", \"Internet\", \"AzureLoadBalancer\", \"2001:db8::/32\", \"10.0.0.0/8\"], \"destinationPortRange\": \"*\"}]}";
        ObservedFirewall nsg = AzureNsgReader.Read("t", text);
        Assert.Equal(Decision.NotEvaluated, Decide(nsg, nsg.Egress, Box("any", "10.1.2.3", 443)).Decision);
        Assert.Contains("service tag Storage.WestEurope: its addresses are not in the file", NotesAt(nsg, 1), StringComparison.Ordinal);
    }
}
