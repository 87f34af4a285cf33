using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>SWP0007–SWP0018: the spec's meaning (CIDRs, references, IDs, duplicates, inheritance, limits, overlapping subnets, domains).</summary>
public class MeaningDiagnosticsTests
{
    private static readonly string s_spec = Repo.SpecText;

    private const string ApiClientFlow = "{\"source\": \"api-client\", \"destination\": \"server-workload-protection\", \"port\": 443, \"ipProtocols\": [\"tcp\"], \"applicationProtocol\": \"https\"}";

    /// <summary>Australia's subnets: the first region, the first CIDR of the spec.</summary>
    private const string AustraliaCidrs = "\"name\": \"Australia\", \"cidrs\": [\"3.26.127.96/27\", \"18.98.193.32/27\"]";

    [Theory]
    [InlineData("3.26.127.97/27", "host bits are set")]
    [InlineData("03.26.127.96/27", "leading zero")]
    [InlineData("3.26.127.96/07", "leading zero")]
    // Ipv4Text (src/) checks the prefix's length before its digits, so these two are explained
    // as "greater than 32"; the ID and the place are right, the reason is not asserted.
    [InlineData("3.26.127.96/027", "")]
    [InlineData("3.26.127.96/27 ", "")]
    [InlineData("3.26/16", "not four decimal octets")]
    [InlineData("3.26.127.96/33", "prefix length is greater than 32")]
    [InlineData("3.26.127.96", "no decimal prefix length")]
    [InlineData("3.26.127.96/", "no decimal prefix length")]
    [InlineData("3.26.127.256/27", "greater than 255")]
    public void Invalid_cidr_is_reported_at_the_string(string cidr, string reason)
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, AustraliaCidrs, AustraliaCidrs.Replace("\"3.26.127.96/27\"", "\"" + cidr + "\"", System.StringComparison.Ordinal), "\"" + cidr);
        Faults.AssertSingle(spec, "SWP0007", $"'{cidr}' is not a valid IPv4 CIDR: ");
        Assert.Contains(reason, Harness.Run(spec.Text).Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_component_suggests_the_closest_id()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec,
            "{\"source\": \"agent\", \"destination\": \"dns-server\"",
            "{\"source\": \"agnet\", \"destination\": \"dns-server\"", "\"agnet\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown component 'agnet': did you mean 'agent'?");
    }

    [Fact]
    public void Unknown_condition_of_a_flow_suggests_the_closest_id()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec,
            "\"destination\": \"agent\", \"port\": 4118, \"ipProtocols\": [\"tcp\"], \"applicationProtocol\": \"https\", \"conditions\": [\"bidirectional\"]",
            "\"destination\": \"agent\", \"port\": 4118, \"ipProtocols\": [\"tcp\"], \"applicationProtocol\": \"https\", \"conditions\": [\"bidirectionl\"]", "\"bidirectionl\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown condition 'bidirectionl': did you mean 'bidirectional'?");
    }

    [Fact]
    public void Unknown_condition_of_a_component_is_reported()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"condition\": \"siem\"", "\"condition\": \"seim\"", "\"seim\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown condition 'seim': did you mean 'siem'?");
    }

    [Fact]
    public void Unknown_application_protocol_suggests_the_closest_id()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow.Replace("\"https\"", "\"htps\"", System.StringComparison.Ordinal), "\"htps\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown application protocol 'htps': did you mean 'https'?");
    }

    [Fact]
    public void Unknown_id_far_from_every_id_lists_the_valid_ids()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow.Replace("\"https\"", "\"gopher-over-carrier-pigeon\"", System.StringComparison.Ordinal), "\"gopher");
        string valid = string.Join(", ", RealSpecTests.SpecIds("applicationProtocols"));
        Faults.AssertSingle(spec, "SWP0008", "Unknown application protocol 'gopher-over-carrier-pigeon'; valid IDs: " + valid);
    }

    [Fact]
    public void Unknown_inherited_component_is_reported()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"inherits\": \"agent\"", "\"inherits\": \"agents\"", "\"agents\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown component 'agents': did you mean 'agent'?");
    }

    [Fact]
    public void Duplicate_id_is_reported_at_the_second_declaration()
    {
        const string uk = "{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]},";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, uk, uk + "\n    {\"id\": \"uk\", \"name\": \"UK again\", \"cidrs\": [\"10.0.0.0/8\"]},", "\"uk\"", occurrence: 1);
        Faults.AssertSingle(spec, "SWP0009", "The region ID 'uk' is declared more than once");
    }

    [Fact]
    public void Duplicate_flow_is_reported_at_the_second_flow()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow + ",\n    " + ApiClientFlow, "{", occurrence: 1);
        Faults.AssertSingle(spec, "SWP0010", "The flow api-client -> server-workload-protection 443/tcp is listed more than once");
    }

    [Fact]
    public void A_flow_that_repeats_one_ip_protocol_of_another_is_a_duplicate()
    {
        const string extra = "{\"source\": \"agent\", \"destination\": \"dns-server\", \"port\": 53, \"ipProtocols\": [\"tcp\", \"udp\"], \"applicationProtocol\": \"dns\"}";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow + ",\n    " + extra, extra);
        Faults.AssertSingle(spec, "SWP0010", "The flow agent -> dns-server 53/udp is listed more than once");
    }

    [Theory]
    [InlineData("Agent_1")]
    [InlineData("1agent")]
    [InlineData("agent-")]
    [InlineData("agent--one")]
    [InlineData("agent one")]
    [InlineData("")]
    public void Invalid_id_is_reported_at_the_id(string id)
    {
        const string vcenter = "{\"id\": \"vcenter\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, vcenter, "{\"id\": \"" + id + "\", \"name\": \"X\", \"description\": \"Y\"},\n    " + vcenter, "\"" + id + "\", \"name\"");
        Faults.AssertSingle(spec, "SWP0011", $"'{id}' is not a valid ID");
    }

    [Fact]
    public void Ids_that_become_the_same_csharp_name_are_reported_at_the_second()
    {
        const string vcenter = "{\"id\": \"vcenter\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, vcenter,
            "{\"id\": \"a-1\", \"name\": \"A\", \"description\": \"A\"},\n    {\"id\": \"a1\", \"name\": \"B\", \"description\": \"B\"},\n    " + vcenter,
            "\"a1\"");
        Faults.AssertSingle(spec, "SWP0012", "The component ID 'a1' becomes the C# name 'A1', which is also the name of 'a-1'");
    }

    [Theory]
    [InlineData("none", "None")]
    [InlineData("all", "All")]
    public void A_condition_named_like_a_reserved_member_is_reported(string id, string member)
    {
        const string siem = "{\"id\": \"siem\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, siem, "{\"id\": \"" + id + "\", \"description\": \"X\"},\n    " + siem, "\"" + id + "\"");
        Faults.AssertSingle(spec, "SWP0012", $"The condition ID '{id}' becomes the C# name '{member}', which is reserved");
    }

    [Fact]
    public void A_component_may_be_named_none()
    {
        // Only Conditions has the reserved members None and All.
        const string vcenter = "{\"id\": \"vcenter\",";
        string text = SpecEdit.Replace(s_spec, vcenter, "{\"id\": \"none\", \"name\": \"X\", \"description\": \"Y\"},\n    " + vcenter);
        GeneratorRun run = Harness.Run(text);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("    None = ", run.Source("Component.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Inheritance_cycle_is_reported_at_each_inherits_in_the_cycle()
    {
        const string agent = "{\"id\": \"agent\", \"name\": \"Agent\", \"description\": \"The agent installed on each protected computer.\"}";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, agent, agent.Replace(".\"}", ".\", \"inherits\": \"relay\"}", System.StringComparison.Ordinal), "\"relay\"");
        GeneratorRun run = Harness.Run(spec.Text);
        Faults.AssertFailedCleanly(run);
        Assert.Equal(2, run.Diagnostics.Length);
        Faults.AssertAt(run.Diagnostics[0], spec.Text, spec.Offset, "SWP0013", "Component 'agent' inherits from itself through: agent -> relay -> agent");
        int relayInherits = SpecEdit.IndexOfOnly(spec.Text, "\"inherits\": \"agent\"") + "\"inherits\": ".Length;
        Faults.AssertAt(run.Diagnostics[1], spec.Text, relayInherits, "SWP0013", "Component 'relay' inherits from itself through: relay -> agent -> relay");
    }

    [Fact]
    public void A_component_that_inherits_itself_is_a_cycle()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"inherits\": \"agent\"", "\"inherits\": \"relay\"", "\"relay\"");
        Faults.AssertSingle(spec, "SWP0013", "Component 'relay' inherits from itself through: relay -> relay");
    }

    [Fact]
    public void Repeated_ip_protocol_is_reported_at_the_repeat()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow.Replace("[\"tcp\"]", "[\"tcp\",\"tcp\"]", System.StringComparison.Ordinal), "\"tcp\"", occurrence: 1);
        Faults.AssertSingle(spec, "SWP0014", "'tcp' is not a valid value for 'ipProtocols': expected each IP protocol once");
    }

    [Fact]
    public void Unknown_ip_protocol_is_reported_at_the_value()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow.Replace("[\"tcp\"]", "[\"icmp\"]", System.StringComparison.Ordinal), "\"icmp\"");
        Faults.AssertSingle(spec, "SWP0014", "'icmp' is not a valid value for 'ipProtocols': expected \"tcp\" or \"udp\"");
    }

    [Fact]
    public void Empty_ip_protocols_is_reported_at_the_flow()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ApiClientFlow, ApiClientFlow.Replace("[\"tcp\"]", "[]", System.StringComparison.Ordinal), "{");
        Faults.AssertSingle(spec, "SWP0014", "'[]' is not a valid value for 'ipProtocols': expected at least one of \"tcp\", \"udp\"");
    }

    /// <summary>The port page's source, the first of eight (each has its own dateRead).</summary>
    private const string PortPageDate = "\"pageId\": \"swp-port-numbers\", \"title\": \"Server & Workload Protection Port numbers\", \"copyright\": \"2025 Trend Micro Incorporated\", \"dateRead\": \"2026-12-02\"";

    [Theory]
    [InlineData("\"specVersion\": \"1.1.0\"", "1.1.0", "1.0", "specVersion")]
    [InlineData("\"specVersion\": \"1.1.0\"", "1.1.0", "1.00.0", "specVersion")]
    [InlineData(PortPageDate, "2026-12-02", "2026-13-01", "dateRead")]
    [InlineData(PortPageDate, "2026-12-02", "29/11/2026", "dateRead")]
    public void Malformed_version_or_date_is_reported_at_the_value(string find, string old, string value, string property)
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, find, find.Replace("\"" + old + "\"", "\"" + value + "\"", System.StringComparison.Ordinal), "\"" + value);
        Faults.AssertSingle(spec, "SWP0014", $"'{value}' is not a valid value for '{property}'");
    }

    [Fact]
    public void Thirty_three_conditions_are_reported_at_the_thirty_third()
    {
        const string last = "{\"id\": \"web-proxy\", \"description\"";
        int existing = RealSpecTests.SpecIds("conditions").Count;
        Assert.Equal("web-proxy", RealSpecTests.SpecIds("conditions")[^1]);
        var extra = new StringBuilder();
        for (int i = existing; i < 33; i++)
        {
            extra.Append("{\"id\": \"extra-condition-").Append(i).Append("\", \"description\": \"Extra.\"},\n    ");
        }

        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, last, extra + last, "\"web-proxy\"");
        Faults.AssertSingle(spec, "SWP0015", "The spec declares 33 conditions; at most 32 fit");
    }

    [Fact]
    public void Thirty_two_conditions_compile()
    {
        const string last = "{\"id\": \"web-proxy\", \"description\"";
        int existing = RealSpecTests.SpecIds("conditions").Count;
        var extra = new StringBuilder();
        for (int i = existing; i < 32; i++)
        {
            extra.Append("{\"id\": \"extra-condition-").Append(i).Append("\", \"description\": \"Extra.\"},\n    ");
        }

        GeneratorRun run = Harness.Run(SpecEdit.Replace(s_spec, last, extra + last));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("All = 0xFFFFFFFFu,", run.Source("Conditions.g.cs"), System.StringComparison.Ordinal);
        Harness.AssertCompilesCleanly(run.OutputCompilation);
    }

    [Fact]
    public void Two_specs_are_reported_and_the_first_by_path_is_compiled()
    {
        string other = SpecEdit.Replace(s_spec, "\"description\": \"Receives forwarded events.\"", "\"description\": \"From the second spec.\"");
        GeneratorRun run = Harness.Run(
        [
            new InMemoryAdditionalText("/b/swp-requirements.json", other),
            new InMemoryAdditionalText("/a/swp-requirements.json", s_spec),
        ]);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SWP0016", diagnostic.Id);
        Assert.Equal("/b/swp-requirements.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'/a/swp-requirements.json' is compiled", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal(Harness.ExpectedHintNames.Length, run.Sources.Length);
        Assert.Contains("Receives forwarded events.", run.Source("Component.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Each_fault_of_a_spec_is_reported_not_only_the_first()
    {
        FaultySpec port = SpecEdit.ReplaceAt(s_spec, "\"port\": 4123,", "\"port\": 0,", "0,");
        FaultySpec cidr = SpecEdit.ReplaceAt(port.Text, AustraliaCidrs, AustraliaCidrs.Replace("3.26.127.96/27", "3.26.127.97/27", System.StringComparison.Ordinal), "\"3.26");
        FaultySpec reference = SpecEdit.ReplaceAt(cidr.Text, "\"condition\": \"siem\"", "\"condition\": \"seim\"", "\"seim\"");
        GeneratorRun run = Harness.Run(reference.Text);
        Faults.AssertFailedCleanly(run);
        Dictionary<string, Diagnostic> byId = run.Diagnostics.ToDictionary(d => d.Id);
        Assert.Equal(3, byId.Count);
        Faults.AssertAt(byId["SWP0006"], reference.Text, reference.Text.IndexOf("\"port\": 0,", System.StringComparison.Ordinal) + 8, "SWP0006");
        Faults.AssertAt(byId["SWP0007"], reference.Text, cidr.Offset, "SWP0007");
        Faults.AssertAt(byId["SWP0008"], reference.Text, reference.Offset, "SWP0008");
    }

    // ---- SWP0017: more IDs than the fixed ushort enums hold --------------------------------

    private const string LastApplicationProtocol = "{\"id\": \"unspecified\", \"name\": \"N/A\"}";

    private static string WithApplicationProtocols(int total)
    {
        int existing = RealSpecTests.SpecIds("applicationProtocols").Count;
        var extra = new StringBuilder();
        for (int i = existing; i < total; i++)
        {
            extra.Append(",\n    {\"id\": \"extra-").Append(i).Append("\", \"name\": \"E\"}");
        }

        return SpecEdit.Replace(s_spec, LastApplicationProtocol, LastApplicationProtocol + extra);
    }

    [Fact]
    public void More_ids_than_the_enum_holds_are_reported_at_the_first_that_does_not_fit()
    {
        // The enums are ushort: IDs 0 to 65535. The 65,537th application protocol is extra-65536.
        string text = WithApplicationProtocols(65537);
        Faults.AssertSingle(text, SpecEdit.IndexOfOnly(text, "\"extra-65536\""), "SWP0017",
            "The spec declares 65537 application protocol IDs; at most 65536 fit the ApplicationProtocol enum");
    }

    [Fact]
    public void As_many_ids_as_the_enum_holds_are_no_fault()
    {
        // The compiled model only (emitting and parsing 65,536 members is the slow part, and is not what is checked).
        Swp.Requirements.Specs.SpecResult result = Swp.Requirements.Specs.SpecCompiler.Compile(Repo.SpecPath, WithApplicationProtocols(65536), System.Threading.CancellationToken.None);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(65536, result.Spec!.ApplicationProtocols.Count);
        Assert.Equal("extra-65535", result.Spec.ApplicationProtocols[65535].Id);
    }

    // ---- SWP0018: overlapping subnets ----------------------------------------------------------

    [Fact]
    public void Overlapping_subnets_within_one_region_are_reported_at_the_second()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, AustraliaCidrs,
            "\"name\": \"Australia\", \"cidrs\": [\"3.26.127.96/27\", \"3.26.127.112/28\", \"18.98.193.32/27\"]", "\"3.26.127.112/28\"");
        Faults.AssertSingle(spec, "SWP0018",
            "Subnet '3.26.127.112/28' of region 'australia' overlaps '3.26.127.96/27' of region 'australia': a manager address must belong to one region");
    }

    [Fact]
    public void Overlapping_subnets_across_regions_are_reported_at_the_later_regions()
    {
        const string canada = "\"name\": \"Canada\", \"cidrs\": [\"3.99.65.64/27\", \"18.99.0.224/27\"]";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, canada, "\"name\": \"Canada\", \"cidrs\": [\"3.99.65.64/27\", \"3.26.0.0/16\", \"18.99.0.224/27\"]", "\"3.26.0.0/16\"");
        Faults.AssertSingle(spec, "SWP0018",
            "Subnet '3.26.0.0/16' of region 'canada' overlaps '3.26.127.96/27' of region 'australia': a manager address must belong to one region");
    }

    [Fact]
    public void The_same_subnet_in_two_regions_overlaps()
    {
        const string uk = "\"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, uk, "\"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"3.69.198.64/27\"]", "\"3.69.198.64/27\"");
        Faults.AssertSingle(spec, "SWP0018",
            "Subnet '3.69.198.64/27' of region 'uk' overlaps '3.69.198.64/27' of region 'germany': a manager address must belong to one region");
    }

    [Fact]
    public void Adjacent_subnets_do_not_overlap()
    {
        // 3.26.127.128/27 starts where Australia's 3.26.127.96/27 ends.
        string text = SpecEdit.Replace(s_spec, AustraliaCidrs, "\"name\": \"Australia\", \"cidrs\": [\"3.26.127.96/27\", \"3.26.127.128/27\", \"18.98.193.32/27\"]");
        Assert.Empty(Harness.Run(text).Diagnostics);
    }

    [Fact]
    public void A_region_without_subnets_is_reported_at_the_region()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]}", "{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": []}", "{");
        Faults.AssertSingle(spec, "SWP0014", "'[]' is not a valid value for 'cidrs': expected at least one subnet");
    }

    // ---- domains, named ports, unless -----------------------------------------------------------

    private static FaultySpec WithDomain(string domain, string faultAt) =>
        SpecEdit.ReplaceAt(s_spec, "  \"domains\": [\n", "  \"domains\": [\n    " + domain + ",\n", faultAt);

    [Fact]
    public void An_unknown_region_of_a_domain_is_reported_at_the_region()
    {
        FaultySpec spec = WithDomain("{\"name\": \"workload.xx-1.example.com\", \"regions\": [\"germany\", \"germny\"]}", "\"germny\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown region 'germny': did you mean 'germany'?");
    }

    [Theory]
    [InlineData("Workload.example.com")]
    [InlineData("workload_1.example.com")]
    [InlineData("-workload.example.com")]
    [InlineData("workload-.example.com")]
    [InlineData("localhost")]
    [InlineData("workload..example.com")]
    [InlineData("workload.example.com.")]
    [InlineData("*.*.example.com")]
    [InlineData("")]
    public void An_invalid_domain_name_is_reported_at_the_name(string name)
    {
        FaultySpec spec = WithDomain("{\"name\": \"" + name + "\", \"regions\": [\"all\"]}", "\"" + name + "\", \"regions\"");
        Faults.AssertSingle(spec, "SWP0014",
            $"'{name}' is not a valid value for 'name': expected a domain name: labels of a-z, 0-9 and '-', separated by '.', optionally starting with '*.'");
    }

    [Theory]
    [InlineData("*.example.com")]
    [InlineData("a-1.b2.example.com")]
    public void A_valid_domain_name_compiles(string name)
    {
        GeneratorRun run = Harness.Run(WithDomain("{\"name\": \"" + name + "\", \"regions\": [\"all\"]}", "{").Text);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("\"" + name + "\"", run.Source("FlowTable.g.cs"), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"all\", \"germany\"]")]
    public void A_domain_for_no_region_or_for_all_and_some_is_reported_at_its_name(string regions)
    {
        FaultySpec spec = WithDomain("{\"name\": \"workload.xx-1.example.com\", \"regions\": " + regions + "}", "\"workload.xx-1");
        Faults.AssertSingle(spec, "SWP0014", "'workload.xx-1.example.com' is not a valid value for 'regions': expected [\"all\"] or a list of region IDs");
    }

    [Fact]
    public void A_domain_listed_twice_is_reported_at_the_second()
    {
        FaultySpec spec = WithDomain("{\"name\": \"deepsecaas11-en.gfrbridge.trendmicro.com\", \"regions\": [\"all\"]}", "\"deepsecaas11");
        GeneratorRun run = Harness.Run(spec.Text);
        Faults.AssertFailedCleanly(run);
        Diagnostic d = Assert.Single(run.Diagnostics);

        // The one added first in the file stands before the spec's own, so the spec's own is the second.
        int second = spec.Text.IndexOf("\"deepsecaas11-en.gfrbridge.trendmicro.com\"", spec.Offset + 1, System.StringComparison.Ordinal);
        Faults.AssertAt(d, spec.Text, second, "SWP0009", "The domain ID 'deepsecaas11-en.gfrbridge.trendmicro.com' is declared more than once");
    }

    [Fact]
    public void A_domains_unknown_component_and_invalid_cidr_are_reported()
    {
        FaultySpec component = WithDomain("{\"name\": \"workload.xx-1.example.com\", \"regions\": [\"all\"], \"component\": \"managr\"}", "\"managr\"");
        Faults.AssertSingle(component, "SWP0008", "Unknown component 'managr'");
        FaultySpec cidr = WithDomain("{\"name\": \"workload.xx-1.example.com\", \"regions\": [\"all\"], \"cidrs\": [\"3.69.198.65/27\"]}", "\"3.69.198.65/27\"");
        Faults.AssertSingle(cidr, "SWP0007", "'3.69.198.65/27' is not a valid IPv4 CIDR: host bits are set");
    }

    private const string ProxyNamedPort = "{\"id\": \"proxy\", \"description\": \"The web proxy's port: agents and relays connect to the proxy on it, in place of the manager on 443 (the page's example is 1443).\", \"destination\": \"web-proxy\", \"port\": 1443}";

    [Fact]
    public void A_named_port_of_an_unknown_component_is_reported_at_the_destination()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ProxyNamedPort, ProxyNamedPort.Replace("\"web-proxy\"", "\"web-proxi\"", System.StringComparison.Ordinal), "\"web-proxi\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown component 'web-proxi': did you mean 'web-proxy'?");
    }

    [Fact]
    public void A_named_port_no_flow_uses_is_reported_at_the_port()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ProxyNamedPort, ProxyNamedPort.Replace("1443}", "3128}", System.StringComparison.Ordinal), "3128}");
        Faults.AssertSingle(spec, "SWP0014", "'3128' is not a valid value for 'port': expected a port some flow to 'web-proxy' uses");
    }

    [Fact]
    public void An_unknown_condition_in_unless_is_reported_at_the_value()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"unless\": [\"web-proxy\"]", "\"unless\": [\"web-proxi\"]", "\"web-proxi\"");
        Faults.AssertSingle(spec, "SWP0008", "Unknown condition 'web-proxi': did you mean 'web-proxy'?");
    }
}
