using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// SWP1001–SWP1022: every fault of a deployment file (<c>deploy/prod.swp.json</c>) is reported
/// with its ID, in the file, at the line and column of the marker '‸' in the test's text, with
/// its message. Each test carries the ID it covers as a trait, and one test checks that every
/// SWP1xxx ID of the catalogue is covered. Every file that is a JSON object also gets one summary
/// (SWP1018 or SWP1022, info), which <see cref="DeploymentFaults.AssertSingle"/> checks apart.
/// </summary>
public class DeploymentDiagnosticsTests
{
    private const string Id = "Diagnostic";

    private static string PortRule(string shown) => $"Port {shown} is not valid: a port is an integer from 1 to 65535, or a range \"FIRST-LAST\" of such integers";

    [Fact]
    public void Every_swp1xxx_id_of_the_catalogue_has_a_test_here()
    {
        string[] covered =
        [
            .. typeof(DeploymentDiagnosticsTests).GetMethods()
                .SelectMany(m => m.CustomAttributes)
                .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == Id)
                .Select(a => (string)a.ConstructorArguments[1].Value!)
                .Distinct()
                .Order(StringComparer.Ordinal),
        ];
        string[] catalogue = [.. DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id.StartsWith("SWP1", StringComparison.Ordinal))];
        Assert.Equal(25, catalogue.Length);
        Assert.Equal(catalogue, covered);
    }

    // ---- SWP1001: JSON syntax -------------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1001")]
    [InlineData("{\n  \"region\": \"germany\",\n  \"conditions\": [\"siem\",‸]\n}\n", "Trailing commas are not allowed in this JSON file")]
    [InlineData("{\n  \"region\": \"germany\", ‸// the region\n  \"conditions\": [\"siem\"]\n}\n", "Comments are not allowed in this JSON file")]
    [InlineData("{\n  \"region\": \"germany\"\n  ‸\"conditions\": [\"siem\"]\n}\n", "Expected ',' or '}' in the object")]
    [InlineData("{\n  \"region\": \"germany\"\n}\n‸x\n", "Unexpected 'x' after the end of the JSON document")]
    [InlineData("{\n  \"region\": \"germany\",\n  \"conditions\": [\"siem\"]\n‸", "Expected ',' or '}' in the object")]
    [InlineData("{\n  \"region\": ‸", "Unexpected end of the JSON document")]
    [InlineData("‸", "Unexpected end of the JSON document")]
    public void Json_syntax_is_reported_where_reading_failed_and_the_file_generates_an_empty_class(string marked, string reason)
    {
        GeneratorRun run = DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1001", "'prod.swp.json' is not valid JSON: " + reason);
        DeploymentFaults.AssertEmptyClass(run, "Prod");
    }

    // ---- SWP1002: duplicate property ------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1002")]
    [InlineData("region", "{\n  \"region\": \"germany\",\n  ‸\"region\": \"japan\"\n}\n")]
    [InlineData("source", "{\n  \"allow\": [\n    { \"source\": \"any\", ‸\"source\": \"agent\", \"destination\": \"any\", \"ports\": [\"1-65535\"], \"protocol\": \"any\" }\n  ]\n}\n")]
    [InlineData("agent", "{\n  \"addresses\": {\n    \"agent\": [\"10.20.0.0/16\"],\n    ‸\"agent\": [\"10.30.0.0/16\"]\n  }\n}\n")]
    [InlineData("proxy", "{\n  \"ports\": { \"proxy\": 1443, ‸\"proxy\": 8443 }\n}\n")]
    public void Duplicate_property_is_reported_at_its_second_name(string name, string marked)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1002", $"Property '{name}' appears more than once in this object");
    }

    // ---- SWP1003: unknown property --------------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1003")]
    public void Unknown_top_level_property_is_reported_at_its_name_with_the_known_ones()
    {
        Marked file = Marked.Parse("{\n  \"region\": \"germany\",\n  ‸\"alow\": []\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1003", "Unknown property 'alow' in the deployment; expected one of: $schema, description, region, conditions, ports, addresses, scope, exclude, allow, firewalls");
    }

    [Fact]
    [Trait(Id, "SWP1003")]
    public void Unknown_rule_property_is_reported_at_its_name_and_the_rule_still_counts()
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule("""{ "source": "agent", "destination": "any", "ports": [443], "protocol": "tcp", ‸"comment": "web" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1003", "Unknown property 'comment' in rule; expected one of: source, destination, ports, protocol, description");
    }

    // ---- SWP1004: missing rule property ---------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1004")]
    [InlineData("source", """‸{ "destination": "any", "ports": [443], "protocol": "tcp" }""")]
    [InlineData("destination", """‸{ "source": "agent", "ports": [443], "protocol": "tcp" }""")]
    [InlineData("ports", """‸{ "source": "agent", "destination": "any", "protocol": "tcp" }""")]
    [InlineData("protocol", """‸{ "source": "agent", "destination": "any", "ports": [443] }""")]
    public void Missing_rule_property_is_reported_at_the_rules_brace(string property, string markedRule)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(DeploymentTexts.WithRule(markedRule)), "SWP1004", $"Rule is missing the required property '{property}'");
    }

    [Theory]
    [Trait(Id, "SWP1004")]
    [Trait(Id, "SWP1016")]
    [InlineData("source", """‸{ "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }""", "agent -> server-workload-protection 443/tcp (https)")]
    // Without a destination the rule may match agent -> smart-protection-network 443/tcp too, but a later rule allows that flow: allowed either way, so not named.
    [InlineData("destination", """‸{ "source": "agent", "ports": [443], "protocol": "tcp" }""", "agent -> server-workload-protection 443/tcp (https)")]
    [InlineData("ports", """‸{ "source": "agent", "destination": "server-workload-protection", "protocol": "tcp" }""", "agent -> server-workload-protection 443/tcp (https)")]
    [InlineData("protocol", """‸{ "source": "agent", "destination": "server-workload-protection", "ports": [443] }""", "agent -> server-workload-protection 443/tcp (https)")]
    public void A_rule_missing_a_property_is_one_error_and_the_flows_it_may_cover_are_named_once_not_missing(string property, string markedRule, string flows)
    {
        // Root cause first, as for a malformed address: the rule is not evaluated (over every value
        // of the missing part), so its flows are neither allowed nor reported missing (SWP1010).
        Marked file = Marked.Parse(SpecEdit.Replace(SpecEdit.Replace(DeploymentTexts.Baseline, DeploymentTexts.AgentToManagerRule, "    " + markedRule + ",\n"),
            "  \"allow\"", "  ‸\"allow\""));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["SWP1004", "SWP1016"], DeploymentFaults.FindingIds(run));
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offsets[1], "SWP1004", $"Rule is missing the required property '{property}'");
        int count = flows.Split(", ").Length;
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[1], file, file.Offsets[0], "SWP1016",
            $"{count} required flow(s) could not be checked because a rule or address above has an error: {flows}", DiagnosticSeverity.Warning);
        Assert.Empty(DeploymentFaults.UncoveredFlows(run));
    }

    [Theory]
    [Trait(Id, "SWP1016")]
    [InlineData("""{ "source": ‸5, "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }""", "SWP1005", "'source' must be of JSON type string or array, not number")]
    [InlineData("""{ "source": ["agent", ‸7], "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }""", "SWP1005", "'source' must be of JSON type string, not number")]
    [InlineData("""{ "source": ‸[], "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }""", "SWP1009", "'[]' is not a valid value for 'source': expected at least one endpoint")]
    [InlineData("""{ "source": "agent", "destination": "server-workload-protection", "ports": ‸443, "protocol": "tcp" }""", "SWP1005", "'ports' must be of JSON type array, not number")]
    [InlineData("""{ "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": ‸6 }""", "SWP1005", "'protocol' must be of JSON type string, not number")]
    public void A_rule_part_of_the_wrong_type_is_one_error_and_the_flows_it_may_cover_are_named_once_not_missing(string markedRule, string id, string message)
    {
        // A part absent because of its own error is a missing part: the same root cause first.
        Marked file = Marked.Parse(SpecEdit.Replace(DeploymentTexts.Baseline, DeploymentTexts.AgentToManagerRule, "    " + markedRule + ",\n"));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal([id, "SWP1016"], DeploymentFaults.FindingIds(run));
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offset, id, message);
        Assert.Equal(
            "1 required flow(s) could not be checked because a rule or address above has an error: agent -> server-workload-protection 443/tcp (https)",
            DeploymentFaults.Message(DeploymentFaults.Findings(run)[1]));
        Assert.Empty(DeploymentFaults.UncoveredFlows(run));
    }

    [Fact]
    [Trait(Id, "SWP1004")]
    public void A_rule_missing_a_property_after_a_rule_that_allows_everything_changes_nothing()
    {
        // The counter-check: a broken rule decides only what no rule above it decided.
        DeploymentFaults.AssertSingle(Marked.Parse(DeploymentTexts.WithRule("""‸{ "source": "agent", "ports": [443], "protocol": "tcp" }""")), "SWP1004", "Rule is missing the required property 'destination'");
    }

    // ---- SWP1005: wrong JSON type ---------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1005")]
    [InlineData("{\n  \"region\": \"germany\",\n  \"conditions\": ‸\"siem\"\n}\n", "'conditions' must be of JSON type array, not string")]
    [InlineData("{\n  \"region\": ‸7\n}\n", "'region' must be of JSON type string, not number")]
    [InlineData("{\n  \"description\": ‸[\"prod\"]\n}\n", "'description' must be of JSON type string, not array")]
    [InlineData("{\n  \"conditions\": [\"siem\", ‸1]\n}\n", "'conditions item' must be of JSON type string, not number")]
    [InlineData("{\n  \"addresses\": ‸[\"10.20.0.0/16\"]\n}\n", "'addresses' must be of JSON type object, not array")]
    [InlineData("{\n  \"addresses\": {\n    \"agent\": [\"10.20.0.0/16\", ‸true]\n  }\n}\n", "'agent address' must be of JSON type string, not boolean")]
    [InlineData("{\n  \"ports\": ‸null\n}\n", "'ports' must be of JSON type object, not null")]
    [InlineData("{\n  \"allow\": ‸{}\n}\n", "'allow' must be of JSON type array, not object")]
    [InlineData("{\n  \"scope\": ‸\"agent\"\n}\n", "'scope' must be of JSON type array, not string")]
    [InlineData("{\n  \"exclude\": [‸\"agent->relay 4122/tcp\"]\n}\n", "'exclusion' must be of JSON type object, not string")]
    public void Wrong_type_is_reported_at_the_value(string marked, string message)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1005", message);
    }

    [Theory]
    [Trait(Id, "SWP1005")]
    [InlineData("‸\"any\"", "'rule' must be of JSON type object, not string")]
    [InlineData("""{ "source": ‸1, "destination": "any", "ports": [443], "protocol": "tcp" }""", "'source' must be of JSON type string or array, not number")]
    [InlineData("""{ "source": "any", "destination": ‸null, "ports": [443], "protocol": "tcp" }""", "'destination' must be of JSON type string or array, not null")]
    [InlineData("""{ "source": ["agent", ‸7], "destination": "any", "ports": [443], "protocol": "tcp" }""", "'source' must be of JSON type string, not number")]
    [InlineData("""{ "source": "any", "destination": "any", "ports": ‸443, "protocol": "tcp" }""", "'ports' must be of JSON type array, not number")]
    [InlineData("""{ "source": "any", "destination": "any", "ports": [443], "protocol": ‸["tcp"] }""", "'protocol' must be of JSON type string, not array")]
    [InlineData("""{ "source": "any", "destination": "any", "ports": [443], "protocol": "tcp", "description": ‸false }""", "'description' must be of JSON type string, not boolean")]
    public void Wrong_type_in_a_rule_is_reported_at_the_value(string markedRule, string message)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(DeploymentTexts.WithRule(markedRule)), "SWP1005", message);
    }

    [Theory]
    [Trait(Id, "SWP1005")]
    [InlineData("‸[]\n", "array")]
    [InlineData("‸\"prod\"\n", "string")]
    [InlineData("\n  ‸null\n", "null")]
    public void A_top_level_that_is_not_an_object_is_reported_and_generates_an_empty_class(string marked, string type)
    {
        GeneratorRun run = DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1005", $"'the deployment' must be of JSON type object, not {type}");
        DeploymentFaults.AssertEmptyClass(run, "Prod");
    }

    // ---- SWP1006: unknown ID --------------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1006")]
    [InlineData("{\n  \"region\": \"germany\",\n  \"conditions\": [‸\"relay\"]\n}\n", "Unknown condition 'relay': did you mean 'relays'?")]
    [InlineData("{\n  \"conditions\": [\"siem\", ‸\"bidirectionl\"]\n}\n", "Unknown condition 'bidirectionl': did you mean 'bidirectional'?")]
    [InlineData("{\n  \"region\": ‸\"germny\"\n}\n", "Unknown region 'germny': did you mean 'germany'?")]
    [InlineData("{\n  \"addresses\": {\n    \"agent\": [\"10.20.0.0/16\"],\n    ‸\"agnet\": [\"10.30.0.0/16\"]\n  }\n}\n", "Unknown component 'agnet': did you mean 'agent'?")]
    [InlineData("{\n  \"conditions\": [\"relays\"],\n  \"ports\": { ‸\"relya:4122\": 4000 }\n}\n", "Unknown component 'relya': did you mean 'relay'?")]
    [InlineData("{\n  \"scope\": [\"agent\", ‸\"relya\"]\n}\n", "Unknown component 'relya': did you mean 'relay'?")]
    [InlineData("{\n  \"exclude\": [\n    { \"flow\": ‸\"agnet->dns-server 53/udp\", \"reason\": \"x\" }\n  ]\n}\n", "Unknown component 'agnet': did you mean 'agent'?")]
    public void Unknown_id_is_reported_at_the_value_with_the_nearest_valid_id(string marked, string message)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1006", message);
    }

    [Theory]
    [Trait(Id, "SWP1006")]
    [InlineData("""{ "source": ‸"Any", "destination": "any", "ports": [443], "protocol": "tcp" }""", "Unknown source 'Any': did you mean 'any'?")]
    [InlineData("""{ "source": ‸"relays", "destination": "any", "ports": [443], "protocol": "tcp" }""", "Unknown source 'relays': did you mean 'relay'?")]
    [InlineData("""{ "source": "any", "destination": ‸"agnet", "ports": [443], "protocol": "tcp" }""", "Unknown destination 'agnet': did you mean 'agent'?")]
    public void Unknown_rule_endpoint_is_reported_at_the_value_with_the_nearest_valid_id(string markedRule, string message)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(DeploymentTexts.WithRule(markedRule)), "SWP1006", message);
    }

    [Fact]
    [Trait(Id, "SWP1006")]
    public void Unknown_id_far_from_every_id_lists_the_valid_ids()
    {
        Marked file = Marked.Parse("{\n  \"conditions\": [‸\"carrier-pigeon-uplink\"]\n}\n");
        string valid = string.Join(", ", DeploymentHarness.Spec.Conditions.Select(c => c.Id));
        Assert.Contains("relay-localhost-port", valid, StringComparison.Ordinal);
        DeploymentFaults.AssertSingle(file, "SWP1006", "Unknown condition 'carrier-pigeon-uplink'; valid IDs: " + valid);
    }

    // ---- SWP1007: malformed address -------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1007")]
    [InlineData("10.20.0.1/16", "host bits are set: the address is not the network's first address")]
    [InlineData("010.20.0.0/16", "a number has a leading zero, which some parsers read as octal")]
    [InlineData("10.20.0.0/016", "a number has a leading zero, which some parsers read as octal")]
    [InlineData("10.20/16", "it is not four decimal octets separated by dots (a.b.c.d)")]
    [InlineData("10.20.5", "it is not four decimal octets separated by dots (a.b.c.d)")]
    [InlineData("10.20.0.0/33", "the prefix length is greater than 32")]
    [InlineData("10.20.0.0/", "it has no decimal prefix length after '/' (a.b.c.d/n)")]
    [InlineData("10.20.5.256", "an octet is greater than 255")]
    [InlineData("any", "it is not four decimal octets separated by dots (a.b.c.d)")]
    public void Malformed_address_is_reported_at_its_own_value(string address, string reason)
    {
        // The second value of a list, on a line of its own: the line and the column are the value's.
        Marked file = Marked.Parse("{\n  \"addresses\": {\n    \"relay\": [\"10.20.5.10\",\n              ‸\"" + address + "\"]\n  }\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1007", $"'{address}' is not a valid IPv4 address or CIDR: {reason}");
    }

    [Theory]
    [Trait(Id, "SWP1007")]
    [InlineData("\n", "")]
    [InlineData("\r\n", "")]
    [InlineData("\r\n", "\uFEFF")]
    [InlineData("\n", "\uFEFF")]
    public void Positions_count_utf16_columns_whatever_the_line_ends_bom_and_text_before(string newline, string bom)
    {
        // Non-ASCII text before the fault on its line: an emoji is two UTF-16 characters, ü one.
        string marked = bom + "{\n  \"region\": \"germany\",\n  \"description\": \"Zürich 🛡\", \"addresses\": { \"relay\": [\"10.20.5.10\", ‸\"10.20.5.1/24\"] }\n}\n";
        Marked file = Marked.Parse(marked.Replace("\n", newline, StringComparison.Ordinal));
        DeploymentFaults.AssertSingle(file, "SWP1007", "'10.20.5.1/24' is not a valid IPv4 address or CIDR: host bits are set: the address is not the network's first address");
    }

    [Theory]
    [Trait(Id, "SWP1007")]
    [InlineData("""{ "source": ‸"10.0.0.1/8", "destination": "any", "ports": [443], "protocol": "tcp" }""", "10.0.0.1/8", "host bits are set: the address is not the network's first address")]
    [InlineData("""{ "source": "any", "destination": ‸"3rd.example.com", "ports": [443], "protocol": "tcp" }""", "3rd.example.com", "it is not four decimal octets separated by dots (a.b.c.d)")]
    [InlineData("""{ "source": "any", "destination": ‸"/8", "ports": [443], "protocol": "tcp" }""", "/8", "it is not four decimal octets separated by dots (a.b.c.d)")]
    public void Malformed_rule_address_is_reported_at_its_own_value(string markedRule, string address, string reason)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(DeploymentTexts.WithRule(markedRule)), "SWP1007", $"'{address}' is not a valid IPv4 address or CIDR: {reason}");
    }

    // ---- SWP1008: invalid port ------------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1008")]
    [InlineData("\"0\"")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("\"65536\"")]
    [InlineData("\"10-5\"")]
    [InlineData("1e3")]
    [InlineData("443.0")]
    [InlineData("-1")]
    [InlineData("\"abc\"")]
    [InlineData("\"0443\"")]
    [InlineData("\" 80\"")]
    [InlineData("\"8000-\"")]
    [InlineData("\"8000-8100-8200\"")]
    public void Invalid_rule_port_is_reported_at_the_value(string port)
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule($$"""{ "source": "agent", "destination": "any", "ports": [443, ‸{{port}}], "protocol": "tcp" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1008", PortRule(port));
    }

    [Theory]
    [Trait(Id, "SWP1008")]
    [InlineData("true", "(a JSON boolean)")]
    [InlineData("[443]", "(a JSON array)")]
    [InlineData("null", "(a JSON null)")]
    public void A_port_of_another_json_type_is_reported_at_the_value(string port, string shown)
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule($$"""{ "source": "agent", "destination": "any", "ports": [‸{{port}}], "protocol": "tcp" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1008", PortRule(shown));
    }

    [Theory]
    [Trait(Id, "SWP1008")]
    [InlineData("\"proxy\"", "\"1000-2000\"", "Port \"1000-2000\" is not valid: a changed port is one JSON integer from 1 to 65535, not a string or range")]
    [InlineData("\"proxy\"", "\"3128\"", "Port \"3128\" is a string: write it as the integer 3128")]
    [InlineData("\"relay:4122\"", "\"4000\"", "Port \"4000\" is a string: write it as the integer 4000")]
    [InlineData("\"proxy\"", "\"03128\"", "Port \"03128\" is not valid: a changed port is one JSON integer from 1 to 65535, not a string or range")]
    [InlineData("\"proxy\"", "0", "Port 0 is not valid: a changed port is one JSON integer from 1 to 65535")]
    [InlineData("\"proxy\"", "3128.0", "Port 3128.0 is not valid: a changed port is one JSON integer from 1 to 65535")]
    [InlineData("\"relay:4122\"", "70000", "Port 70000 is not valid: a changed port is one JSON integer from 1 to 65535")]
    [InlineData("\"relay:4122\"", "[4000]", "Port (a JSON array) is not valid: a changed port is one JSON integer from 1 to 65535")]
    public void Invalid_changed_port_is_reported_at_the_value_saying_what_is_wrong(string key, string port, string message)
    {
        // A changed port is a JSON integer: a string, even of digits, is refused (the schema says the
        // same), and the message says so rather than call a valid number invalid.
        Marked file = Marked.Parse($"{{\n  \"conditions\": [\"relays\"],\n  \"ports\": {{\n    {key}: ‸{port}\n  }}\n}}\n");
        DeploymentFaults.AssertSingle(file, "SWP1008", message);
    }

    [Fact]
    [Trait(Id, "SWP1008")]
    public void A_proxy_port_that_is_a_string_does_not_bring_in_the_proxy()
    {
        // The key is ignored with its value: the agents still go straight to the manager.
        GeneratorRun run = DeploymentFaults.Run(Marked.Parse("{\n  \"ports\": { \"proxy\": \"3128\" }\n}\n"));
        Assert.Equal(["SWP1008"], DeploymentFaults.FindingIds(run));
        Assert.Equal(0u, DeploymentHarness.Compile("{\n  \"ports\": { \"proxy\": \"3128\" }\n}\n").Model!.ConditionMask);
    }

    // ---- SWP1009: invalid value -----------------------------------------------------------

    [Theory]
    [Trait(Id, "SWP1009")]
    [InlineData("TCP")]
    [InlineData("icmp")]
    [InlineData("")]
    public void Invalid_protocol_is_reported_at_the_value(string protocol)
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule($$"""{ "source": "agent", "destination": "any", "ports": [443], "protocol": ‸"{{protocol}}" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1009", $"'{protocol}' is not a valid value for 'protocol': expected \"tcp\", \"udp\" or \"any\"");
    }

    [Theory]
    [Trait(Id, "SWP1009")]
    [InlineData("workload.de-1.cloudone.trendmicro.com")]
    [InlineData("*.trendmicro.com")]
    public void A_domain_name_as_a_source_is_reported_at_the_value(string name)
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule($$"""{ "source": ‸"{{name}}", "destination": "agent", "ports": [4118], "protocol": "tcp" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1009",
            $"'{name}' is not a valid value for 'source': expected a component ID, an IPv4 CIDR or address, or \"any\" (a domain name can only be a destination)");
    }

    [Fact]
    [Trait(Id, "SWP1009")]
    public void Empty_rule_ports_are_reported_at_the_array()
    {
        Marked file = Marked.Parse(DeploymentTexts.WithRule("""{ "source": "agent", "destination": "any", "ports": ‸[], "protocol": "tcp" }"""));
        DeploymentFaults.AssertSingle(file, "SWP1009", "'[]' is not a valid value for 'ports': expected at least one port or range");
    }

    [Theory]
    [Trait(Id, "SWP1009")]
    [InlineData("agent")]
    [InlineData("relay:")]
    [InlineData(":4122")]
    [InlineData("relay:0")]
    [InlineData("relay:65536")]
    [InlineData("relay:-4122")]
    [InlineData("relay:04122")]
    [InlineData("relay: 4122")]
    [InlineData("Proxy")]
    public void Invalid_changed_port_key_is_reported_at_the_key(string key)
    {
        Marked file = Marked.Parse($"{{\n  \"conditions\": [\"relays\"],\n  \"ports\": {{\n    ‸\"{key}\": 4000\n  }}\n}}\n");
        DeploymentFaults.AssertSingle(file, "SWP1009",
            $"'{key}' is not a valid value for 'ports': expected \"proxy\", or \"COMPONENT:DEFAULT-PORT\" such as \"vcenter:443\"");
    }

    [Fact]
    [Trait(Id, "SWP1009")]
    public void An_empty_scope_is_reported_at_the_array()
    {
        Marked file = Marked.Parse("{\n  \"scope\": ‸[]\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1009", "'[]' is not a valid value for 'scope': expected at least one component ID (leave \"scope\" out for every component)");
    }

    [Theory]
    [Trait(Id, "SWP1009")]
    [InlineData("agent-dns-server 53/udp", "SOURCE->DESTINATION PORT/PROTOCOL, e.g. \"server-workload-protection->siem-syslog-server 514/udp\"")]
    [InlineData("agent->dns-server", "SOURCE->DESTINATION PORT/PROTOCOL, e.g. \"server-workload-protection->siem-syslog-server 514/udp\"")]
    [InlineData("agent->dns-server 53", "PORT/PROTOCOL after the destination, e.g. 514/udp (a port is 1-65535, no leading zero)")]
    [InlineData("agent->dns-server 053/udp", "PORT/PROTOCOL after the destination, e.g. 514/udp (a port is 1-65535, no leading zero)")]
    [InlineData("agent->dns-server 53/icmp", "tcp, udp or any as the protocol")]
    public void A_malformed_exclusion_flow_is_reported_at_its_value(string flow, string expected)
    {
        Marked file = Marked.Parse("{\n  \"exclude\": [\n    { \"flow\": ‸\"" + flow + "\", \"reason\": \"Not through this firewall\" }\n  ]\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1009", $"'{flow}' is not a valid value for 'flow': expected {expected}");
    }

    [Fact]
    [Trait(Id, "SWP1009")]
    public void A_blank_exclusion_reason_is_reported_at_its_value()
    {
        Marked file = Marked.Parse("{\n  \"exclude\": [\n    { \"flow\": \"agent->dns-server 53/udp\", \"reason\": ‸\" \" }\n  ]\n}\n");
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["SWP1009", "SWP1020"], DeploymentFaults.FindingIds(run)); // the exclusion itself still holds
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offset, "SWP1009", "' ' is not a valid value for 'reason': expected why the firewall does not carry the flow");
    }

    // ---- SWP1010: required flow not allowed -----------------------------------------------

    [Fact]
    [Trait(Id, "SWP1010")]
    public void A_file_without_the_agent_to_manager_rule_reports_exactly_that_flow_at_allow()
    {
        Assert.Equal(DeploymentFaults.SummaryText(8, 8), DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(DeploymentTexts.Baseline))));

        string without = SpecEdit.Replace(DeploymentTexts.Baseline, DeploymentTexts.AgentToManagerRule, "");
        Marked file = Marked.Edit(without, "\"allow\"", "‸\"allow\"");
        DeploymentFaults.AssertSingle(file, "SWP1010",
            "Required flow agent -> server-workload-protection 443/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [443], \"protocol\": \"tcp\" }");
    }

    [Fact]
    [Trait(Id, "SWP1010")]
    public void Frankfurt_without_its_agent_to_proxy_rule_misses_the_agents_and_the_relays_proxy_flows()
    {
        // The relays' addresses lie inside the agents', so the "agent" rule covered them too.
        string without = SpecEdit.Replace(DeploymentHarness.FrankfurtText,
            "    { \"source\": [\"agent\", \"relay\"], \"destination\": \"web-proxy\", \"ports\": [3128], \"protocol\": \"tcp\", \"description\": \"Agents and relays through the web proxy\" },\n", "");
        Marked file = Marked.Edit(without, "\"allow\"", "‸\"allow\"");
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(2, findings.Length);
        DeploymentFaults.AssertAt(findings[0], file, file.Offset, "SWP1010",
            "Required flow agent -> web-proxy 3128/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"agent\", \"destination\": \"web-proxy\", \"ports\": [3128], \"protocol\": \"tcp\" }");
        DeploymentFaults.AssertAt(findings[1], file, file.Offset, "SWP1010",
            "Required flow relay -> web-proxy 3128/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"relay\", \"destination\": \"web-proxy\", \"ports\": [3128], \"protocol\": \"tcp\" }");
        Assert.Equal(DeploymentFaults.SummaryText(24, 22), DeploymentFaults.Summary(run));
    }

    [Fact]
    [Trait(Id, "SWP1010")]
    public void An_empty_allow_reports_every_required_network_flow_once()
    {
        Marked file = Marked.Parse("{\n  \"conditions\": [\"relays\", \"relay-localhost-port\"],\n  \"addresses\": { \"relay\": \"10.20.5.10\" },\n  ‸\"allow\": []\n}\n");
        GeneratorRun run = DeploymentFaults.Run(file);

        // By hand: the administrator 3, the agent 6, the relay 8 network flows; the relay's
        // loopback flow is required, but never a rule's business (host-only).
        const int network = 17;
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(network, findings.Length);
        Assert.All(findings, d => Faults.AssertAt(d, file.Text, file.Offset, "SWP1010", "Required flow ", DeploymentHarness.ProdPath));
        Assert.Equal(network, DeploymentFaults.UncoveredFlows(run).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(DeploymentFaults.SummaryText(network, 0, hostOnly: 1), DeploymentFaults.Summary(run));
    }

    // ---- SWP1011: wrong IP protocol -------------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1011")]
    public void Syslog_allowed_on_tcp_only_is_reported_at_the_rules_protocol_once_per_flow()
    {
        Marked file = Marked.Parse("""
            {
              "conditions": ["siem"],
              "addresses": { "siem-syslog-server": "10.30.0.5" },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "any", "destination": "siem-syslog-server", "ports": [514, 6514], "protocol": ‸"tcp" }
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(["SWP1011", "SWP1011", "SWP1017"], DeploymentFaults.FindingIds(run)); // no region: said once (SWP1017)
        DeploymentFaults.AssertAt(findings[0], file, file.Offset, "SWP1011",
            "This rule allows port 514 on tcp, but the required flow server-workload-protection -> siem-syslog-server 514/udp (syslog) needs udp; allow udp (or \"any\")");
        DeploymentFaults.AssertAt(findings[1], file, file.Offset, "SWP1011",
            "This rule allows port 514 on tcp, but the required flow agent -> siem-syslog-server 514/udp (syslog) needs udp; allow udp (or \"any\")");
    }

    [Fact]
    [Trait(Id, "SWP1011")]
    public void Ldap_allowed_on_tcp_only_misses_its_udp_half()
    {
        // LDAP and LDAPS are required on both IP protocols: a tcp rule covers one flow of each, not the other.
        Marked file = Marked.Parse("""
            {
              "conditions": ["data-center-gateway"],
              "addresses": { "data-center-gateway": "10.40.0.5", "active-directory": "10.40.0.9" },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "data-center-gateway", "destination": "active-directory", "ports": [389, 636], "protocol": ‸"tcp" }
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(2, findings.Length);
        DeploymentFaults.AssertAt(findings[0], file, file.Offset, "SWP1011",
            "This rule allows port 389 on tcp, but the required flow data-center-gateway -> active-directory 389/udp (ldap) needs udp; allow udp (or \"any\")");
        DeploymentFaults.AssertAt(findings[1], file, file.Offset, "SWP1011",
            "This rule allows port 636 on tcp, but the required flow data-center-gateway -> active-directory 636/udp (ldaps) needs udp; allow udp (or \"any\")");
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(file.Text.Replace("[389, 636], \"protocol\": \"tcp\"", "[389, 636], \"protocol\": \"any\"", StringComparison.Ordinal))));
    }

    // ---- SWP1012: manager-initiated rule wider than the region's subnets -------------------

    private const string ManagerInitiated = """
        {
          "region": "germany",
          "conditions": ["bidirectional"],
          "addresses": { "agent": "10.20.0.0/16" },
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
            { "source": ‸"SOURCE", "destination": "agent", "ports": [4118], "protocol": "tcp" }
          ]
        }

        """;

    /// <summary>The SWP1012 message for 4118/tcp to the agent, naming both of Germany's subnets.</summary>
    private const string TooWideInGermany =
        "This rule lets 4118/tcp reach agent from addresses outside the germany manager subnets (3.69.198.64/27, 18.96.34.160/27); use those subnets or \"server-workload-protection\" as the source";

    [Theory]
    [Trait(Id, "SWP1012")]
    [InlineData("0.0.0.0/0")]
    [InlineData("any")]
    [InlineData("18.0.0.0/8\", \"3.69.198.64/27")]
    public void A_manager_initiated_rule_from_outside_the_region_subnets_is_a_warning_at_its_source_naming_every_subnet(string source)
    {
        Marked file = Marked.Parse(ManagerInitiated.Replace("\"SOURCE\"", "[\"" + source + "\"]", StringComparison.Ordinal));
        DeploymentFaults.AssertSingle(file, "SWP1012", TooWideInGermany, DiagnosticSeverity.Warning);
    }

    [Theory]
    [Trait(Id, "SWP1012")]
    [InlineData("\"server-workload-protection\"")]
    [InlineData("[\"3.69.198.64/27\", \"18.96.34.160/27\"]")]
    [InlineData("[\"18.96.34.160/27\", \"3.69.198.64/27\", \"server-workload-protection\"]")]
    public void A_manager_initiated_rule_from_the_region_subnets_or_the_managers_id_gives_nothing(string source)
    {
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(ManagerInitiated.Replace("\"SOURCE\"", source, StringComparison.Ordinal))));
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void Port_4118_from_each_of_germanys_two_subnets_in_its_own_rule_is_clean_and_not_too_wide()
    {
        const string rule = "{ \"source\": ‸\"SOURCE\", \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" }";
        string text = SpecEdit.Replace(ManagerInitiated, rule,
            "{ \"source\": \"3.69.198.64/27\", \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" },\n" +
            "    { \"source\": \"18.96.34.160/27\", \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" }");
        GeneratorRun run = DeploymentFaults.Run(Marked.Parse(text));
        Assert.Equal(DeploymentFaults.SummaryText(9, 9), DeploymentFaults.AssertClean(run));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SWP1012");
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void Port_4118_from_0_0_0_0_slash_0_in_germany_is_too_wide_naming_both_subnets()
    {
        Marked file = Marked.Parse(ManagerInitiated.Replace("SOURCE", "0.0.0.0/0", StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.AssertSingle(file, "SWP1012", TooWideInGermany, DiagnosticSeverity.Warning);
        Assert.Equal(DeploymentFaults.SummaryText(9, 9), DeploymentFaults.Summary(run)); // too wide, but the flow is allowed
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void A_wide_rule_next_to_a_correct_one_is_still_too_wide()
    {
        // Issue 19: the correct rule allows the flow first, so the wide one decides none of its
        // packets; it still opens 4118 to every address.
        Marked file = Marked.Parse(ManagerInitiated.Replace(
            "{ \"source\": ‸\"SOURCE\", \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" }",
            "{ \"source\": [\"3.69.198.64/27\", \"18.96.34.160/27\"], \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" },\n" +
            "    { \"source\": ‸\"0.0.0.0/0\", \"destination\": \"agent\", \"ports\": [4118], \"protocol\": \"tcp\" }",
            StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.AssertSingle(file, "SWP1012", TooWideInGermany, DiagnosticSeverity.Warning);
        Assert.Equal(DeploymentFaults.SummaryText(9, 9), DeploymentFaults.Summary(run));
    }

    [Theory]
    [Trait(Id, "SWP1012")]
    [InlineData("3.69.198.64/27", "from 18.96.34.160/27 to 10.20.0.0/16", false)]
    [InlineData("3.69.198.64/28", "from 3.69.198.80/28, 18.96.34.160/27 to 10.20.0.0/16", false)]
    [InlineData("3.0.0.0/8", "from 18.96.34.160/27 to 10.20.0.0/16", true)]
    public void A_rule_that_holds_only_some_of_the_regions_subnets_allows_the_managers_flow_only_partly(string source, string remainder, bool tooWide)
    {
        Marked file = Marked.Parse(ManagerInitiated.Replace("SOURCE", source, StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal([("server-workload-protection -> agent 4118/tcp (https)", remainder)], DeploymentFaults.PartlyAllowedFlows(run));
        Assert.Equal(tooWide ? ["SWP1019", "SWP1012"] : ["SWP1019"], DeploymentFaults.FindingIds(run));
        if (tooWide)
        {
            DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[1], file, file.Offset, "SWP1012", TooWideInGermany, DiagnosticSeverity.Warning);
        }
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void A_catch_all_rule_gets_the_warning_once_in_another_region()
    {
        Marked file = Marked.Parse("""
            {
              "region": "japan",
              "conditions": ["bidirectional", "relays"],
              "allow": [
                { "source": ‸"any", "destination": "any", "ports": ["1-65535"], "protocol": "any" }
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic warning = Assert.Single(run.Diagnostics, d => d.Id == "SWP1012");
        DeploymentFaults.AssertAt(warning, file, file.Offset, "SWP1012",
            "This rule lets 4118/tcp reach agent from addresses outside the japan manager subnets (35.75.131.96/27, 18.99.69.160/27); use those subnets or \"server-workload-protection\" as the source",
            DiagnosticSeverity.Warning);
        Assert.Equal(["SWP1014", "SWP1012"], DeploymentFaults.FindingIds(run)); // the relay has no address
    }

    // ---- SWP1016: flows not checked because of an error above ------------------------------

    [Fact]
    [Trait(Id, "SWP1016")]
    public void One_malformed_agent_cidr_gives_one_swp1007_and_one_swp1016_and_no_cascade_of_swp1010()
    {
        Marked file = Marked.Parse(SpecEdit.Replace(SpecEdit.Replace(DeploymentTexts.Baseline,
            "\"agent\": [\"10.20.0.0/16\"]", "\"agent\": [‸\"10.20.0.1/16\"]"), "  \"allow\"", "  ‸\"allow\""));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["SWP1007", "SWP1016"], DeploymentFaults.FindingIds(run));
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offsets[0], "SWP1007",
            "'10.20.0.1/16' is not a valid IPv4 address or CIDR: host bits are set: the address is not the network's first address");
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[1], file, file.Offsets[1], "SWP1016",
            "5 required flow(s) could not be checked because a rule or address above has an error: " +
            "agent -> server-workload-protection 443/tcp (https), agent -> dns-server 53/udp (dns), agent -> ntp-server 123/udp (ntp), " +
            "agent -> smart-protection-network 80/tcp (http), agent -> smart-protection-network 443/tcp (https)",
            DiagnosticSeverity.Warning);
        Assert.Equal(DeploymentFaults.SummaryText(3, 3), DeploymentFaults.Summary(run));
    }

    [Fact]
    [Trait(Id, "SWP1016")]
    public void A_rule_with_an_unknown_endpoint_leaves_the_flows_it_may_cover_unchecked_not_missing()
    {
        // The broken rule is the only one for agent -> manager: the flow is neither allowed nor missing.
        Marked file = Marked.Parse(SpecEdit.Replace(DeploymentTexts.Baseline, DeploymentTexts.AgentToManagerRule,
            "    { \"source\": ‸\"agnet\", \"destination\": \"server-workload-protection\", \"ports\": [443], \"protocol\": \"tcp\" },\n"));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["SWP1006", "SWP1016"], DeploymentFaults.FindingIds(run));
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offset, "SWP1006", "Unknown source 'agnet': did you mean 'agent'?");
        Assert.Equal(
            "1 required flow(s) could not be checked because a rule or address above has an error: agent -> server-workload-protection 443/tcp (https)",
            DeploymentFaults.Message(DeploymentFaults.Findings(run)[1]));
        Assert.Empty(DeploymentFaults.UncoveredFlows(run));
    }

    // ---- SWP1017: rules but no region -------------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1017")]
    public void Without_a_region_the_manager_is_anywhere_nothing_is_too_wide_and_that_is_said_once_at_allow()
    {
        string text = SpecEdit.Replace(ManagerInitiated, "  \"region\": \"germany\",\n", "").Replace("‸\"SOURCE\"", "\"0.0.0.0/0\"", StringComparison.Ordinal);
        Marked file = Marked.Edit(text, "\"allow\"", "‸\"allow\"");
        DeploymentFaults.AssertSingle(file, "SWP1017",
            "The file names no region, so the flows server-workload-protection starts are checked against rules that name it or any address, not against its region's subnets; add \"region\"",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    [Trait(Id, "SWP1017")]
    public void No_region_warning_when_the_manager_starts_no_required_flow_or_nothing_is_checked()
    {
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(DeploymentTexts.Baseline.Replace("  \"region\": \"germany\",\n", "", StringComparison.Ordinal))));
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse("{\n  \"conditions\": [\"bidirectional\"]\n}\n")));
    }

    // ---- SWP1018: no allow ------------------------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1018")]
    public void A_file_without_allow_is_an_info_at_its_start_that_nothing_was_checked()
    {
        Marked file = Marked.Parse("‸{\n  \"region\": \"germany\",\n  \"conditions\": [\"siem\"]\n}\n");
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Empty(DeploymentFaults.Findings(run));
        Diagnostic info = Assert.Single(run.Diagnostics);
        DeploymentFaults.AssertAt(info, file, file.Offset, "SWP1018",
            "'prod.swp.json' has no \"allow\" rules: it describes a deployment, and no firewall was checked", DiagnosticSeverity.Info);
        Assert.Equal(0, info.Location.SourceSpan.Length);
    }

    // ---- SWP1019: partly allowed (the union of rules) ----------------------------------------

    /// <summary>
    /// The issue's case: agents in two subnets, a rule per subnet for the web, a rule per (agent
    /// subnet, DNS server) pair for DNS. <c>WEB2</c> and <c>DNS23</c> mark two rules the tests drop.
    /// </summary>
    private const string TwoSubnets = """
        {
          "region": "germany",
          "addresses": { "agent": ["10.1.0.0/16", "10.2.0.0/16"], "dns-server": ["10.0.0.2", "10.0.0.3"] },
          ‸"allow": [
            { "source": "administrator-computer", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "any", "ports": [443], "protocol": "tcp" },
            { "source": "10.1.0.0/16", "destination": "10.0.0.2", "ports": [53], "protocol": "udp" },
            { "source": "10.1.0.0/16", "destination": "10.0.0.3", "ports": [53], "protocol": "udp" },
            { "source": "10.2.0.0/16", "destination": "10.0.0.2", "ports": [53], "protocol": "udp" },
            { "source": "10.2.0.0/16", "destination": "10.0.0.3", "ports": [53], "protocol": "udp" }, // DNS23
            { "source": "agent", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
            { "source": "10.1.0.0/16", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
            { "source": "10.2.0.0/16", "destination": "any", "ports": [80, 443], "protocol": "tcp" } // WEB2
          ]
        }

        """;

    private static Marked TwoSubnetsWithout(params string[] dropped)
    {
        var lines = new System.Collections.Generic.List<string>();
        foreach (string line in TwoSubnets.Split('\n'))
        {
            if (dropped.Any(d => line.EndsWith("// " + d, StringComparison.Ordinal)))
            {
                continue;
            }

            int comment = line.IndexOf(" // ", StringComparison.Ordinal);
            lines.Add(comment < 0 ? line : line[..comment]);
        }

        // The last rule keeps no trailing comma.
        string text = string.Join('\n', lines).Replace("},\n  ]", "}\n  ]", StringComparison.Ordinal);
        return Marked.Parse(text);
    }

    [Fact]
    [Trait(Id, "SWP1019")]
    public void One_rule_per_agent_subnet_and_one_per_subnet_and_dns_server_pair_check_clean()
    {
        GeneratorRun run = DeploymentFaults.Run(TwoSubnetsWithout());
        Assert.Equal(DeploymentFaults.SummaryText(8, 8), DeploymentFaults.AssertClean(run));
    }

    [Fact]
    [Trait(Id, "SWP1019")]
    public void Dropping_the_second_subnets_web_rule_leaves_exactly_10_2_0_0_slash_16_uncovered()
    {
        Marked file = TwoSubnetsWithout("WEB2");
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(3, findings.Length);
        DeploymentFaults.AssertAt(findings[0], file, file.Offset, "SWP1019",
            "Required flow agent -> server-workload-protection 443/tcp (https) is only partly allowed: nothing allows it from 10.2.0.0/16 to server-workload-protection (its dynamic addresses)");
        DeploymentFaults.AssertAt(findings[1], file, file.Offset, "SWP1019",
            "Required flow agent -> smart-protection-network 80/tcp (http) is only partly allowed: nothing allows it from 10.2.0.0/16 to smart-protection-network (no addresses given)");
        DeploymentFaults.AssertAt(findings[2], file, file.Offset, "SWP1019",
            "Required flow agent -> smart-protection-network 443/tcp (https) is only partly allowed: nothing allows it from 10.2.0.0/16 to smart-protection-network (no addresses given)");
        Assert.Equal(DeploymentFaults.SummaryText(8, 5), DeploymentFaults.Summary(run));
    }

    [Fact]
    [Trait(Id, "SWP1019")]
    public void Dropping_one_subnet_and_dns_server_pair_names_that_pair()
    {
        Marked file = TwoSubnetsWithout("DNS23");
        GeneratorRun run = DeploymentFaults.Run(file);
        DeploymentFaults.AssertAt(Assert.Single(DeploymentFaults.Findings(run)), file, file.Offset, "SWP1019",
            "Required flow agent -> dns-server 53/udp (dns) is only partly allowed: nothing allows it from 10.2.0.0/16 to 10.0.0.3/32");
    }

    [Fact]
    [Trait(Id, "SWP1019")]
    public void Dropping_the_first_subnets_web_rule_names_10_1_0_0_slash_16()
    {
        string text = TwoSubnetsWithout().Text.Replace(
            "    { \"source\": \"10.1.0.0/16\", \"destination\": \"any\", \"ports\": [80, 443], \"protocol\": \"tcp\" },\n", "", StringComparison.Ordinal);
        GeneratorRun run = DeploymentHarness.Run(text);
        Assert.Equal(
            [
                ("agent -> server-workload-protection 443/tcp (https)", "from 10.1.0.0/16 to server-workload-protection (its dynamic addresses)"),
                ("agent -> smart-protection-network 80/tcp (http)", "from 10.1.0.0/16 to smart-protection-network (no addresses given)"),
                ("agent -> smart-protection-network 443/tcp (https)", "from 10.1.0.0/16 to smart-protection-network (no addresses given)"),
            ],
            DeploymentFaults.PartlyAllowedFlows(run));
        Assert.Equal(["SWP1019", "SWP1019", "SWP1019"], DeploymentFaults.FindingIds(run));
    }

    [Theory]
    [Trait(Id, "SWP1019")]
    [InlineData("{ \"source\": \"10.20.0.0/16\", \"destination\": \"10.0.0.2\", \"ports\": [53], \"protocol\": \"udp\" }")]
    [InlineData("{ \"source\": \"10.20.0.0/17\", \"destination\": \"10.0.0.2\", \"ports\": [53], \"protocol\": \"udp\" },\n    { \"source\": \"10.20.128.0/17\", \"destination\": \"10.0.0.2\", \"ports\": [53], \"protocol\": \"udp\" }")]
    [InlineData("{ \"source\": \"10.20.128.0/17\", \"destination\": \"10.0.0.2\", \"ports\": [53], \"protocol\": \"any\" },\n    { \"source\": \"10.20.0.0/17\", \"destination\": [\"10.0.0.2\"], \"ports\": [\"50-60\"], \"protocol\": \"udp\" }")]
    public void What_is_left_is_said_the_same_way_however_the_rules_cut_it(string dnsRules)
    {
        // One DNS server of two is allowed, by one rule or by halves: the message names what is left, once.
        string text = $$"""
            {
              "region": "germany",
              "addresses": { "agent": "10.20.0.0/16", "dns-server": ["10.0.0.2", "10.0.0.3"] },
              "allow": [
                { "source": "administrator-computer", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "agent", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
                {{dnsRules}}
              ]
            }

            """;
        Assert.Equal([("agent -> dns-server 53/udp (dns)", "from 10.20.0.0/16 to 10.0.0.3/32")], DeploymentFaults.PartlyAllowedFlows(DeploymentHarness.Run(text)));
    }

    // ---- SWP1020, SWP1021: exclusions ---------------------------------------------------------

    private const string SyslogOverTlsOnly = """
        {
          "region": "germany",
          "conditions": ["siem"],
          "addresses": { "siem-syslog-server": "10.30.0.5" },
          "exclude": [
            { "flow": ‸"server-workload-protection->siem-syslog-server 514/udp", "reason": "Syslog over TLS only" }
          ],
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
            { "source": "agent", "destination": "siem-syslog-server", "ports": [514], "protocol": "udp" },
            { "source": "server-workload-protection", "destination": "siem-syslog-server", "ports": [6514], "protocol": "tcp" }
          ]
        }

        """;

    [Fact]
    [Trait(Id, "SWP1020")]
    public void An_excluded_syslog_flow_is_listed_as_info_at_the_exclusion_and_not_reported_missing()
    {
        Marked file = Marked.Parse(SyslogOverTlsOnly);
        GeneratorRun run = DeploymentFaults.AssertSingle(file, "SWP1020",
            "Required flow server-workload-protection -> siem-syslog-server 514/udp (syslog) is excluded from this firewall: Syslog over TLS only",
            DiagnosticSeverity.Info);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SWP1010");
        Assert.Equal(DeploymentFaults.SummaryText(10, 10, excluded: 1), DeploymentFaults.Summary(run));

        // The counter-check: without the exclusion, the same rules miss that flow.
        string without = SpecEdit.Replace(file.Text, "    { \"flow\": \"server-workload-protection->siem-syslog-server 514/udp\", \"reason\": \"Syslog over TLS only\" }\n", "");
        Assert.Equal(["server-workload-protection -> siem-syslog-server 514/udp (syslog)"], DeploymentFaults.UncoveredFlows(DeploymentHarness.Run(without)));
    }

    [Theory]
    [Trait(Id, "SWP1020")]
    [InlineData("server-workload-protection->siem-syslog-server 514/any")]
    [InlineData("server-workload-protection -> siem-syslog-server 514/udp")]
    public void An_exclusion_may_name_the_protocol_any_and_put_spaces_around_the_arrow(string flow)
    {
        Marked file = Marked.Parse(SyslogOverTlsOnly.Replace("server-workload-protection->siem-syslog-server 514/udp", flow, StringComparison.Ordinal));
        DeploymentFaults.AssertSingle(file, "SWP1020",
            "Required flow server-workload-protection -> siem-syslog-server 514/udp (syslog) is excluded from this firewall: Syslog over TLS only",
            DiagnosticSeverity.Info);
    }

    [Fact]
    [Trait(Id, "SWP1020")]
    public void An_exclusion_names_a_changed_port_by_the_port_the_deployment_uses()
    {
        string text = SyslogOverTlsOnly
            .Replace("\"conditions\": [\"siem\"],", "\"conditions\": [\"siem\"],\n  \"ports\": { \"siem-syslog-server:514\": 1514 },", StringComparison.Ordinal)
            .Replace("siem-syslog-server 514/udp", "siem-syslog-server 1514/udp", StringComparison.Ordinal)
            .Replace("\"ports\": [514]", "\"ports\": [1514]", StringComparison.Ordinal);
        DeploymentFaults.AssertSingle(Marked.Parse(text), "SWP1020",
            "Required flow server-workload-protection -> siem-syslog-server 1514/udp (syslog) is excluded from this firewall: Syslog over TLS only",
            DiagnosticSeverity.Info);
    }

    [Theory]
    [Trait(Id, "SWP1021")]
    [InlineData("agent->relay 4122/tcp")]
    [InlineData("server-workload-protection->siem-syslog-server 514/tcp")]
    [InlineData("server-workload-protection->siem-syslog-server 515/udp")]
    [InlineData("siem-syslog-server->server-workload-protection 514/udp")]
    public void An_exclusion_that_names_no_required_flow_is_a_warning_at_its_flow(string flow)
    {
        // No relays in this deployment; syslog on 514 is udp; nothing else goes to 515; the direction matters.
        Marked file = Marked.Parse(SyslogOverTlsOnly.Replace("server-workload-protection->siem-syslog-server 514/udp", flow, StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["SWP1021", "SWP1010"], DeploymentFaults.FindingIds(run)); // and the flow meant is still missing
        DeploymentFaults.AssertAt(DeploymentFaults.Findings(run)[0], file, file.Offset, "SWP1021",
            "This exclusion names no flow the deployment requires; check the flow with swp-ports rules", DiagnosticSeverity.Warning);
    }

    // ---- SWP1022: the summary -----------------------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1022")]
    public void A_checked_file_gets_one_summary_at_allow_with_what_was_and_was_not_checked()
    {
        Marked file = Marked.Parse("""
            {
              "region": "germany",
              "conditions": ["relays", "relay-localhost-port", "siem"],
              "addresses": { "agent": "10.20.0.0/16", "relay": "10.20.5.10", "siem-syslog-server": "10.30.0.5" },
              "scope": ["agent"],
              "exclude": [
                { "flow": "agent->siem-syslog-server 514/udp", "reason": "Agents log locally" }
              ],
              ‸"allow": [
                { "source": "agent", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "agent", "destination": "any", "ports": [80, 443, 4122], "protocol": "tcp" }
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);

        // In scope: the flows from or to the agent: its DNS, NTP, manager, relay, SPN 80 and 443
        // (6 evaluated) and its syslog (excluded). Out of scope: the administrator's 3, the
        // manager's 2 to the SIEM, the relay's 9 network flows and its loopback flow (out of
        // scope comes first, so it is not counted as host-only).
        Diagnostic summary = Assert.Single(run.Diagnostics, d => d.Id == "SWP1022");
        DeploymentFaults.AssertAt(summary, file, file.Offset, "SWP1022", DeploymentFaults.SummaryText(6, 6, excluded: 1, outOfScope: 15), DiagnosticSeverity.Info);
        Assert.Equal(["SWP1020"], DeploymentFaults.FindingIds(run));
    }

    [Fact]
    [Trait(Id, "SWP1022")]
    public void Scope_checks_only_the_flows_from_or_to_its_components()
    {
        // Scope is the agent only: the administrator's flows are someone else's firewall.
        const string text = """
            {
              "region": "germany",
              "addresses": { "agent": "10.20.0.0/16" },
              "scope": ["agent"],
              "allow": [
                { "source": "agent", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "agent", "destination": "any", "ports": [80, 443], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Equal(DeploymentFaults.SummaryText(5, 5, outOfScope: 3), DeploymentFaults.AssertClean(DeploymentHarness.Run(text)));
        Assert.Equal(
            ["administrator-computer -> server-workload-protection 443/tcp (https)", "administrator-computer -> dns-server 53/udp (dns)", "administrator-computer -> ntp-server 123/udp (ntp)"],
            DeploymentFaults.UncoveredFlows(DeploymentHarness.Run(text.Replace("  \"scope\": [\"agent\"],\n", "", StringComparison.Ordinal))));
    }

    // ---- SWP1013: port override collision -------------------------------------------------

    [Fact]
    [Trait(Id, "SWP1013")]
    public void A_changed_port_that_another_required_flow_uses_is_a_warning_at_the_new_port()
    {
        Marked file = Marked.Parse("{\n  \"conditions\": [\"relays\", \"bidirectional\"],\n  \"ports\": { \"relay:4122\": ‸4118 }\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1013",
            "Overriding relay:4122 with port 4118 collides with the required flow server-workload-protection -> relay 4118/tcp (https), which already uses port 4118",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    [Trait(Id, "SWP1013")]
    public void No_collision_when_the_colliding_flow_is_not_required()
    {
        // Without "bidirectional", nothing reaches the relay on 4118.
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse("{\n  \"conditions\": [\"relays\"],\n  \"ports\": { \"relay:4122\": 4118 }\n}\n")));
    }

    [Fact]
    [Trait(Id, "SWP1013")]
    public void A_proxy_port_that_another_flow_to_the_proxy_uses_is_no_collision()
    {
        // Only agents and relays reach the proxy, and all of them on its one port.
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse("{\n  \"conditions\": [\"relays\"],\n  \"ports\": { \"proxy\": 8080 }\n}\n")));
    }

    // ---- SWP1014: condition with no address for its component -----------------------------

    private const string SiemWithoutAddress = """
        {
          "region": "germany",
          "conditions": [‸"siem"],
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
            { "source": "agent", "destination": "siem-syslog-server", "ports": [514, 6514], "protocol": "any" },
            { "source": "server-workload-protection", "destination": "siem-syslog-server", "ports": [514, 6514], "protocol": "any" }
          ]
        }

        """;

    [Fact]
    [Trait(Id, "SWP1014")]
    public void A_condition_whose_component_has_no_address_is_a_warning_at_the_condition()
    {
        DeploymentFaults.AssertSingle(Marked.Parse(SiemWithoutAddress), "SWP1014",
            "Condition 'siem' adds flows from or to 'siem-syslog-server', but 'addresses' gives no address for it, so rules for it must allow any address",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    [Trait(Id, "SWP1014")]
    public void No_warning_without_allow_or_with_the_address_or_for_a_condition_that_adds_no_component()
    {
        string withoutAllow = "{\n  \"conditions\": [\"siem\"]\n}\n";
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(withoutAllow)));

        string withAddress = SpecEdit.Replace(SiemWithoutAddress, "  \"allow\"", "  \"addresses\": { \"siem-syslog-server\": \"10.30.0.5\" },\n  \"allow\"");
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(withAddress)));

        string bidirectional = SiemWithoutAddress
            .Replace("\"siem\"", "\"bidirectional\"", StringComparison.Ordinal)
            .Replace("\"destination\": \"siem-syslog-server\", \"ports\": [514, 6514]", "\"destination\": \"any\", \"ports\": [4118]", StringComparison.Ordinal);
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(bidirectional)));
    }

    [Fact]
    [Trait(Id, "SWP1014")]
    public void The_proxys_port_brings_in_the_proxy_so_a_proxy_without_an_address_is_a_warning_at_the_key()
    {
        Marked file = Marked.Parse("""
            {
              "ports": { ‸"proxy": 3128 },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443, 3128], "protocol": "tcp" }
              ]
            }

            """);
        DeploymentFaults.AssertSingle(file, "SWP1014",
            "Condition 'web-proxy' adds flows from or to 'web-proxy', but 'addresses' gives no address for it, so rules for it must allow any address",
            DiagnosticSeverity.Warning);
    }

    // ---- SWP1015: override that matches no flow -------------------------------------------

    [Fact]
    [Trait(Id, "SWP1015")]
    public void A_changed_port_no_flow_uses_is_a_warning_at_the_new_port()
    {
        Marked file = Marked.Parse("{\n  \"ports\": { \"server-workload-protection:4119\": ‸443 }\n}\n");
        DeploymentFaults.AssertSingle(file, "SWP1015",
            "No flow goes to 'server-workload-protection' on port 4119, so this override changes nothing",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    [Trait(Id, "SWP1015")]
    public void A_changed_port_of_a_flow_under_a_condition_not_enabled_is_not_reported()
    {
        // The check looks at every flow of the spec: "relay:4122" is a real flow even without relays.
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse("{\n  \"ports\": { \"relay:4122\": 4000 }\n}\n")));
    }

    // ---- SWP1023, SWP1024: firewall exports the file names -------------------------------------

    private const string WithFirewall = "{\n  \"region\": \"germany\",\n  \"firewalls\": [\n    { \"path\": ‸\"agent.rules\", \"format\": \"iptables-save\", \"for\": \"agent\" }\n  ]\n}\n";

    private const string AgentRules = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 4118 -j ACCEPT\nCOMMIT\n";

    [Fact]
    [Trait(Id, "SWP1023")]
    public void A_firewall_export_the_build_cannot_see_is_reported_at_its_path()
    {
        DeploymentFaults.AssertSingle(Marked.Parse(WithFirewall), "SWP1023",
            "The firewall file 'agent.rules' is not among this project's additional files; add <SwpFirewall Include=\"agent.rules\" /> to the project (or fix the path, relative to the deployment file)");
    }

    [Fact]
    [Trait(Id, "SWP1023")]
    public void A_firewall_export_beside_the_file_is_found_and_audited_in_its_own_file()
    {
        // The counter-check: with the export among the additional files, relative to the deployment file, it is read and audited.
        Marked file = Marked.Parse(WithFirewall);
        string rules = DeploymentHarness.PathOf("deploy/agent.rules");
        GeneratorRun run = DeploymentHarness.Run((DeploymentHarness.ProdPath, file.Text), (rules, AgentRules));
        DeploymentFaults.AssertRanCleanly(run);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "SWP1023" or "SWP1024");
        Diagnostic audited = Assert.Single(run.Diagnostics, d => d.Id == "SWP2008");
        Assert.Equal(rules, audited.Location.GetLineSpan().Path);
        Assert.StartsWith("Audited for prod.swp.json as the firewall of agent: ", DeploymentFaults.Message(audited), StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Id, "SWP1024")]
    public void A_firewall_export_that_cannot_be_read_in_its_format_is_reported_in_the_export()
    {
        string truncated = AgentRules.Replace("COMMIT\n", "", StringComparison.Ordinal);
        string rules = DeploymentHarness.PathOf("deploy/agent.rules");
        GeneratorRun run = DeploymentHarness.Run((DeploymentHarness.ProdPath, Marked.Parse(WithFirewall).Text), (rules, truncated));
        DeploymentFaults.AssertRanCleanly(run);
        Diagnostic error = Assert.Single(DeploymentFaults.Findings(run));
        // At the export's line and column (the end, where COMMIT is missing): line 4, column 1.
        Assert.Equal(("SWP1024", DiagnosticSeverity.Error, rules), (error.Id, error.Severity, error.Location.GetLineSpan().Path));
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(3, 0), error.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(truncated.Length, error.Location.SourceSpan.Start); // the text span is that place too, not the file's start
        Assert.Equal("The firewall file cannot be read as iptables-save: table filter (line 1) has no COMMIT: the file is truncated", DeploymentFaults.Message(error));
    }

    // ---- SWP1025: a domain name that is not the vendor's ---------------------------------------

    [Fact]
    [Trait(Id, "SWP1025")]
    public void A_domain_name_of_another_region_is_a_warning_at_the_name_and_reaches_no_component()
    {
        // agent-comm.workload.gb-1 is listed for the United Kingdom only (the vendor's page), not for Germany.
        Marked file = Marked.Parse("""
            {
              "region": "germany",
              "scope": ["agent"],
              "allow": [
                { "source": "agent", "destination": ["dns-server", "ntp-server"], "ports": [53, 123], "protocol": "udp" },
                { "source": "agent", "destination": ["smart-protection-network", ‸"agent-comm.workload.gb-1.cloudone.trendmicro.com"], "ports": [80, 443], "protocol": "tcp" }
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);
        DeploymentFaults.AssertAt(
            Assert.Single(run.Diagnostics, d => d.Id == "SWP1025"),
            file,
            file.Offset,
            "SWP1025",
            "'agent-comm.workload.gb-1.cloudone.trendmicro.com' is not one of the vendor's domain names for germany, so this destination reaches no component of the deployment; did you mean 'agent-comm.workload.de-1.cloudone.trendmicro.com'?",
            DiagnosticSeverity.Warning);
        Assert.Equal(["SWP1010", "SWP1025"], DeploymentFaults.FindingIds(run).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Findings_in_an_export_have_the_text_span_of_their_line_and_column()
    {
        // IDEs underline the TextSpan, not the line and column: both must name the same place
        // (here with CRLF line ends, which the span counts and the column does not).
        Marked export = Marked.Parse(
            "# exported by hand\r\n*filter\r\n:INPUT DROP [0:0]\r\n:OUTPUT ACCEPT [0:0]\r\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\r\n‸-A INPUT -p tcp --dport 4118 -j DROP\r\nCOMMIT\r\n");
        const string Deployment = "{\n  \"region\": \"germany\",\n  \"conditions\": [\"bidirectional\"],\n  \"firewalls\": [\n    { \"path\": \"agent.rules\", \"format\": \"iptables-save\", \"for\": \"agent\" }\n  ]\n}\n";
        string rules = DeploymentHarness.PathOf("deploy/agent.rules");
        GeneratorRun run = DeploymentHarness.Run((DeploymentHarness.ProdPath, Deployment), (rules, export.Text));
        DeploymentFaults.AssertRanCleanly(run);

        Diagnostic blocked = Assert.Single(run.Diagnostics, d => d.Id == "SWP2001");
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(5, 0), blocked.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(export.Offset, blocked.Location.SourceSpan.Start);

        Diagnostic[] inExport = [.. run.Diagnostics.Where(d => d.Location.GetLineSpan().Path == rules)];
        Assert.Contains(inExport, d => d.Id == "SWP2008");
        Assert.All(inExport, d =>
        {
            FileLinePositionSpan lines = d.Location.GetLineSpan();
            Assert.Equal(OffsetOf(export.Text, lines.StartLinePosition), d.Location.SourceSpan.Start);
            Assert.Equal(OffsetOf(export.Text, lines.EndLinePosition), d.Location.SourceSpan.End);
        });
    }

    /// <summary>The offset of a zero-based line and column, counting "\r\n", "\r" and "\n" as line ends.</summary>
    private static int OffsetOf(string text, Microsoft.CodeAnalysis.Text.LinePosition position)
    {
        int offset = 0;
        for (int line = 0; line < position.Line; line++)
        {
            while (text[offset] is not ('\r' or '\n'))
            {
                offset++;
            }

            offset += text[offset] == '\r' && offset + 1 < text.Length && text[offset + 1] == '\n' ? 2 : 1;
        }

        return offset + position.Character;
    }

    [Fact]
    public void A_visible_export_missing_the_second_region_subnet_fails_at_the_exports_rule()
    {
        // By hand: 4118 is allowed from 3.69.198.64/27 only; Germany's manager also starts connections from 18.96.34.160/27.
        const string Deployment = """
            {
              "region": "germany",
              "conditions": ["bidirectional"],
              "firewalls": [
                { "path": "aws/agents-sg.json", "format": "aws", "for": "agent" }
              ],
              "allow": [
                { "source": "any", "destination": "any", "ports": ["1-65535"], "protocol": "any" }
              ]
            }
            """;
        string export = """
            {
              "SecurityGroups": [
                {
                  "GroupId": "sg-1",
                  "IpPermissions": [
                    { "IpProtocol": "tcp", "FromPort": 4118, "ToPort": 4118, "IpRanges": [ { "CidrIp": "3.69.198.64/27" } ] }
                  ],
                  "IpPermissionsEgress": [
                    { "IpProtocol": "tcp", "FromPort": 1, "ToPort": 65535, "IpRanges": [ { "CidrIp": "0.0.0.0/0" } ] },
                    { "IpProtocol": "udp", "FromPort": 1, "ToPort": 65535, "IpRanges": [ { "CidrIp": "0.0.0.0/0" } ] }
                  ]
                }
              ]
            }
            """;
        string exportPath = DeploymentHarness.PathOf("deploy/aws/agents-sg.json");

        GeneratorRun run = DeploymentHarness.Run((DeploymentHarness.ProdPath, Deployment), (exportPath, export));

        Diagnostic d = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SWP2002", d.Id);
        Assert.Equal(exportPath, d.Location.GetLineSpan().Path);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(5, 8), d.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(export.IndexOf("{ \"IpProtocol\": \"tcp\", \"FromPort\": 4118", StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.Contains("this rule allows part of it, and the implicit deny of security groups sg-1 (ingress) blocks it from 18.96.34.160/27", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        string fixedExport = export.Replace("""[ { "CidrIp": "3.69.198.64/27" } ]""", """[ { "CidrIp": "3.69.198.64/27" }, { "CidrIp": "18.96.34.160/27" } ]""", StringComparison.Ordinal);
        GeneratorRun fixedRun = DeploymentHarness.Run((DeploymentHarness.ProdPath, Deployment), (exportPath, fixedExport));
        Assert.DoesNotContain(fixedRun.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning && d.Location.GetLineSpan().Path == exportPath);
        Assert.Contains(fixedRun.Diagnostics, d => d.Id == "SWP2008" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("6 allowed", StringComparison.Ordinal));
    }
}
