using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

/// <summary>Defects a new user ran into: what each command must do instead.</summary>
public sealed class NewUserReportTests : IDisposable
{
    /// <summary>The README's prod.swp.json: a deployment file with a <c>firewalls</c> section whose export is not on disk.</summary>
    private const string ReadmeDeployment = """
        {
          "region": "germany",
          "conditions": ["relays", "siem", "bidirectional"],
          "ports": { "proxy": 3128 },
          "addresses": {
            "agent": ["10.1.0.0/16", "10.2.0.0/16"],
            "relay": ["10.1.5.10/32"],
            "web-proxy": ["10.0.0.10"],
            "siem-syslog-server": ["10.30.0.5"]
          },
          "allow": [
            { "source": "server-workload-protection", "destination": "agent", "ports": [4118], "protocol": "tcp" }
          ],
          "firewalls": [
            { "path": "aws/agents-sg.json", "format": "aws", "for": "agent" }
          ]
        }
        """;

    /// <summary>An iptables-save export that lets everything through.</summary>
    private const string OpenHost = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    private readonly TempFolder _temp = new("swp-cli-");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text)
    {
        string path = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("rules", "--for", "relay")]
    [InlineData("render", "--for", "agent", "--format", "nftables")]
    public void A_deployment_file_with_firewalls_is_accepted_by_the_deployment_option(params string[] args)
    {
        string deployment = Write("prod.swp.json", ReadmeDeployment);

        var (exit, output, error) = Run([.. args, "-d", deployment]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("SWP1023", error, StringComparison.Ordinal);
        Assert.DoesNotContain("error", error, StringComparison.Ordinal);
        Assert.Contains("10.1.0.0/16", output, StringComparison.Ordinal); // the file's agent addresses were used
    }

    [Fact]
    public void Audit_accepts_a_deployment_file_with_firewalls()
    {
        string deployment = Write("prod.swp.json", ReadmeDeployment);
        string export = Write("host.rules", OpenHost);

        var (exit, output, error) = Run("audit", export, "--for", "agent", "-d", deployment);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("SWP1023", error + output, StringComparison.Ordinal);
        Assert.Contains("host.rules (iptables-save, firewall of agent): ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_option_says_its_firewalls_are_not_read()
    {
        var (_, output, _) = Run("rules", "--help");

        Assert.Contains("Its \"firewalls\" are not read (swp-ports check audits them).", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_to_a_missing_folder_names_the_target_and_exits_2()
    {
        string target = Path.Combine(_temp.Path, "missing", "a.nft");

        var (exit, output, error) = Run("render", "--for", "agent", "--format", "nftables", "-o", target);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: cannot write '{target}': no such folder '{Path.Combine(_temp.Path, "missing")}'", error.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void Render_onto_a_folder_says_it_is_a_folder_and_leaves_no_temporary_file()
    {
        string target = Directory.CreateDirectory(Path.Combine(_temp.Path, "a.nft")).FullName;

        var (exit, _, error) = Run("render", "--for", "agent", "--format", "nftables", "-o", target);

        Assert.Equal(2, exit);
        Assert.Equal($"error: cannot write '{target}': it is a folder, not a file", error.Trim());
        Assert.Equal([target], Directory.GetFileSystemEntries(_temp.Path));
    }

    private sealed class FullDisk : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }

    [Theory]
    [InlineData("rules", "--all")]
    [InlineData("regions")]
    [InlineData("--version")]
    public void A_failure_to_write_standard_output_is_one_line_and_exit_2(params string[] args)
    {
        using var error = new StringWriter();

        int exit = SwpPorts.Run(args, new FullDisk(), error);

        Assert.Equal(2, exit);
        Assert.Equal("error: cannot write to standard output: No space left on device", error.ToString().Trim());
    }

    [Fact]
    public void Audit_json_of_nothing_audited_has_not_passed()
    {
        string export = Write("host.rules", OpenHost);

        var (exit, output, _) = Run("audit", export, "--for", "vcenter", "--format", "json");

        Assert.Equal(1, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("audited").GetInt32());
    }

    [Fact]
    public void Audit_json_of_a_passing_audit_counts_the_flows()
    {
        string export = Write("host.rules", OpenHost);

        var (exit, output, _) = Run("audit", export, "--for", "agent", "--format", "json");

        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(5, json.RootElement.GetProperty("audited").GetInt32());
    }

    private static JsonElement Invocation(JsonDocument sarif) =>
        sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];

    [Fact]
    public void Audit_sarif_of_nothing_audited_is_not_a_successful_run()
    {
        string export = Write("host.rules", OpenHost);

        var (exit, output, _) = Run("audit", export, "--for", "vcenter", "--format", "sarif");

        Assert.Equal(1, exit);
        using JsonDocument sarif = JsonDocument.Parse(output);
        JsonElement invocation = Invocation(sarif);
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        JsonElement note = invocation.GetProperty("toolExecutionNotifications")[0];
        Assert.Equal("error", note.GetProperty("level").GetString());
        Assert.Contains("nothing was audited", note.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_sarif_of_a_passing_audit_is_a_successful_run()
    {
        string export = Write("host.rules", OpenHost);

        var (exit, output, _) = Run("audit", export, "--for", "agent", "--format", "sarif");

        Assert.Equal(0, exit);
        using JsonDocument sarif = JsonDocument.Parse(output);
        Assert.True(Invocation(sarif).GetProperty("executionSuccessful").GetBoolean());
    }

    [Theory]
    [InlineData("folder", null, "it is a folder, not a file")]
    [InlineData("garbage.json", "iptables-save", "cannot read the file as iptables-save")]
    [InlineData("garbage.json", null, "cannot tell the format of")]
    public void Audit_sarif_of_an_unreadable_export_is_still_a_sarif_log(string name, string? input, string reason)
    {
        string export = name == "folder" ? Directory.CreateDirectory(Path.Combine(_temp.Path, name)).FullName : Write(name, "\u0001\u0002 not a firewall");
        string[] args = ["audit", export, "--for", "agent", "--format", "sarif"];

        var (exit, output, error) = Run(input is null ? args : [.. args, "--input", input]);

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        using JsonDocument sarif = JsonDocument.Parse(output);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Equal(0, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        JsonElement invocation = Invocation(sarif);
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains(reason, invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"region\": \"germany\", ")]
    public void Check_of_a_file_that_is_not_json_is_a_file_with_an_error(string text)
    {
        string path = Write("broken.swp.json", text);

        var (exit, output, _) = Run("check", path);

        Assert.Equal(1, exit);
        Assert.Contains(": error SWP1001: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_binary_file_says_it_cannot_be_read_and_why()
    {
        string path = Write("broken.swp.json", "\u0000\u0001\u0002");

        var (exit, _, error) = Run("check", path);

        Assert.Equal(2, exit);
        Assert.Contains($"error: cannot read '{path}': it is not text: byte 0 is NUL (a binary file?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_help_says_a_file_that_is_not_json_exits_1()
    {
        var (_, output, _) = Run("check", "--help");

        Assert.Contains("1: at least one error, including a file that is not valid JSON (SWP1001); 2: a file could not be read", output.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "no such file")]
    [InlineData(true, "it is a folder, not a file")]
    public void Check_of_a_firewall_export_that_cannot_be_read_says_why_at_the_path(bool folder, string why)
    {
        string deployment = Write("prod.swp.json", ReadmeDeployment);
        if (folder)
        {
            Directory.CreateDirectory(Path.Combine(_temp.Path, "aws", "agents-sg.json"));
        }

        var (exit, output, _) = Run("check", deployment);

        Assert.Equal(1, exit);
        Assert.Contains($"{deployment}(15,15): error SWP1023: The firewall file 'aws/agents-sg.json' cannot be read: {why}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SwpFirewall", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_of_a_component_without_flows_names_the_conditions_to_enable()
    {
        var (exit, _, error) = Run("render", "--for", "localhost", "--format", "iptables");

        Assert.Equal(0, exit);
        Assert.Contains("note: the deployment has no flow from or to localhost; enable its condition (e.g. --with relays,relay-localhost-port) or pick another component.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_with_a_folder_says_it_is_a_folder()
    {
        var (exit, _, error) = Run("diff", "1.0.0", _temp.Path);

        Assert.Equal(2, exit);
        Assert.Contains("it is a folder, not a file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_for_a_component_with_all_lists_the_flows_a_condition_replaces()
    {
        var (exit, output, _) = Run("rules", "--for", "agent", "--all", "--destination", "server-workload-protection", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Contains("egress,swp-egress-tcp-443-server-workload-protection,agent,server-workload-protection,443,tcp,https,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_for_a_component_with_a_web_proxy_leaves_out_what_the_proxy_replaces()
    {
        var (exit, output, _) = Run("rules", "--for", "agent", "--with", "web-proxy", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Contains(",agent,web-proxy,1443,tcp,", output, StringComparison.Ordinal);
        Assert.DoesNotContain(",agent,server-workload-protection,443,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_command_prints_only_the_suggestion()
    {
        var (exit, output, error) = Run("rulez");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(["error: Unrecognized command or argument 'rulez'. Did you mean 'rules'?", "Run 'swp-ports --help' for usage and examples."], error.Trim().ReplaceLineEndings("\n").Split('\n'));
    }
}
