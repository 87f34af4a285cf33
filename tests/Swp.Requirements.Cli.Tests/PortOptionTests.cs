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
}
