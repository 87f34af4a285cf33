using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Cli;
using Swp.Requirements.Tests;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

public class CliTests
{
    /// <summary>CSV rows as "source,destination,port,transport,conditions" with conditions sorted, like <see cref="SeedTable"/>.</summary>
    private static string[] CsvKeys(string csv)
    {
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("source,destination,port,transport,protocol,condition", lines[0], StringComparison.Ordinal);
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Select(c => string.Join(",", c[0], c[1], c[2], c[3], string.Join("+", c[5].Split('+', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string[] SeedRowsFor(params string[] enabled) =>
        SeedTable.Flows.Where(row => row.Split(',')[4].Split('+', StringSplitOptions.RemoveEmptyEntries).All(enabled.Contains)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Rules_all_csv_lists_exactly_the_seed_flows()
    {
        var (exit, output, _) = Run("rules", "--all", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(SeedTable.Flows.Concat(SeedTable.ProxyFlows).Order(StringComparer.Ordinal), CsvKeys(output));
    }

    [Fact]
    public void Rules_with_relays_and_siem_lists_exactly_that_deployment()
    {
        var (exit, output, _) = Run("rules", "--with", "relays", "--with", "siem", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(SeedRowsFor("relays", "siem"), CsvKeys(output));
    }

    [Fact]
    public void Rules_without_options_is_the_baseline()
    {
        var (exit, output, _) = Run("rules", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(SeedRowsFor(), CsvKeys(output));
    }

    [Fact]
    public void Comma_separated_conditions_are_the_same_as_repeated_ones()
    {
        Assert.Equal(Run("rules", "--with", "relays", "--with", "siem").Output, Run("rules", "--with", "relays,siem").Output);
    }

    [Fact]
    public void Source_and_destination_filter_the_rows()
    {
        var (_, output, _) = Run("rules", "--all", "--source", "relay", "--destination", "active-update", "--format", "csv");

        Assert.Equal(["relay,active-update,443,tcp,relays", "relay,active-update,80,tcp,relays"], CsvKeys(output));
    }

    [Fact]
    public void Region_fills_the_manager_source_cidr()
    {
        var (_, output, _) = Run("rules", "--with", "bidirectional", "--region", "germany", "--source", "server-workload-protection", "--format", "json");
        using JsonDocument json = JsonDocument.Parse(output);

        JsonElement row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("agent", row.GetProperty("destination").GetString());
        Assert.Equal(4118, row.GetProperty("port").GetInt32());
        Assert.Equal("3.69.198.64/27 18.96.34.160/27", row.GetProperty("source_cidr").GetString());
    }

    [Fact]
    public void Port_override_changes_the_manager_port()
    {
        var (exit, output, _) = Run("rules", "--port", "server-workload-protection:443=1443", "--source", "agent", "--destination", "server-workload-protection", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(["agent,server-workload-protection,1443,tcp,"], CsvKeys(output));
    }

    [Theory]
    [InlineData("server-workload-protection:443=70000")]
    [InlineData("server-workload-protection443=1443")]
    [InlineData("manager:443=1443")]
    public void Bad_port_overrides_are_errors(string value)
    {
        var (exit, _, error) = Run("rules", "--port", value);

        Assert.Equal(SwpPorts.UsageError, exit);
        string expected = value switch
        {
            "manager:443=1443" => "Unknown component 'manager'",
            "server-workload-protection:443=70000" => "'70000' is not a port",
            _ => "Unknown named port 'server-workload-protection443'",
        };
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_sends_agents_and_relays_to_the_proxy_and_the_proxy_to_the_manager()
    {
        // By hand from the page's note: agents (and relays, which contain one) connect to the proxy on
        // its port instead of to the manager on 443; the proxy connects to the manager on 443.
        var (exit, output, _) = Run("rules", "--with", "relays", "--proxy", "3128", "--format", "csv");

        Assert.Equal(0, exit);
        string[] keys = CsvKeys(output);
        Assert.Contains("agent,web-proxy,3128,tcp,web-proxy", keys);
        Assert.Contains("relay,web-proxy,3128,tcp,relays+web-proxy", keys);
        Assert.Contains("web-proxy,server-workload-protection,443,tcp,web-proxy", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("agent,server-workload-protection,", StringComparison.Ordinal) || k.StartsWith("relay,server-workload-protection,", StringComparison.Ordinal));
        Assert.Contains("administrator-computer,server-workload-protection,443,tcp,", keys);
    }

    [Fact]
    public void Markdown_has_a_header_and_one_row_per_flow()
    {
        var (_, output, _) = Run("rules", "--all", "--format", "markdown");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("| source | destination | port | transport | protocol | condition | replaced_by |", lines[0], StringComparison.Ordinal);
        Assert.Equal(SeedTable.Flows.Length + SeedTable.ProxyFlows.Length + 2, lines.Length);
    }

    [Fact]
    public void Table_is_the_default_format()
    {
        var (_, output, _) = Run("rules");

        Assert.StartsWith("SOURCE", output, StringComparison.Ordinal);
        Assert.Contains("smart-protection-network", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_condition_is_an_error_that_lists_the_valid_ids()
    {
        var (exit, output, error) = Run("rules", "--with", "relay", "--format", "csv");

        Assert.Equal(SwpPorts.UsageError, exit);
        Assert.Contains("error: Unknown condition 'relay': did you mean 'relays'?", error, StringComparison.Ordinal);
        Assert.Contains("legacy-download-center", error, StringComparison.Ordinal);
        Assert.Contains("Run 'swp-ports rules --help'", error, StringComparison.Ordinal);
        Assert.Equal("", output); // nothing half-written where the CSV was redirected
    }

    [Fact]
    public void Unknown_format_is_an_error()
    {
        var (exit, _, error) = Run("rules", "--format", "xml");

        Assert.Equal(SwpPorts.UsageError, exit);
        Assert.StartsWith("error: unknown format 'xml' for --format (one of: table, csv, json, markdown)" + Environment.NewLine, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "rules", "--format", "cvs" }, "error: unknown format 'cvs' for --format; did you mean 'csv'? (one of: table, csv, json, markdown)")]
    [InlineData(new[] { "regions", "-f", "jsn" }, "error: unknown format 'jsn' for --format; did you mean 'json'? (one of: table, csv, json, markdown)")]
    [InlineData(new[] { "domains", "--format", "markdwn" }, "error: unknown format 'markdwn' for --format; did you mean 'markdown'? (one of: table, csv, json, markdown)")]
    [InlineData(new[] { "diff", "--format", "tabel" }, "error: unknown format 'tabel' for --format; did you mean 'table'? (one of: table, csv, json, markdown)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--format", "jsn" }, "error: unknown format 'jsn' for --format; did you mean 'json'? (one of: text, json, sarif)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--input", "iptables" }, "error: unknown format 'iptables' for --input; did you mean 'iptables-save'? (one of: iptables-save, nftables, aws, azure)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--input", "terraform-aws" }, "error: unknown format 'terraform-aws' for --input; did you mean 'aws'? (one of: iptables-save, nftables, aws, azure)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--input", "aws-cloudformation" }, "error: unknown format 'aws-cloudformation' for --input; did you mean 'aws'? (one of: iptables-save, nftables, aws, azure)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--input", "azure-arm" }, "error: unknown format 'azure-arm' for --input; did you mean 'azure'? (one of: iptables-save, nftables, aws, azure)")]
    [InlineData(new[] { "audit", "x.rules", "--for", "agent", "--input", "squid" }, "error: unknown format 'squid' for --input (one of: iptables-save, nftables, aws, azure)")]
    [InlineData(new[] { "render", "--for", "agent", "--format", "nftable" }, "error: unknown format 'nftable' for --format; did you mean 'nftables'? (one of: {render formats})")]
    [InlineData(new[] { "render", "--for", "agent", "--format", "nftables", "--manager-addresses", "vendr" }, "error: unknown value 'vendr' for --manager-addresses; did you mean 'vendor'? (one of: any, vendor, vendor-strict)")]
    public void Unknown_option_values_say_the_same_thing_with_a_suggestion(string[] args, string expected)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal(SwpPorts.UsageError, exit);
        Assert.Equal("", output);
        // The render formats are the registry's (its order of the first release's dialects is pinned in RenderLimitTests).
        Assert.Equal(expected.Replace("{render formats}", string.Join(", ", Firewalls.FirewallRenderers.Formats), StringComparison.Ordinal), error.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.StartsWith("iptables, nftables, windows, aws-cloudformation, terraform-aws, azure, azure-arm, squid", string.Join(", ", Firewalls.FirewallRenderers.Formats), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_says_on_standard_error_what_the_platform_made_it_widen_after_the_output()
    {
        var (exit, output, error) = Run("render", "--for", "agent", "--format", "iptables", "--region", "germany");

        Assert.Equal(0, exit);
        string[] lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
            "warning: iptables: swp-egress-tcp-443-server-workload-protection: widened to any remote address: the platform matches addresses, not names, and the rule names 42 domain name(s) and no address.",
            Assert.Single(lines));
        Assert.Contains("# swp-egress-tcp-443-server-workload-protection: iptables matches addresses, not names: any remote address. The remote end's domains: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_takes_a_dialects_alias_and_the_help_names_it()
    {
        var (exit, output, _) = Run("render", "--for", "agent", "--format", "azure-bicep", "--region", "germany");
        var (_, azure, _) = Run("render", "--for", "agent", "--format", "azure", "--region", "germany");

        Assert.Equal(0, exit);
        Assert.Equal(azure, output);
        Assert.Contains("(also azure-bicep for azure).", Run("render", "--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ids_are_taken_in_any_case()
    {
        var (exit, output, _) = Run("rules", "--format", "CSV");
        Assert.Equal(0, exit);
        Assert.StartsWith("source,destination,port", output, StringComparison.Ordinal);
        Assert.Equal(Run("rules", "--format", "csv").Output, output);
    }

    [Theory]
    [InlineData("rules", "[default: table]")]
    [InlineData("regions", "[default: table]")]
    [InlineData("domains", "[default: table]")]
    [InlineData("diff", "[default: table]")]
    [InlineData("audit", "[default: text]")]
    public void Help_shows_the_default_format_as_typed(string command, string expected)
    {
        var (exit, output, _) = Run(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: Table]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Regions_lists_the_twenty_subnets_one_row_each()
    {
        var (exit, output, _) = Run("regions", "--format", "csv");
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();

        Assert.Equal(0, exit);
        Assert.Equal(20, rows.Length);
        Assert.Equal(VendorPages.Subnets.Select(r => r.Region + "," + r.Cidr), rows.Select(r => r.Split(',')[0] + "," + r.Split(',')[2]));
    }

    [Theory]
    [MemberData(nameof(SeedTable.SubnetEdges), MemberType = typeof(SeedTable))]
    public void Lookup_finds_both_edges_of_every_subnet(string address, string region)
    {
        var (exit, output, _) = Run("lookup", address);

        Assert.Equal(0, exit);
        Assert.Contains($"is in region {region} ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.26.127.95")]
    [InlineData("3.26.127.128")]
    [InlineData("40.172.62.32")]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::1")]
    public void Lookup_outside_every_subnet_exits_1(string address)
    {
        var (exit, output, _) = Run("lookup", address);

        Assert.Equal(1, exit);
        Assert.Contains("is in no region's subnet", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("03.69.198.70")]
    [InlineData("3.69.198")]
    [InlineData("3.69.198.256")]
    [InlineData("germany")]
    [InlineData("3.69.198.64/27")]
    public void Lookup_of_a_malformed_address_exits_2_with_a_message(string address)
    {
        var (exit, output, error) = Run("lookup", address);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"'{address}' is not a valid IPv4 address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_looked_up_as_ipv4()
    {
        var (exit, output, _) = Run("lookup", "::ffff:3.69.198.70");

        Assert.Equal(0, exit);
        Assert.Contains("is in region germany", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_help_says_what_it_accepts_ipv6_included()
    {
        var (_, mapped, _) = Run("lookup", "::ffff:0345:c646");
        var (_, help, _) = Run("lookup", "--help");
        string flat = string.Join(" ", help.Split((char[])[' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

        Assert.StartsWith("3.69.198.70 is in region germany", mapped, StringComparison.Ordinal);
        Assert.DoesNotContain("An IPv4 address in strict dotted-quad form, e.g. 3.69.198.70.", flat, StringComparison.Ordinal);
        Assert.Contains("or an IPv6 address: an IPv4-mapped one (::ffff:3.69.198.70, ::ffff:345:c646) is looked up as its IPv4 address; any other is in no region.", flat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lookup")]
    [InlineData("lookup", "3.69.198.70", "8.8.8.8")]
    [InlineData("check")]
    [InlineData("frobnicate")]
    [InlineData("rules", "--source", "agnt")]
    public void Usage_errors_exit_2_and_write_nothing_to_standard_output(params string[] args)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal(SwpPorts.UsageError, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_result_says_why_on_standard_error()
    {
        var (exit, output, error) = Run("rules", "--source", "relay", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the header
        Assert.Contains("--with relays", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_keeps_apostrophes_readable()
    {
        var (_, output, _) = Run("rules", "--all", "--source", "relay", "--destination", "localhost", "--format", "json");

        Assert.Contains("The relay's agent connects to its own relay.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_shows_examples()
    {
        var (exit, output, _) = Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("swp-ports rules --with relays --with siem --format csv", output, StringComparison.Ordinal);
    }
}
