using System;
using System.IO;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// Changed ports from the command line say what a deployment file says of them: a change that
/// matches no flow of the table is a warning (SWP1015 in files), and one named port given two
/// ports (<c>--proxy</c> and <c>--port proxy=</c>) is refused instead of one silently winning;
/// an option that cannot apply to the input (<c>audit --group</c> on an iptables export) is refused.
/// </summary>
public sealed class PortOptionTests : IDisposable
{
    private readonly TempFolder _temp = new("swp-port-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_changed_port_that_matches_no_flow_is_a_warning()
    {
        // vCenter listens on 443 in the table (data-center gateway -> vcenter 443/tcp), never on 444.
        var (exit, output, error) = Run("rules", "--port", "vcenter:444=8443", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal("warning: --port vcenter:444=8443: no flow goes to 'vcenter' on port 444, so this change does nothing.", error.Trim());
        Assert.StartsWith("source,destination,port", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_port_of_a_flow_the_conditions_leave_out_is_no_warning()
    {
        // The flow to vcenter 443 exists in the table; without data-center-gateway it is not needed, as in a file.
        var (exit, _, error) = Run("rules", "--port", "vcenter:443=8443", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
    }

    [Fact]
    public void Proxy_and_a_named_port_proxy_with_another_port_are_refused()
    {
        var (exit, output, error) = Run("rules", "--proxy", "3128", "--port", "proxy=8080");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("error: the named port 'proxy' is given 2 different ports (8080, 3128, from --port and --proxy): give one.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_and_the_same_named_port_agree()
    {
        var (exit, output, error) = Run("rules", "--proxy", "3128", "--port", "proxy=3128", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains(",web-proxy,3128,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_refuses_group_for_an_export_that_has_no_groups()
    {
        // An iptables-save export: --group (AWS security group IDs) cannot select anything in it.
        string path = Path.Combine(_temp.Path, "host.rules");
        File.WriteAllText(path, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");

        var (exit, output, error) = Run("audit", path, "--for", "agent", "--group", "sg-nope");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: --group selects AWS security groups, but '{path}' is read as iptables-save; leave --group out.", error.Trim());
    }

    [Fact]
    public void A_deployment_file_passes_on_its_unused_port_change_warning()
    {
        string path = Path.Combine(_temp.Path, "prod.swp.json");
        File.WriteAllText(path, "{\n  \"ports\": { \"vcenter:444\": 8443 }\n}\n"); // the value 8443 is at line 2, column 29

        var (exit, _, error) = Run("rules", "-d", path, "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal($"{path}(2,29): warning SWP1015: No flow goes to 'vcenter' on port 444, so this override changes nothing", error.Trim());
    }

    [Fact]
    public void The_readme_example_of_a_changed_port_shows_the_change()
    {
        string line = Array.Find(File.ReadAllLines(RepoFile("README.md")), l => l.StartsWith("swp-ports rules ", StringComparison.Ordinal) && l.Contains("--port vcenter:", StringComparison.Ordinal))!;
        string[] args = [.. line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..], "--format", "csv"];

        var (exit, output, error) = Run(args);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("data-center-gateway,vcenter,8443,tcp,https,data-center-gateway,", output, StringComparison.Ordinal);
    }
}

/// <summary>Points of view that make no sense are refused, saying why.</summary>
public sealed class RenderPointOfViewTests
{
    [Fact]
    public void Render_for_the_vendors_manager_is_refused()
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "server-workload-protection", "--format", "iptables", "--region", "germany");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: --for server-workload-protection: it is the vendor's service, not a machine of yours, so it has no firewall to render", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("relay")]
    [InlineData("data-center-gateway")]
    public void Render_squid_for_another_component_than_the_proxy_is_refused(string component)
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", component, "--format", "squid", "--proxy", "3128", "--region", "germany");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"error: --for {component} --format squid: squid is the configuration of web-proxy only (what it carries for its clients), not a firewall of {component}; render it --for web-proxy", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_squid_for_the_proxy_lets_its_clients_through_not_the_proxy_itself()
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "web-proxy", "--format", "squid", "--proxy", "3128", "--region", "germany", "--with", "relays",
            "--address", "agent=10.1.0.0/16+10.2.0.0/16", "--address", "relay=10.7.0.9/32", "--address", "web-proxy=10.0.0.10");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("\nacl swp_clients src 10.1.0.0/16\nacl swp_clients src 10.2.0.0/16\nacl swp_clients src 10.7.0.9/32\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.10", output, StringComparison.Ordinal);
        Assert.Contains("\nhttp_access allow swp_connect swp_port_443 swp_dst_server_workload_protection swp_clients\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iptables", "inet filter", "error: --into is for --format nftables only (the table of the host's nftables ruleset to add the rules to), not iptables.")]
    [InlineData("nftables", "ip6 filter", "error: --into: 'ip6 filter' is not a table as FAMILY NAME, e.g. 'inet filter' (family inet or ip; the rules are IPv4).")]
    [InlineData("nftables", "filter", "error: --into: 'filter' is not a table as FAMILY NAME, e.g. 'inet filter' (family inet or ip; the rules are IPv4).")]
    public void Render_into_is_for_a_table_of_nftables(string format, string into, string expected)
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "agent", "--format", format, "--into", into);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(expected, error.TrimEnd());
    }

    [Fact]
    public void Render_nftables_into_a_table_adds_chains_to_it_and_says_how_to_jump_to_them()
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "agent", "--format", "nftables", "--into", "inet filter", "--region", "germany", "--with", "bidirectional");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("#!/usr/sbin/nft -f\n# Apply with these commands (safe to run again: the jumps are added only where missing):\n#   nft -f FILE\n", output, StringComparison.Ordinal);
        Assert.Contains("\nflush chain inet filter swp-input\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("table inet swp", output, StringComparison.Ordinal);
        Assert.DoesNotContain("policy", output.Split("\ntable inet filter {\n")[^1], StringComparison.Ordinal);
    }
}
