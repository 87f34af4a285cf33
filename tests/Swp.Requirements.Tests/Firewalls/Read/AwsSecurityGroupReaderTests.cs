using System;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// security-groups.aws.json: `aws ec2 describe-security-groups` of two groups: swp-agents
/// (4118 from the manager's subnet, 4122 from a referenced relay group, 443 from IPv6 only, ICMP
/// echo from the VPC; egress everything) and admin-access (22 from an office, IpProtocol "-1"
/// from 10.0.0.0/8; egress 443 to an S3 prefix list). Permissions are at column 17, their items
/// at column 25 (AWS CLI's four-space indent).
/// </summary>
public class AwsSecurityGroupReaderTests
{
    private static readonly ObservedFirewall Both = ReadSample(Aws);

    [Theory]
    [InlineData("3.69.198.70", 4118, "tcp", "Permitted", 7, 17, "$.SecurityGroups[0].IpPermissions[0]")]
    [InlineData("10.1.2.3", 4122, "tcp", "Permitted", 104, 17, "$.SecurityGroups[1].IpPermissions[1]")]     // "-1" of the other group
    [InlineData("10.1.2.3", 5000, "udp", "Permitted", 104, 17, "$.SecurityGroups[1].IpPermissions[1]")]
    [InlineData("198.51.100.9", 4122, "tcp", "NotEvaluated", 29, 25, "$.SecurityGroups[0].IpPermissions[1].UserIdGroupPairs[0]")]
    [InlineData("198.51.100.9", 22, "tcp", "Permitted", 90, 17, "$.SecurityGroups[1].IpPermissions[0]")]
    [InlineData("198.51.100.9", 4120, "tcp", "DefaultDenied", 2, 23, "$.SecurityGroups")]
    [InlineData("198.51.100.9", 443, "tcp", "DefaultDenied", 2, 23, "$.SecurityGroups")]                    // only IPv6 ranges allow 443
    [InlineData("10.1.2.3", 0, "icmp", "Permitted", 104, 17, "$.SecurityGroups[1].IpPermissions[1]")]      // -1 wins over the unevaluated echo rule
    [InlineData("172.16.0.1", 0, "icmp", "DefaultDenied", 2, 23, "$.SecurityGroups")]
    public void Ingress_is_the_union_of_both_groups(string source, int port, string protocol, string decision, int line, int column, string path)
    {
        (Decision actual, SourceLocation at, _) = Decide(Both, Both.Ingress, Box(source, "any", port, protocol));
        Assert.Equal(Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, column, path), at);
    }

    [Fact]
    public void Egress_allows_everything_through_the_first_group()
    {
        (Decision decision, SourceLocation at, _) = Decide(Both, Both.Egress, Box("any", "3.69.198.70", 443));
        Assert.Equal(Decision.Permitted, decision);
        Assert.Equal(new SourceLocation(68, 17, "$.SecurityGroups[0].IpPermissionsEgress[0]"), at);
    }

    [Fact]
    public void A_group_filter_reads_only_those_groups()
    {
        ObservedFirewall admin = AwsSecurityGroupReader.Read(Aws, ReadTesting.Text(Aws), ["sg-0f1e2d3c4b5a69788"]);
        Assert.Equal(Decision.DefaultDenied, Decide(admin, admin.Ingress, Box("3.69.198.70", "any", 4118)).Decision);
        (Decision decision, SourceLocation at, _) = Decide(admin, admin.Egress, Box("any", "52.216.0.1", 443));
        Assert.Equal(Decision.NotEvaluated, decision);
        Assert.Equal(new SourceLocation(126, 25, "$.SecurityGroups[1].IpPermissionsEgress[0].PrefixListIds[0]"), at);
        Assert.Equal(Decision.DefaultDenied, Decide(admin, admin.Egress, Box("any", "52.216.0.1", 80)).Decision);
        Assert.DoesNotContain(admin.Notes, n => n.Text.Contains("read together", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_group_id_is_refused_with_the_ids_present()
    {
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => AwsSecurityGroupReader.Read(Aws, ReadTesting.Text(Aws), ["sg-0a1b2c3d4e5f60718", "sg-00000000000000000"]));
        Assert.Equal((2, 23, "$.SecurityGroups"), (e.Line, e.Column, e.JsonPath));
        Assert.Equal("security group sg-00000000000000000 is not in the file; it holds sg-0a1b2c3d4e5f60718, sg-0f1e2d3c4b5a69788", e.Message);
    }

    [Fact]
    public void Security_groups_are_stateful_and_deny_by_default()
    {
        Assert.True(Both.Ingress.RepliesAllowed);
        Assert.True(Both.Egress.RepliesAllowed);
        ObservedBaseChain ingress = Assert.Single(Both.Ingress.BaseChains);
        Assert.False(ingress.DefaultPermits);
        Assert.Equal("the implicit deny of security groups sg-0a1b2c3d4e5f60718, sg-0f1e2d3c4b5a69788 (ingress)", ingress.DefaultText);
    }

    [Fact]
    public void References_ipv6_and_icmp_types_are_noted_at_their_json_values()
    {
        Assert.Contains("security group sg-0c3d4e5f60718293a: the addresses of its members are not in the file", NotesAt(Both, 29), StringComparison.Ordinal);
        Assert.Equal("IPv6 ranges ignored (the flows are IPv4): 2001:db8::/32", NotesAt(Both, 40));
        Assert.Equal(new SourceLocation(40, 35, "$.SecurityGroups[0].IpPermissions[2].Ipv6Ranges"), Both.Notes.Single(n => n.Location.Line == 40).Location);
        Assert.Contains("ICMP type 8: ICMP types are not modelled", NotesAt(Both, 50), StringComparison.Ordinal);
        Assert.Contains("read together, as the groups of one instance", NotesAt(Both, 2), StringComparison.Ordinal);
        Assert.Equal("sg-0a1b2c3d4e5f60718 (swp-agents) ingress tcp 4118 from 3.69.198.64/27", Both.Rules[0].Text);
        AssertNotEvaluatedRulesAreNoted(Both);
    }

    [Theory]
    [InlineData("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 80, \"IpRanges\": []}]}]}", 1, 59, "port range")]
    [InlineData("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443, \"IpRanges\": [{\"CidrIp\": \"10.0.0.1/33\"}]}]}]}", 1, 137, "not an IPv4 CIDR")]
    [InlineData("{\"SecurityGroups\": [{\"GroupName\": \"no id\"}]}", 1, 21, "'GroupId' is missing")]
    [InlineData("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"gopher\"}]}]}", 1, 74, "not a protocol")]
    [InlineData("{\"SecurityGroups\": [\n", 2, 1, "not aws ec2 describe-security-groups JSON")]
    public void Unreadable_input_is_refused_at_its_json_value(string text, int line, int column, string message)
    {
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => AwsSecurityGroupReader.Read("t", text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
