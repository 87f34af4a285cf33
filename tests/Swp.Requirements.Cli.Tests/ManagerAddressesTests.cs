using System;
using System.IO;
using System.Linq;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// Where the deployment says the manager is where the vendor's pages put it
/// (<c>--address server-workload-protection=vendor</c>, or <c>"vendor"</c> in a deployment file),
/// the audit checks exactly those subnets, so <c>render --manager-addresses vendor</c> and the audit
/// of what it rendered agree; without it the manager may be anywhere, and a firewall that opens 443
/// to its subnets only lets the flow through to part of where it may be. The subnets below are the
/// vendor's Germany block (its gb-1 names are listed there too), written by hand.
/// </summary>
public sealed class ManagerAddressesTests : IDisposable
{
    private const string ToVendorSubnetsOnly = """
        *filter
        :INPUT DROP [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT DROP [0:0]
        -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A OUTPUT -d 3.69.198.64/27 -p tcp -m tcp --dport 443 -j ACCEPT
        -A OUTPUT -d 18.96.34.160/27 -p tcp -m tcp --dport 443 -j ACCEPT
        -A OUTPUT -d 18.98.162.128/27 -p tcp -m tcp --dport 443 -j ACCEPT
        -A OUTPUT -d 18.169.230.160/27 -p tcp -m tcp --dport 443 -j ACCEPT
        COMMIT

        """;

    private readonly TempFolder _temp = new("swp-vendor-");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text) => _temp.Write(name, text);

    [Fact]
    public void Without_a_place_for_the_manager_443_to_its_subnets_only_is_partly_allowed()
    {
        (int exit, string output, _) = Tool.Run("audit", Write("host.rules", ToVendorSubnetsOnly), "--for", "agent", "--region", "germany");

        Assert.Equal(1, exit);
        Assert.Contains("partly-allowed  egress  agent -> server-workload-protection 443/tcp (https)", output, StringComparison.Ordinal);
        Assert.Contains("it is allowed from agent (no addresses given) to 3.69.198.64/27, 18.96.34.160/27, 18.98.162.128/27, 18.169.230.160/27", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_manager_at_the_vendors_subnets_the_same_firewall_allows_it()
    {
        (int exit, string output, _) = Tool.Run("audit", Write("host.rules", ToVendorSubnetsOnly), "--for", "agent", "--region", "germany", "--address", "server-workload-protection=vendor");

        Assert.Contains("allowed         egress  agent -> server-workload-protection 443/tcp (https)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("partly-allowed  egress  agent -> server-workload-protection", output, StringComparison.Ordinal);
        Assert.Equal(1, exit); // the smart protection network's 80 and 443 are still not allowed
    }

    [Fact]
    public void A_deployment_file_that_says_vendor_is_read_the_same_way()
    {
        string file = Write("prod.swp.json", """{ "region": "germany", "addresses": { "server-workload-protection": "vendor" } }""");
        (_, string output, string error) = Tool.Run("audit", Write("host.rules", ToVendorSubnetsOnly), "--for", "agent", "-d", file);

        Assert.Equal("", error);
        Assert.Contains("allowed         egress  agent -> server-workload-protection 443/tcp (https)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Vendor_needs_a_region_and_places_only_the_manager()
    {
        (int exit, _, string error) = Tool.Run("audit", Write("host.rules", ToVendorSubnetsOnly), "--for", "agent", "--address", "server-workload-protection=vendor");
        Assert.Equal(2, exit);
        Assert.Contains("error: --address server-workload-protection=vendor: the vendor's subnets are per region; give --region.", error, StringComparison.Ordinal);

        (exit, _, error) = Tool.Run("audit", Write("host.rules", ToVendorSubnetsOnly), "--for", "agent", "--region", "germany", "--address", "agent=vendor");
        Assert.Equal(2, exit);
        Assert.Contains("'vendor' places only a component whose addresses are the vendor's (server-workload-protection)", error, StringComparison.Ordinal);
    }
}

/// <summary>One rule for <c>--address</c>: options add to the deployment file's addresses and to each other; <c>COMPONENT=</c> clears them.</summary>
public sealed class AddressOptionTests : IDisposable
{
    private readonly TempFolder _temp = new("swp-address-");

    public void Dispose() => _temp.Dispose();

    private static string Sources(string output) =>
        string.Join(" ", output.Split('\n').Where(l => l.Contains("swp-egress-udp-53-dns-server", StringComparison.Ordinal) && l.StartsWith("-A", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[3]));

    [Fact]
    public void Two_address_options_for_one_component_give_both()
    {
        (int exit, string output, _) = Tool.Run("render", "--for", "agent", "--format", "iptables", "--address", "agent=10.1.0.0/16", "--address", "agent=10.2.0.0/16");
        Assert.Equal(0, exit);
        Assert.Equal("10.1.0.0/16 10.2.0.0/16", Sources(output));
    }

    [Fact]
    public void An_address_option_adds_to_the_deployment_files_and_an_empty_one_clears()
    {
        string file = Path.Combine(_temp.Path, "prod.swp.json");
        File.WriteAllText(file, """{ "region": "germany", "addresses": { "agent": "10.1.0.0/16" } }""");

        (_, string output, _) = Tool.Run("render", "--for", "agent", "--format", "iptables", "-d", file, "--address", "agent=10.9.0.0/16");
        Assert.Equal("10.1.0.0/16 10.9.0.0/16", Sources(output));

        (_, output, _) = Tool.Run("render", "--for", "agent", "--format", "iptables", "-d", file, "--address", "agent=");
        Assert.Contains("-A SWP-EGRESS -p udp -m udp --dport 53", output, StringComparison.Ordinal); // no source: anywhere
    }

    [Fact]
    public void Render_with_the_vendors_subnets_warns_that_germanys_include_the_uks_and_that_the_spn_rule_opens_443()
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "agent", "--format", "iptables", "--region", "germany", "--manager-addresses", "vendor");

        Assert.Equal(0, exit);
        foreach (string cidr in new[] { "3.69.198.64/27", "18.96.34.160/27", "18.98.162.128/27", "18.169.230.160/27" })
        {
            Assert.Contains($"-A SWP-EGRESS -d {cidr} -p tcp -m tcp --dport 443", output, StringComparison.Ordinal);
        }

        string[] warnings = [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("warning: ", StringComparison.Ordinal))];
        Assert.Contains("warning: The vendor's pages for germany tie some of its names to another region's manager subnets, 18.98.162.128/27 (uk), 18.169.230.160/27 (uk): allowed too; --manager-addresses vendor-strict leaves them out.", warnings);
        Assert.Contains("warning: swp-egress-tcp-443-smart-protection-network allows 443/tcp to any address, so limiting swp-egress-tcp-443-server-workload-protection to the vendor's subnets does not narrow what this host may reach on that port.", warnings);
        // Said in the output too, as comments.
        Assert.Contains("18.98.162.128/27 (uk), 18.169.230.160/27 (uk): allowed too", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_with_the_strict_reading_leaves_the_uks_subnets_out()
    {
        (int exit, string output, string error) = Tool.Run("render", "--for", "agent", "--format", "iptables", "--region", "germany", "--manager-addresses", "vendor-strict");

        Assert.Equal(0, exit);
        Assert.Contains("-A SWP-EGRESS -d 3.69.198.64/27 -p tcp -m tcp --dport 443", output, StringComparison.Ordinal);
        Assert.Contains("-A SWP-EGRESS -d 18.96.34.160/27 -p tcp -m tcp --dport 443", output, StringComparison.Ordinal);
        Assert.DoesNotContain("-d 18.98.162.128/27", output, StringComparison.Ordinal);
        Assert.DoesNotContain("-d 18.169.230.160/27", output, StringComparison.Ordinal);
        Assert.Contains("left out (the strict reading)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_without_the_vendors_subnets_has_no_such_warning()
    {
        (int exit, _, string error) = Tool.Run("render", "--for", "agent", "--format", "iptables", "--region", "germany");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("another region's", error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not narrow", error, StringComparison.Ordinal);
    }
}
