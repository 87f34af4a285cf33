using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// SWP1001–SWP1015: every fault of a deployment file (<c>deploy/prod.swp.json</c>) is reported
/// with its ID, in the file, at the line and column of the marker '‸' in the test's text, with
/// its message. Each test carries the ID it covers as a trait, and one test checks that every
/// SWP1xxx ID of the catalogue is covered.
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
        Assert.Equal(15, catalogue.Length);
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
        DeploymentFaults.AssertSingle(file, "SWP1003", "Unknown property 'alow' in the deployment; expected one of: $schema, description, region, conditions, ports, addresses, allow");
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

    [Fact]
    [Trait(Id, "SWP1004")]
    public void A_rule_missing_a_property_covers_nothing()
    {
        // Without the catch-all, the flows the broken rule was meant for are reported too.
        Marked file = Marked.Parse(DeploymentTexts.Baseline.Replace(
            "{ \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [443], \"protocol\": \"tcp\" }",
            "‸{ \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [443] }",
            StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic missing = Assert.Single(run.Diagnostics, d => d.Id == "SWP1004");
        DeploymentFaults.AssertAt(missing, file, file.Offset, "SWP1004", "Rule is missing the required property 'protocol'");
        Assert.Equal(["agent -> server-workload-protection 443/tcp (https)"], DeploymentFaults.UncoveredFlows(run));
        Assert.Equal(2, run.Diagnostics.Length);
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
    public void Wrong_type_is_reported_at_the_value(string marked, string message)
    {
        DeploymentFaults.AssertSingle(Marked.Parse(marked), "SWP1005", message);
    }

    [Theory]
    [Trait(Id, "SWP1005")]
    [InlineData("‸\"any\"", "'rule' must be of JSON type object, not string")]
    [InlineData("""{ "source": ‸1, "destination": "any", "ports": [443], "protocol": "tcp" }""", "'source' must be of JSON type string, not number")]
    [InlineData("""{ "source": "any", "destination": ‸null, "ports": [443], "protocol": "tcp" }""", "'destination' must be of JSON type string, not null")]
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
    [InlineData("\"proxy\"", "\"1000-2000\"")]
    [InlineData("\"proxy\"", "0")]
    [InlineData("\"relay:4122\"", "70000")]
    public void Invalid_changed_port_is_reported_at_the_value(string key, string port)
    {
        Marked file = Marked.Parse($"{{\n  \"conditions\": [\"relays\"],\n  \"ports\": {{\n    {key}: ‸{port}\n  }}\n}}\n");
        DeploymentFaults.AssertSingle(file, "SWP1008", PortRule(port));
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
            $"'{key}' is not a valid value for 'ports': expected \"proxy\" or \"COMPONENT:DEFAULT-PORT\" such as \"server-workload-protection:443\"");
    }

    // ---- SWP1010: required flow not allowed -----------------------------------------------

    [Fact]
    [Trait(Id, "SWP1010")]
    public void A_file_without_the_agent_to_manager_rule_reports_exactly_that_flow_at_allow()
    {
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(DeploymentTexts.Baseline)).Diagnostics);

        string without = SpecEdit.Replace(DeploymentTexts.Baseline, DeploymentTexts.AgentToManagerRule, "");
        Marked file = Marked.Edit(without, "\"allow\"", "‸\"allow\"");
        DeploymentFaults.AssertSingle(file, "SWP1010",
            "Required flow agent -> server-workload-protection 443/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [443], \"protocol\": \"tcp\" }");
    }

    [Fact]
    [Trait(Id, "SWP1010")]
    public void Frankfurt_without_its_agent_to_manager_rule_misses_the_agents_and_the_relays_proxy_flows()
    {
        // The relays' addresses lie inside the agents', so the "agent" rule covered them too.
        string without = SpecEdit.Replace(DeploymentHarness.FrankfurtText,
            "    { \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [1443], \"protocol\": \"tcp\", \"description\": \"Through the web proxy\" },\n", "");
        Marked file = Marked.Edit(without, "\"allow\"", "‸\"allow\"");
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(2, run.Diagnostics.Length);
        DeploymentFaults.AssertAt(run.Diagnostics[0], file, file.Offset, "SWP1010",
            "Required flow agent -> server-workload-protection 1443/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [1443], \"protocol\": \"tcp\" }");
        DeploymentFaults.AssertAt(run.Diagnostics[1], file, file.Offset, "SWP1010",
            "Required flow relay -> server-workload-protection 1443/tcp (https) is not allowed by any rule; " +
            "add { \"source\": \"relay\", \"destination\": \"server-workload-protection\", \"ports\": [1443], \"protocol\": \"tcp\" }");
    }

    [Fact]
    [Trait(Id, "SWP1010")]
    public void An_empty_allow_reports_every_required_network_flow_once()
    {
        Marked file = Marked.Parse("{\n  \"conditions\": [\"relays\", \"relay-localhost-port\"],\n  \"addresses\": { \"relay\": \"10.20.5.10\" },\n  ‸\"allow\": []\n}\n");
        GeneratorRun run = DeploymentFaults.Run(file);
        Model.DeploymentModel model = DeploymentHarness.Compile(file.Text).Model!;
        int network = model.Flows.Count(f => !f.HostLocal);
        Assert.True(network < model.Flows.Count); // the relay's loopback flow is required, but never a rule's business
        Assert.Equal(network, run.Diagnostics.Length);
        Assert.All(run.Diagnostics, d => Faults.AssertAt(d, file.Text, file.Offset, "SWP1010", "Required flow ", DeploymentHarness.ProdPath));
        Assert.Equal(network, DeploymentFaults.UncoveredFlows(run).Distinct(StringComparer.Ordinal).Count());
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
        Assert.Equal(2, run.Diagnostics.Length);
        DeploymentFaults.AssertAt(run.Diagnostics[0], file, file.Offset, "SWP1011",
            "This rule allows port 514 on tcp, but the required flow server-workload-protection -> siem-syslog-server 514/udp (syslog) needs udp; allow udp (or \"any\")");
        DeploymentFaults.AssertAt(run.Diagnostics[1], file, file.Offset, "SWP1011",
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
        Assert.Equal(2, run.Diagnostics.Length);
        DeploymentFaults.AssertAt(run.Diagnostics[0], file, file.Offset, "SWP1011",
            "This rule allows port 389 on tcp, but the required flow data-center-gateway -> active-directory 389/udp (ldap) needs udp; allow udp (or \"any\")");
        DeploymentFaults.AssertAt(run.Diagnostics[1], file, file.Offset, "SWP1011",
            "This rule allows port 636 on tcp, but the required flow data-center-gateway -> active-directory 636/udp (ldaps) needs udp; allow udp (or \"any\")");
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(file.Text.Replace("[389, 636], \"protocol\": \"tcp\"", "[389, 636], \"protocol\": \"any\"", StringComparison.Ordinal))).Diagnostics);
    }

    // ---- SWP1012: manager-initiated rule wider than the region subnet ---------------------

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

    [Theory]
    [Trait(Id, "SWP1012")]
    [InlineData("0.0.0.0/0")]
    [InlineData("any")]
    [InlineData("3.0.0.0/8")]
    public void A_manager_initiated_rule_from_outside_the_region_subnet_is_a_warning_at_its_source(string source)
    {
        Marked file = Marked.Parse(ManagerInitiated.Replace("SOURCE", source, StringComparison.Ordinal));
        DeploymentFaults.AssertSingle(file, "SWP1012",
            "This rule lets 4118/tcp reach agent from addresses outside the germany manager subnet; use \"source\": \"3.69.198.64/27\" (or \"server-workload-protection\")",
            DiagnosticSeverity.Warning);
    }

    [Theory]
    [Trait(Id, "SWP1012")]
    [InlineData("3.69.198.64/27")]
    [InlineData("server-workload-protection")]
    public void A_manager_initiated_rule_from_the_region_subnet_or_the_managers_id_gives_nothing(string source)
    {
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(ManagerInitiated.Replace("SOURCE", source, StringComparison.Ordinal))).Diagnostics);
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void A_narrower_subnet_than_the_regions_does_not_cover_the_managers_flow()
    {
        Marked file = Marked.Parse(ManagerInitiated.Replace("SOURCE", "3.69.198.64/28", StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(["server-workload-protection -> agent 4118/tcp (https)"], DeploymentFaults.UncoveredFlows(run));
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    [Trait(Id, "SWP1012")]
    public void Without_a_region_the_manager_is_anywhere_and_nothing_is_too_wide()
    {
        string text = SpecEdit.Replace(ManagerInitiated, "  \"region\": \"germany\",\n", "").Replace("SOURCE", "0.0.0.0/0", StringComparison.Ordinal);
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(text)).Diagnostics);
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
            "This rule lets 4118/tcp reach agent from addresses outside the japan manager subnet; use \"source\": \"35.75.131.96/27\" (or \"server-workload-protection\")",
            DiagnosticSeverity.Warning);
        Assert.All(run.Diagnostics.Where(d => d.Id != "SWP1012"), d => Assert.Equal("SWP1014", d.Id)); // the relay has no address
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
        Assert.Empty(DeploymentFaults.Run(Marked.Parse("{\n  \"conditions\": [\"relays\"],\n  \"ports\": { \"relay:4122\": 4118 }\n}\n")).Diagnostics);
    }

    // ---- SWP1014: condition with no address for its component -----------------------------

    private const string SiemWithoutAddress = """
        {
          "conditions": [‸"siem"],
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
            { "source": "any", "destination": "siem-syslog-server", "ports": [514, 6514], "protocol": "any" }
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
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(withoutAllow)).Diagnostics);

        string withAddress = SpecEdit.Replace(SiemWithoutAddress, "  \"allow\"", "  \"addresses\": { \"siem-syslog-server\": \"10.30.0.5\" },\n  \"allow\"");
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(withAddress)).Diagnostics);

        string bidirectional = SiemWithoutAddress
            .Replace("\"siem\"", "\"bidirectional\"", StringComparison.Ordinal)
            .Replace("\"destination\": \"siem-syslog-server\", \"ports\": [514, 6514]", "\"destination\": \"any\", \"ports\": [4118]", StringComparison.Ordinal);
        Assert.Empty(DeploymentFaults.Run(Marked.Parse(bidirectional)).Diagnostics);
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
        Assert.Empty(DeploymentFaults.Run(Marked.Parse("{\n  \"ports\": { \"relay:4122\": 4000 }\n}\n")).Diagnostics);
    }
}
