using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>SWP0002–SWP0006: the spec's shape (properties, JSON types, ports).</summary>
public class ShapeDiagnosticsTests
{
    private static readonly string s_spec = Repo.SpecText;

    private const string ServiceGatewayFlow = "{\"source\": \"agent\", \"destination\": \"service-gateway\", \"port\": 8080,";

    [Fact]
    public void Duplicate_property_is_reported_at_its_second_name()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", "\"specVersion\": \"1.1.0\", \"specVersion\": \"1.1.0\",", "\"specVersion\"", occurrence: 1);
        Faults.AssertSingle(spec, "SWP0002", "Property 'specVersion' appears more than once in this object");
    }

    [Fact]
    public void Duplicate_property_in_a_flow_is_reported_at_its_second_name()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ServiceGatewayFlow, ServiceGatewayFlow + " \"port\": 8081,", "\"port\"", occurrence: 1);
        Faults.AssertSingle(spec, "SWP0002", "Property 'port' appears");
    }

    [Fact]
    public void Unknown_property_is_reported_at_its_name()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "{\"id\": \"vcenter\",", "{\"id\": \"vcenter\", \"colour\": \"red\",", "\"colour\"");
        Diagnostic d = Faults.AssertSingle(spec, "SWP0003", "Unknown property 'colour' in component; expected one of: id, name, description, ");
        Assert.Contains("hostLocal", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_root_property_is_reported_at_its_name()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", "\"specversion\": \"1.1.0\", \"specVersion\": \"1.1.0\",", "\"specversion\"");
        Faults.AssertSingle(spec, "SWP0003", "Unknown property 'specversion' in the spec");
    }

    [Fact]
    public void Missing_property_is_reported_at_the_object()
    {
        const string flow = "{\"source\": \"administrator-computer\", \"destination\": \"dns-server\", \"port\": 53, \"ipProtocols\": [\"udp\"], \"applicationProtocol\": \"dns\"}";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, flow, flow.Replace(", \"applicationProtocol\": \"dns\"", "", System.StringComparison.Ordinal), "{");
        Faults.AssertSingle(spec, "SWP0004", "Flow is missing the required property 'applicationProtocol'");
    }

    [Fact]
    public void Missing_cidrs_is_reported_at_the_region()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]}", "{\"id\": \"uk\", \"name\": \"UK\"}", "{");
        Faults.AssertSingle(spec, "SWP0004", "Region is missing the required property 'cidrs'");
    }

    [Fact]
    public void The_old_single_cidr_is_an_unknown_region_property()
    {
        // 1.0.0's one "cidr" per region is now "cidrs", a list: the old form is reported, not read.
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "{\"id\": \"uk\", \"name\": \"UK\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]}",
            "{\"id\": \"uk\", \"name\": \"UK\", \"cidr\": \"18.169.230.160/27\", \"cidrs\": [\"18.169.230.160/27\", \"18.98.162.128/27\"]}", "\"cidr\"");
        Faults.AssertSingle(spec, "SWP0003", "Unknown property 'cidr' in region; expected one of: id, name, cidrs");
    }

    [Fact]
    public void The_old_single_source_is_an_unknown_root_property()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", "\"specVersion\": \"1.1.0\",\n  \"source\": {},", "\"source\"");
        Faults.AssertSingle(spec, "SWP0003",
            "Unknown property 'source' in the spec; expected one of: $schema, specVersion, product, sources, conditions, applicationProtocols, components, regions, notes, flows, namedPorts, domains");
    }

    [Fact]
    public void Empty_sources_are_reported_at_the_array()
    {
        int start = s_spec.IndexOf("\"sources\": [", System.StringComparison.Ordinal) + "\"sources\": ".Length;
        int end = s_spec.IndexOf("  \"conditions\": [", System.StringComparison.Ordinal);
        string text = s_spec[..start] + "[],\n" + s_spec[end..];
        Faults.AssertSingle(text, start, "SWP0014", "'[]' is not a valid value for 'sources': expected at least one source page (the port table first)");
    }

    [Fact]
    public void Missing_domain_regions_are_reported_once_at_the_domain()
    {
        const string domain = "{\"name\": \"deepsecaas11-en.gfrbridge.trendmicro.com\", \"regions\": [\"all\"], ";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, domain, "{\"name\": \"deepsecaas11-en.gfrbridge.trendmicro.com\", ", "{");
        Faults.AssertSingle(spec, "SWP0004", "Domain is missing the required property 'regions'");
    }

    [Fact]
    public void Missing_sources_is_reported_at_the_root_object()
    {
        int start = s_spec.IndexOf("  \"sources\": [", System.StringComparison.Ordinal);
        int end = s_spec.IndexOf("  \"conditions\": [", System.StringComparison.Ordinal);
        Faults.AssertSingle(s_spec.Remove(start, end - start), 0, "SWP0004", "The spec is missing the required property 'sources'");
    }

    [Fact]
    public void Missing_root_list_is_reported_at_the_root_object()
    {
        int start = s_spec.IndexOf("  \"notes\": [", System.StringComparison.Ordinal);
        int end = s_spec.IndexOf("  \"flows\": [", System.StringComparison.Ordinal);
        string text = s_spec.Remove(start, end - start);
        Faults.AssertSingle(text, 0, "SWP0004", "The spec is missing the required property 'notes'");
    }

    [Fact]
    public void Wrong_type_is_reported_at_the_value()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"hostLocal\": true", "\"hostLocal\": \"yes\"", "\"yes\"");
        Faults.AssertSingle(spec, "SWP0005", "'hostLocal' must be of JSON type boolean, not string");
    }

    [Fact]
    public void Wrong_type_of_a_root_value_is_reported_at_the_value()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", "\"specVersion\": 1,", "1");
        Faults.AssertSingle(spec, "SWP0005", "'specVersion' must be of JSON type string, not number");
    }

    [Fact]
    public void Wrong_type_of_an_ip_protocol_item_is_reported_at_the_item()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ServiceGatewayFlow + " \"ipProtocols\": [\"tcp\"]", ServiceGatewayFlow + " \"ipProtocols\": [\"tcp\", 6]", "6");
        Faults.AssertSingle(spec, "SWP0005", "'ipProtocols item' must be of JSON type string, not number");
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_reported_at_its_start()
    {
        Faults.AssertSingle("\n  [1, 2]\n", 3, "SWP0005", "'the spec' must be of JSON type object, not array");
    }

    [Theory]
    [InlineData("\"8080\"", "Port \"8080\" (a string) is not valid")]
    [InlineData("1e3", "Port 1e3 is not valid")]
    [InlineData("70000", "Port 70000 is not valid")]
    [InlineData("65536", "Port 65536 is not valid")]
    [InlineData("0", "Port 0 is not valid")]
    [InlineData("443.0", "Port 443.0 is not valid")]
    [InlineData("-1", "Port -1 is not valid")]
    [InlineData("123456", "Port 123456 is not valid")]
    [InlineData("null", "Port (a JSON null) is not valid")]
    public void Invalid_port_is_reported_at_the_value(string port, string message)
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, ServiceGatewayFlow, ServiceGatewayFlow.Replace("8080", port, System.StringComparison.Ordinal), port);
        Faults.AssertSingle(spec, "SWP0006", message + ": a port is a JSON integer from 1 to 65535");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("65535")]
    public void The_ends_of_the_port_range_are_valid(string port)
    {
        string text = SpecEdit.Replace(s_spec, ServiceGatewayFlow, ServiceGatewayFlow.Replace("8080", port, System.StringComparison.Ordinal));
        GeneratorRun run = Harness.Run(text);
        Assert.Empty(run.Diagnostics);
        Assert.Contains(", " + port + ", global::Swp.Requirements.IPProtocol.Tcp", run.Source("FlowTable.g.cs"), System.StringComparison.Ordinal);
    }
}
