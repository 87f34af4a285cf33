using System;
using System.IO;
using System.Linq;

using Swp.Requirements.Tests;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// <c>swp-ports diff</c>: each change class produces exactly its row, between hand-made edits of
/// the 1.0.0 spec; the two released versions differ by what the vendor's pages added.
/// </summary>
public sealed class DiffTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swp-diff-").FullName;
    private static readonly string Old = File.ReadAllText(RepoFile("spec/versions/swp-requirements-1.0.0.json"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Diff(string edited)
    {
        string path = Path.Combine(_folder, "edited.json");
        File.WriteAllText(path, edited.Replace("\"$schema\": \"../swp-requirements.schema.json\",", "", StringComparison.Ordinal));
        var (exit, output, error) = Run("diff", RepoFile("spec/versions/swp-requirements-1.0.0.json"), path, "--format", "csv");
        Assert.True(exit == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
    }

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Old, StringComparison.Ordinal);
        return Old.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_against_itself_has_no_change()
    {
        Assert.Empty(Diff(Old));
        var (exit, output, _) = Run("diff", "1.1.0", "1.1.0", "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Equal("change,subject,value", output.Trim());
    }

    [Theory]
    [InlineData("\"cidrs\": [\"3.69.198.64/27\"]", "\"cidrs\": [\"3.69.198.64/27\", \"18.96.34.160/27\"]", "added-subnet,germany,18.96.34.160/27")]
    [InlineData("\"cidrs\": [\"35.75.131.96/27\"]", "\"cidrs\": [\"35.75.131.128/27\"]", "added-subnet,japan,35.75.131.128/27|removed-subnet,japan,35.75.131.96/27")]
    [InlineData("\"port\": 4122,", "\"port\": 4123,", null)]
    [InlineData("{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\"]},", "", "removed-id,region,uk|removed-subnet,uk,18.169.230.160/27")]
    [InlineData("\"text\": \"Every port in this table is a destination (listening) port.\"", "\"text\": \"Every port here is a destination port.\"", "changed-note,destination-ports,Every port here is a destination port.")]
    [InlineData("its region's subnet.\", \"dynamicAddresses\": true}", "its region's subnet.\"}", "changed-component,server-workload-protection,condition=none dynamic-addresses=false host-local=false")]
    [InlineData("never reach the network.\", \"hostLocal\": true}", "never reach the network.\"}", "changed-component,localhost,condition=none dynamic-addresses=false host-local=false|changed-flow,relay->localhost 4123/tcp,protocol=unspecified conditions=relays+relay-localhost-port")]
    [InlineData("\"dateRead\": \"2026-11-29\"", "\"dateRead\": \"2026-12-01\"", "changed-source,swp-port-numbers,\"Server & Workload Protection Port numbers, read 2026-12-01\"")]
    public void Each_change_class_gives_exactly_its_rows(string from, string to, string? expected)
    {
        string[] rows = Diff(Edit(from, to));

        if (expected is null)
        {
            // 4122 -> 4123 on agent -> relay and relay -> relay: the same endpoints and application protocol, so changed-flows.
            Assert.Equal(
                ["changed-flow,agent->relay 4122/tcp,now agent->relay 4123/tcp protocol=https conditions=relays",
                 "changed-flow,relay->relay 4122/tcp,now relay->relay 4123/tcp protocol=https conditions=relays"],
                rows);
            return;
        }

        Assert.Equal(expected.Split('|'), rows);
    }

    [Fact]
    public void An_added_and_a_removed_flow_and_domain_are_their_own_rows()
    {
        string edited = Edit(
            "{\"source\": \"api-client\", \"destination\": \"server-workload-protection\", \"port\": 443, \"ipProtocols\": [\"tcp\"], \"applicationProtocol\": \"https\"}",
            "{\"source\": \"api-client\", \"destination\": \"dns-server\", \"port\": 53, \"ipProtocols\": [\"udp\"], \"applicationProtocol\": \"dns\"}");
        edited = edited.TrimEnd().TrimEnd('}') + ",\n  \"domains\": [ { \"name\": \"example.trendmicro.com\", \"regions\": [\"germany\"] } ]\n}\n";

        string[] rows = Diff(edited);

        Assert.Equal(
            ["added-domain,germany,example.trendmicro.com", "added-flow,api-client->dns-server 53/udp,protocol=dns conditions=api-clients", "removed-flow,api-client->server-workload-protection 443/tcp,protocol=https conditions=api-clients"],
            rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_released_versions_differ_by_the_new_subnets_domains_sources_notes_and_the_web_proxy()
    {
        var (exit, output, _) = Run("diff", "1.0.0", "1.1.0", "--format", "csv");
        string[] rows = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)];

        Assert.Equal(0, exit);
        // By hand: the current page's subnets (VendorPages) that the seed page (SeedTable) did not have.
        string[] added = [.. VendorPages.Subnets.Where(s => !SeedTable.RegionSubnets.Contains(s)).Select(s => $"added-subnet,{s.Region},{s.Cidr}")];
        Assert.Equal(11, added.Length);
        Assert.Equal(added, rows.Where(r => r.StartsWith("added-subnet,", StringComparison.Ordinal)));
        Assert.Equal(VendorPages.Domains.Length, rows.Count(r => r.StartsWith("added-domain,", StringComparison.Ordinal)));
        Assert.DoesNotContain(rows, r => r.StartsWith("removed-", StringComparison.Ordinal));
        string[] flows = [.. rows.Where(r => r.Contains("-flow,", StringComparison.Ordinal)).Select(r => r.Split(',')[0] + "," + r.Split(',')[1])];
        Assert.Equal(
            ["added-flow,agent->web-proxy 1443/tcp", "added-flow,relay->web-proxy 1443/tcp", "added-flow,web-proxy->server-workload-protection 443/tcp",
             "changed-flow,agent->server-workload-protection 443/tcp", "changed-flow,relay->server-workload-protection 443/tcp"],
            flows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_spec_that_is_not_valid_exits_2_at_its_line_and_column()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{\n  \"specVersion\": \"1.2.0\",\n}\n");

        var (exit, _, error) = Run("diff", "1.1.0", path);

        Assert.Equal(2, exit);
        Assert.Contains($"{path}(3,1): error SWP0001:", error, StringComparison.Ordinal);
    }
}
