using System;
using System.IO;
using System.Text;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// Every input is read in bounded time and memory, and what cannot be read is one line that says
/// why, with exit code 2: a device, a folder, binary or non-UTF-8 bytes. <c>-</c> is standard input.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private const string Rules = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    private readonly TempFolder _temp = new("swp-input-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_dash_reads_the_export_from_standard_input()
    {
        (int exit, string output, string error) = Tool.RunWithInput(Rules, "audit", "-", "--for", "agent", "--region", "germany");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.EndsWith("- (iptables-save, firewall of agent): 5 required flow(s) audited: 5 allowed, 0 partly allowed, 0 blocked, 0 uncertain; 0 warning(s), 1 note(s) on what was not evaluated.\n", output.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_device_is_refused_at_once(string device)
    {
        if (!File.Exists(device))
        {
            return; // not a Unix machine: nothing to refuse
        }

        (int exit, _, string error) = Tool.Run("audit", device, "--for", "agent");
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: cannot read '{device}': it is not a regular file: it has no size but yields data (a device)", error, StringComparison.Ordinal);

        (exit, _, error) = Tool.Run("check", device);
        Assert.Equal(2, exit);
        Assert.Contains($"error: cannot read '{device}': it is not a regular file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_binary_bytes_and_non_utf8_text_are_refused_saying_why()
    {
        string binary = Path.Combine(_temp.Path, "binary.rules");
        File.WriteAllBytes(binary, [0x2A, 0x66, 0x00, 0x01]);
        string latin1 = Path.Combine(_temp.Path, "latin1.rules");
        File.WriteAllBytes(latin1, [0x2A, 0xE9, 0x0A]);

        Assert.Equal((2, $"error: cannot read '{_temp.Path}': it is a folder, not a file"), Refusal(_temp.Path));
        Assert.Equal((2, $"error: cannot read '{binary}': it is not text: byte 2 is NUL (a binary file?)"), Refusal(binary));
        Assert.Equal((2, $"error: cannot read '{latin1}': it is not UTF-8 text (byte 1 cannot be decoded)"), Refusal(latin1));

        static (int, string) Refusal(string path)
        {
            (int exit, _, string error) = Tool.Run("audit", path, "--for", "agent", "--input", "iptables-save");
            return (exit, error.Trim());
        }
    }
}

/// <summary><c>audit --interface</c>: the host's network interfaces decide interface matches; refused for formats without them.</summary>
public sealed class InterfaceOptionTests
{
    private const string OnEth0 = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
        + "-A INPUT -i eth0 -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n";

    private static (int Exit, string Output, string Error) Audit(string text, params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));
        int exit = SwpPorts.Run(["audit", "-", "--for", "agent", "--region", "germany", "--with", "bidirectional", .. extra], output, error, stdin);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Without_the_hosts_interfaces_a_rule_on_eth0_is_uncertain_and_says_how_to_decide_it()
    {
        (int exit, string output, _) = Audit(OnEth0);
        Assert.Equal(1, exit);
        Assert.Contains("uncertain       ingress server-workload-protection -> agent 4118/tcp (https)", output, StringComparison.Ordinal);
        Assert.Contains("-i eth0: the interface a flow arrives on is not known (give the host's with --interface)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_hosts_interface_the_rule_decides()
    {
        (int exit, string output, _) = Audit(OnEth0, "--interface", "eth0");
        Assert.Equal(0, exit);
        Assert.Contains("allowed         ingress server-workload-protection -> agent 4118/tcp (https)", output, StringComparison.Ordinal);

        (exit, output, _) = Audit(OnEth0, "--interface", "ens192");
        Assert.Equal(1, exit);
        Assert.Contains("blocked         ingress server-workload-protection -> agent 4118/tcp (https)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_is_refused_for_a_cloud_export()
    {
        (int exit, _, string error) = Audit("{\"SecurityGroups\": []}", "--interface", "eth0");
        Assert.Equal(2, exit);
        Assert.Contains("error: --interface names a host's network interfaces, but '-' is read as aws; leave --interface out.", error, StringComparison.Ordinal);
    }
}

/// <summary>What a new user found: SARIF from standard input, and an empty export.</summary>
public sealed class AuditInputTests
{
    private static (int Exit, string Output, string Error) Audit(string text, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));
        int exit = SwpPorts.Run(["audit", "-", "--for", "agent", "--region", "germany", .. args], output, error, stdin);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Sarif_of_standard_input_names_it_stdin()
    {
        (int exit, string output, string error) = Audit("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n", "--format", "sarif");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        using var sarif = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Contains("\"uri\": \"stdin\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_export_is_not_audited_as_no_firewall()
    {
        (int exit, _, string error) = Audit("\n", "--input", "iptables-save");

        Assert.Equal(2, exit);
        Assert.Contains("error: 'standard input' is empty: nothing to audit (an export prints nothing when it cannot read the rules: run it as root).", error, StringComparison.Ordinal);
    }
}
