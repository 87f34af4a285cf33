using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>SWP0007–SWP0016: the spec's meaning (CIDRs, references, IDs, duplicates, inheritance, limits).</summary>
public class MeaningDiagnosticsTests
{
    private static readonly string s_spec = Repo.SpecText;

    private const string ApiClientFlow = "{ \"source\": \"api-client\", \"destination\": \"server-workload-protection\", \"port\": 443, \"ipProtocols\": [\"tcp\"], \"applicationProtocol\": \"https\" }";

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
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"cidr\": \"3.26.127.96/27\"", "\"cidr\": \"" + cidr + "\"", "\"" + cidr);
        Faults.AssertSingle(spec, "SWP0007", $"'{cidr}' is not a valid IPv4 CIDR: ");
        Assert.Contains(reason, Harness.Run(spec.Text).Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_component_suggests_the_closest_id()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec,
            "{ \"source\": \"agent\", \"destination\": \"dns-server\"",
            "{ \"source\": \"agnet\", \"destination\": \"dns-server\"", "\"agnet\"");
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
        const string uk = "{ \"id\": \"uk\", \"name\": \"UK\", \"cidr\": \"18.169.230.160/27\" },";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, uk, uk + "\n    { \"id\": \"uk\", \"name\": \"UK again\", \"cidr\": \"10.0.0.0/8\" },", "\"uk\"", occurrence: 1);
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
        const string extra = "{ \"source\": \"agent\", \"destination\": \"dns-server\", \"port\": 53, \"ipProtocols\": [\"tcp\", \"udp\"], \"applicationProtocol\": \"dns\" }";
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
        const string vcenter = "{ \"id\": \"vcenter\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, vcenter, "{ \"id\": \"" + id + "\", \"name\": \"X\", \"description\": \"Y\" },\n    " + vcenter, "\"" + id + "\", \"name\"");
        Faults.AssertSingle(spec, "SWP0011", $"'{id}' is not a valid ID");
    }

    [Fact]
    public void Ids_that_become_the_same_csharp_name_are_reported_at_the_second()
    {
        const string vcenter = "{ \"id\": \"vcenter\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, vcenter,
            "{ \"id\": \"a-1\", \"name\": \"A\", \"description\": \"A\" },\n    { \"id\": \"a1\", \"name\": \"B\", \"description\": \"B\" },\n    " + vcenter,
            "\"a1\"");
        Faults.AssertSingle(spec, "SWP0012", "The component ID 'a1' becomes the C# name 'A1', which is also the name of 'a-1'");
    }

    [Theory]
    [InlineData("none", "None")]
    [InlineData("all", "All")]
    public void A_condition_named_like_a_reserved_member_is_reported(string id, string member)
    {
        const string siem = "{ \"id\": \"siem\",";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, siem, "{ \"id\": \"" + id + "\", \"description\": \"X\" },\n    " + siem, "\"" + id + "\"");
        Faults.AssertSingle(spec, "SWP0012", $"The condition ID '{id}' becomes the C# name '{member}', which is reserved");
    }

    [Fact]
    public void A_component_may_be_named_none()
    {
        // Only Conditions has the reserved members None and All.
        const string vcenter = "{ \"id\": \"vcenter\",";
        string text = SpecEdit.Replace(s_spec, vcenter, "{ \"id\": \"none\", \"name\": \"X\", \"description\": \"Y\" },\n    " + vcenter);
        GeneratorRun run = Harness.Run(text);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("    None = ", run.Source("Component.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Inheritance_cycle_is_reported_at_each_inherits_in_the_cycle()
    {
        const string agent = "{ \"id\": \"agent\", \"name\": \"Agent\", \"description\": \"The agent installed on each protected computer.\" }";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, agent, agent.Replace(" }", ", \"inherits\": \"relay\" }", System.StringComparison.Ordinal), "\"relay\"");
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

    [Theory]
    [InlineData("\"specVersion\": \"1.0.0\"", "1.0", "specVersion")]
    [InlineData("\"specVersion\": \"1.0.0\"", "1.00.0", "specVersion")]
    [InlineData("\"dateRead\": \"2026-11-29\"", "2026-13-01", "dateRead")]
    [InlineData("\"dateRead\": \"2026-11-29\"", "29/11/2026", "dateRead")]
    public void Malformed_version_or_date_is_reported_at_the_value(string find, string value, string property)
    {
        string replacement = find[..(find.IndexOf(':', System.StringComparison.Ordinal) + 2)] + "\"" + value + "\"";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, find, replacement, "\"" + value);
        Faults.AssertSingle(spec, "SWP0014", $"'{value}' is not a valid value for '{property}'");
    }

    [Fact]
    public void Thirty_three_conditions_are_reported_at_the_thirty_third()
    {
        const string last = "{ \"id\": \"relay-localhost-port\",";
        int existing = RealSpecTests.SpecIds("conditions").Count;
        var extra = new StringBuilder();
        for (int i = existing; i < 33; i++)
        {
            extra.Append("{ \"id\": \"extra-condition-").Append(i).Append("\", \"description\": \"Extra.\" },\n    ");
        }

        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, last, extra + last, "\"relay-localhost-port\"");
        Faults.AssertSingle(spec, "SWP0015", "The spec declares 33 conditions; at most 32 fit");
    }

    [Fact]
    public void Thirty_two_conditions_compile()
    {
        const string last = "{ \"id\": \"relay-localhost-port\",";
        int existing = RealSpecTests.SpecIds("conditions").Count;
        var extra = new StringBuilder();
        for (int i = existing; i < 32; i++)
        {
            extra.Append("{ \"id\": \"extra-condition-").Append(i).Append("\", \"description\": \"Extra.\" },\n    ");
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
        Assert.Equal(7, run.Sources.Length);
        Assert.Contains("Receives forwarded events.", run.Source("Component.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Each_fault_of_a_spec_is_reported_not_only_the_first()
    {
        FaultySpec port = SpecEdit.ReplaceAt(s_spec, "\"port\": 4123,", "\"port\": 0,", "0,");
        FaultySpec cidr = SpecEdit.ReplaceAt(port.Text, "\"cidr\": \"3.26.127.96/27\"", "\"cidr\": \"3.26.127.97/27\"", "\"3.26");
        FaultySpec reference = SpecEdit.ReplaceAt(cidr.Text, "\"condition\": \"siem\"", "\"condition\": \"seim\"", "\"seim\"");
        GeneratorRun run = Harness.Run(reference.Text);
        Faults.AssertFailedCleanly(run);
        Dictionary<string, Diagnostic> byId = run.Diagnostics.ToDictionary(d => d.Id);
        Assert.Equal(3, byId.Count);
        Faults.AssertAt(byId["SWP0006"], reference.Text, reference.Text.IndexOf("\"port\": 0,", System.StringComparison.Ordinal) + 8, "SWP0006");
        Faults.AssertAt(byId["SWP0007"], reference.Text, cidr.Offset, "SWP0007");
        Faults.AssertAt(byId["SWP0008"], reference.Text, reference.Offset, "SWP0008");
    }
}
