using System.Globalization;
using System.Text;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// Big exports are read whole and still evaluate. (How long they take is measured by the
/// benchmarks, never by a timed unit test.)
/// </summary>
public class LargeInputTests
{
    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Ip(int i) => "10." + N((i >> 16) & 255) + "." + N((i >> 8) & 255) + "." + N(i & 255);

    // n rules in n/50 user chains, each reached from INPUT, with ! -s, multiport and sets.
    private static string IptablesSave(int n)
    {
        var text = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        int chains = n / 50;
        for (int c = 0; c < chains; c++)
        {
            text.Append(":C").Append(N(c)).Append(" - [0:0]\n");
        }

        text.Append("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
        for (int c = 0; c < chains; c++)
        {
            text.Append("-A INPUT -p tcp -j C").Append(N(c)).Append('\n');
        }

        for (int i = 0; i < n; i++)
        {
            text.Append("-A C").Append(N(i % chains)).Append(i % 3 == 0 ? " ! -s " : " -s ").Append(Ip(i)).Append("/32 -p tcp -m multiport --dports ")
                .Append(N(1000 + (i % 5000))).Append(',').Append(N(7000 + (i % 100))).Append(i % 7 == 0 ? " -m set --match-set s src" : "").Append(" -j ACCEPT\n");
        }

        return text.Append("COMMIT\n").ToString();
    }

    private static string Nft(int n)
    {
        var text = new StringBuilder("{\"nftables\": [{\"table\": {\"family\": \"inet\", \"name\": \"t\"}},\n");
        text.Append("{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"in\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}},\n");
        text.Append("{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"big\", \"type\": \"ipv4_addr\", \"elem\": [");
        for (int i = 0; i < n; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append('"').Append(Ip(i)).Append('"');
        }

        text.Append("]}}");
        for (int i = 0; i < n; i++)
        {
            text.Append(",\n{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"in\", \"expr\": [")
                .Append("{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"@big\"}}, ")
                .Append("{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": {\"set\": [").Append(N(i % 60000)).Append(", {\"range\": [1, 3]}]}}}, ")
                .Append("{\"counter\": null}, {\"accept\": null}]}}");
        }

        return text.Append("]}").ToString();
    }

    private static string Aws(int n)
    {
        var text = new StringBuilder("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [");
        for (int i = 0; i < n; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append("{\"IpProtocol\": \"tcp\", \"FromPort\": ").Append(N(i % 60000)).Append(", \"ToPort\": ").Append(N(i % 60000))
                .Append(", \"IpRanges\": [{\"CidrIp\": \"").Append(Ip(i)).Append("/32\"}], \"UserIdGroupPairs\": [{\"GroupId\": \"sg-2\"}]}");
        }

        return text.Append("], \"IpPermissionsEgress\": []}]}").ToString();
    }

    private static string Nsg(int n)
    {
        var text = new StringBuilder("{\"name\": \"big\", \"securityRules\": [");
        for (int i = 0; i < n; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append("{\"name\": \"r").Append(N(i)).Append("\", \"priority\": ").Append(N(100 + (i % 4000)))
                .Append(", \"direction\": \"Inbound\", \"access\": \"").Append(i % 2 == 0 ? "Allow" : "Deny").Append("\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"")
                .Append(Ip(i)).Append("\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"").Append(N(1 + (i % 60000))).Append("\"}");
        }

        return text.Append("]}").ToString();
    }

    [Fact]
    public void A_big_export_still_evaluates()
    {
        ObservedFirewall firewall = IptablesSaveReader.Read("big", IptablesSave(2000));
        Assert.Equal(Decision.Permitted, Decide(firewall, firewall.Ingress, Box("10.0.0.1", "any", 1001)).Decision);
    }
}
