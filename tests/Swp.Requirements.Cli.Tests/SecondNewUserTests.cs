using System;
using System.IO;
using System.Text;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// A new user's findings on the house's main (each written before its fix): <c>-</c> is standard
/// input for <c>check</c>, <c>diff</c> and <c>-d</c> as the tool's hint says; a pipe named in a
/// deployment file's <c>firewalls</c> is refused, never waited on; <c>--manager-addresses vendor</c>
/// without a region is a usage error, not a silent any-address rule.
/// </summary>
public sealed class SecondNewUserTests : IDisposable
{
    private const string Deployment = """{"region": "germany", "conditions": ["relays"]}""";

    private readonly TempFolder _temp = new("swp-newuser-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Check_reads_a_deployment_file_from_standard_input()
    {
        var (exit, output, error) = Tool.RunWithInput(Deployment, "check", "-");

        Assert.True(exit == 0, error);
        Assert.Contains("-: no allow rules: it describes a deployment; no firewall was checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_broken_file_on_standard_input_names_it_dash()
    {
        var (exit, output, _) = Tool.RunWithInput("{\"region\": \"germny\"}", "check", "-");

        Assert.Equal(1, exit);
        Assert.Contains("-(1,12): error SWP1006: Unknown region 'germny'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_option_reads_standard_input()
    {
        var (exit, output, error) = Tool.RunWithInput(Deployment, "rules", "-d", "-", "--format", "csv");

        Assert.True(exit == 0, error);
        Assert.Contains("relay,server-workload-protection,443,tcp", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_reads_a_spec_from_standard_input()
    {
        string spec = File.ReadAllText(Tool.RepoFile("spec/versions/swp-requirements-1.0.0.json"));

        var (exit, output, error) = Tool.RunWithInput(spec, "diff", "1.0.0", "-", "--format", "csv");

        Assert.True(exit == 0, error);
        Assert.Equal("change,subject,value", output.Trim());
    }

    [Fact]
    public void A_pipe_named_as_a_firewall_export_is_refused_not_waited_on()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string pipe = Path.Combine(_temp.Path, "sg.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
        }

        string file = _temp.Write("prod.swp.json", """{"region": "germany", "firewalls": [{"path": "sg.json", "format": "aws", "for": "agent"}]}""");

        var (exit, output, _) = Tool.Run("check", file);

        Assert.Equal(1, exit);
        Assert.Contains("error SWP1023: The firewall file 'sg.json' cannot be read: it is empty, or a pipe or a device", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vendor")]
    [InlineData("vendor-strict")]
    public void The_vendors_subnets_without_a_region_are_a_usage_error(string value)
    {
        var (exit, output, error) = Tool.Run("render", "--for", "agent", "--format", "iptables", "--manager-addresses", value);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"error: --manager-addresses {value}: the vendor's subnets are per region; give --region", error, StringComparison.Ordinal);
    }
}
