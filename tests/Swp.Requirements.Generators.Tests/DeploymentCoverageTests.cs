using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Model;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// When a rule covers a required flow: address containment, "any", domain names, host-local
/// flows, port ranges, IP protocols, and changed ports (<c>proxy</c>, <c>COMPONENT:PORT</c>).
/// What is not covered is read from the SWP1010 diagnostics; what is required, from the same
/// file with <c>"allow": []</c>, which reports every required network flow.
/// </summary>
public class DeploymentCoverageTests
{
    [Fact]
    public void Frankfurt_has_no_diagnostics()
    {
        GeneratorRun run = DeploymentHarness.Run(DeploymentHarness.FrankfurtText, DeploymentHarness.FrankfurtPath);
        DeploymentFaults.AssertRanCleanly(run);
        Assert.Empty(run.Diagnostics);
        Assert.Equal("Deployments.Frankfurt.g.cs", Assert.Single(run.Sources).HintName);
    }

    // ---- addresses ------------------------------------------------------------------------

    private const string CidrSourceFile = """
        {
          "addresses": { AGENT },
          "allow": [
            { "source": "administrator-computer", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "any", "ports": [443], "protocol": "tcp" },
            { "source": "SOURCE", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "SOURCE", "destination": "any", "ports": [80, 443], "protocol": "tcp" }
          ]
        }

        """;

    [Theory]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "10.0.0.0/8", true)]
    [InlineData("\"agent\": [\"10.20.0.0/16\", \"10.30.0.5\"]", "10.0.0.0/8", true)]
    [InlineData("\"agent\": \"10.20.0.0/16\"", "10.20.0.0/16", true)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "10.20.0.0/17", false)]
    [InlineData("\"agent\": [\"10.20.0.0/16\", \"192.168.0.0/24\"]", "10.0.0.0/8", false)]
    [InlineData("", "10.0.0.0/8", false)]
    [InlineData("\"agent\": []", "10.0.0.0/8", false)]
    [InlineData("", "0.0.0.0/0", true)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "0.0.0.0/0", true)]
    public void A_cidr_source_covers_the_agents_flows_only_when_it_holds_all_of_the_agents_addresses(string agentAddresses, string source, bool covered)
    {
        string text = CidrSourceFile.Replace("AGENT", agentAddresses, StringComparison.Ordinal).Replace("SOURCE", source, StringComparison.Ordinal);
        string[] agentFlows = [.. Required(text).Where(f => f.StartsWith("agent -> ", StringComparison.Ordinal))];
        Assert.Equal(5, agentFlows.Length); // DNS, NTP, the manager, and the Smart Protection Network on 80 and 443

        GeneratorRun run = Checked(text);
        Assert.All(run.Diagnostics, d => Assert.Equal("SWP1010", d.Id));
        Assert.Equal(covered ? [] : agentFlows, DeploymentFaults.UncoveredFlows(run));
    }

    private const string RelayFile = """
        {
          "conditions": ["relays"],
          "addresses": { AGENT"relay": RELAY },
          "allow": [
            { "source": "administrator-computer", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "any", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "agent", "destination": "any", "ports": [80, 443, 4122], "protocol": "tcp" }
          ]
        }

        """;

    [Theory]
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.20.5.10/32\", \"10.20.5.11\"]", true)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.20.5.10/32\", \"192.168.5.10\"]", false)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.0.0.0/8\"]", false)]
    [InlineData("", "[\"10.20.5.10/32\"]", false)]
    public void A_rule_naming_the_agent_covers_the_relays_flows_when_the_relays_addresses_lie_in_the_agents(string agent, string relay, bool covered)
    {
        string text = RelayFile.Replace("AGENT", agent, StringComparison.Ordinal).Replace("RELAY", relay, StringComparison.Ordinal);
        string[] relayFlows = [.. Required(text).Where(f => f.StartsWith("relay -> ", StringComparison.Ordinal))];
        Assert.Contains("relay -> relay 4122/tcp (https)", relayFlows);
        Assert.Contains("relay -> active-update 443/tcp (https)", relayFlows);
        Assert.Contains("relay -> server-workload-protection 443/tcp (https)", relayFlows); // inherited from the agent

        GeneratorRun run = Checked(text);
        Assert.All(run.Diagnostics, d => Assert.Equal("SWP1010", d.Id));
        Assert.Equal(covered ? [] : relayFlows, DeploymentFaults.UncoveredFlows(run));
    }

    [Fact]
    public void A_component_anywhere_is_covered_by_its_own_id_any_or_0_0_0_0_slash_0_only()
    {
        const string file = """
            {
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" },
                { "source": "SOURCE", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Equal(
            ["administrator-computer -> server-workload-protection 443/tcp (https)"],
            DeploymentFaults.UncoveredFlows(Checked(file.Replace("SOURCE", "agent", StringComparison.Ordinal))));
        Assert.Empty(Checked(file.Replace("SOURCE", "any", StringComparison.Ordinal)).Diagnostics);
        Assert.Empty(Checked(file.Replace("SOURCE", "0.0.0.0/0", StringComparison.Ordinal)).Diagnostics);
        Assert.Equal(
            ["administrator-computer -> server-workload-protection 443/tcp (https)", "agent -> server-workload-protection 443/tcp (https)"],
            DeploymentFaults.UncoveredFlows(Checked(file.Replace("SOURCE", "0.0.0.0/1", StringComparison.Ordinal))));
    }

    // ---- "any", domain names, host-local flows --------------------------------------------

    [Fact]
    public void A_catch_all_rule_covers_every_flow_of_every_condition()
    {
        string conditions = string.Join(", ", DeploymentHarness.Spec.Conditions.Select(c => $"\"{c.Id}\""));
        string text = $$"""
            {
              "conditions": [{{conditions}}],
              "addresses": {
                "relay": "10.20.5.10", "data-center-gateway": "10.40.0.5", "service-gateway": "10.40.0.6",
                "api-client": "10.40.0.7", "siem-syslog-server": "10.30.0.5", "smart-protection-server": "10.40.0.8"
              },
              "allow": [
                {{DeploymentTexts.CatchAll}}
              ]
            }

            """;
        Assert.Empty(Checked(text).Diagnostics);
        DeploymentModel model = DeploymentHarness.Compile(text).Model!;
        Assert.Equal(DeploymentHarness.Spec.Flows.Count, model.Flows.Count); // every condition on: every flow of the spec
    }

    [Fact]
    public void A_domain_name_destination_covers_the_manager_and_nothing_else()
    {
        const string text = """
            {
              "addresses": { "agent": ["10.20.0.0/16"] },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "*.trendmicro.com", "ports": [80, 443], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Equal(
            ["agent -> smart-protection-network 80/tcp (http)", "agent -> smart-protection-network 443/tcp (https)"],
            DeploymentFaults.UncoveredFlows(Checked(text)));
        Assert.Single(Required(text), f => f.StartsWith("agent -> server-workload-protection ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_relays_loopback_port_4123_is_required_but_never_needs_a_rule()
    {
        const string text = """
            {
              "conditions": ["relays", "relay-localhost-port"],
              "addresses": { "relay": "10.20.5.10" },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443, 4122], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Empty(Checked(text).Diagnostics);
        Assert.DoesNotContain(Required(text), f => f.Contains(" 4123/", StringComparison.Ordinal));

        int localhost = ComponentIndex("localhost");
        FlowRow loopback = Assert.Single(DeploymentHarness.Compile(text).Model!.Flows, f => f.Destination == localhost);
        Assert.Equal((ComponentIndex("relay"), 4123, true), (loopback.Source, loopback.Port, loopback.HostLocal));
        Assert.Contains(
            "new global::Swp.Requirements.Flow(global::Swp.Requirements.Component.Relay, global::Swp.Requirements.Component.Localhost, 4123, ",
            Assert.Single(DeploymentHarness.Run(text).Sources).SourceText.ToString(), StringComparison.Ordinal);

        string withoutCondition = text.Replace("\"relays\", \"relay-localhost-port\"", "\"relays\"", StringComparison.Ordinal);
        Assert.DoesNotContain(DeploymentHarness.Compile(withoutCondition).Model!.Flows, f => f.Destination == localhost);
    }

    // ---- ports and IP protocols -----------------------------------------------------------

    [Theory]
    [InlineData("[\"8000-8100\"]", true)]
    [InlineData("[\"8080-8080\"]", true)]
    [InlineData("[\"8080\"]", true)]
    [InlineData("[8080]", true)]
    [InlineData("[\"1-65535\"]", true)]
    [InlineData("[\"8081-8100\"]", false)]
    [InlineData("[\"1-8079\"]", false)]
    [InlineData("[80, \"8000-8079\", \"8081-9000\"]", false)]
    public void A_port_range_covers_the_ports_between_its_ends_inclusive(string ports, bool covered)
    {
        string text = """
            {
              "conditions": ["service-gateway"],
              "addresses": { "service-gateway": "10.40.0.0/24" },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "agent", "destination": "service-gateway", "ports": PORTS, "protocol": "tcp" }
              ]
            }

            """.Replace("PORTS", ports, StringComparison.Ordinal);
        GeneratorRun run = Checked(text);
        Assert.Equal(covered ? [] : ["agent -> service-gateway 8080/tcp (http)"], DeploymentFaults.UncoveredFlows(run));
        Assert.Equal(covered ? 0 : 1, run.Diagnostics.Length);
    }

    [Theory]
    [InlineData("any", new string[0])]
    [InlineData("udp", new[] { "administrator-computer -> server-workload-protection 443/tcp (https)", "agent -> server-workload-protection 443/tcp (https)", "agent -> smart-protection-network 80/tcp (http)", "agent -> smart-protection-network 443/tcp (https)" })]
    [InlineData("tcp", new[] { "administrator-computer -> dns-server 53/udp (dns)", "administrator-computer -> ntp-server 123/udp (ntp)", "agent -> dns-server 53/udp (dns)", "agent -> ntp-server 123/udp (ntp)" })]
    public void Protocol_any_covers_both_ip_protocols_and_one_protocol_only_its_own(string protocol, string[] wrongProtocol)
    {
        string text = $$"""
            {
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 80, 123, 443], "protocol": ‸"{{protocol}}" }
              ]
            }

            """;
        Marked file = Marked.Parse(text);
        GeneratorRun run = DeploymentFaults.Run(file);
        Assert.Equal(wrongProtocol.Length, run.Diagnostics.Length);
        for (int i = 0; i < wrongProtocol.Length; i++)
        {
            Faults.AssertAt(run.Diagnostics[i], file.Text, file.Offset, "SWP1011", $"the required flow {wrongProtocol[i]} needs", DeploymentHarness.ProdPath);
        }
    }

    // ---- changed ports --------------------------------------------------------------------

    [Fact]
    public void Proxy_moves_the_agents_and_the_relays_flows_to_the_manager_and_no_others()
    {
        const string text = """
            {
              "conditions": ["relays", "data-center-gateway", "api-clients"],
              "ports": { "proxy": 1443 },
              "addresses": { "relay": "10.20.5.10", "data-center-gateway": "10.40.0.5", "api-client": "10.40.0.7" },
              "allow": []
            }

            """;
        Assert.Equal(
            [
                "administrator-computer -> server-workload-protection 443/tcp (https)",
                "agent -> server-workload-protection 1443/tcp (https)",
                "relay -> server-workload-protection 1443/tcp (https)",
                "data-center-gateway -> server-workload-protection 443/tcp (https)",
                "api-client -> server-workload-protection 443/tcp (https)",
            ],
            Required(text).Where(f => f.Contains(" -> server-workload-protection ", StringComparison.Ordinal)));

        // The rule check uses the changed port: the agent's rule must name 1443.
        Assert.DoesNotContain(Required(text), f => f.Contains(" 1443/", StringComparison.Ordinal) && !f.Contains(" -> server-workload-protection ", StringComparison.Ordinal));
        DeploymentModel model = DeploymentHarness.Compile(text).Model!;
        Assert.Equal(
            [new PortOverrideItem(ComponentIndex("agent"), ComponentIndex("server-workload-protection"), 443, 1443), new PortOverrideItem(ComponentIndex("relay"), ComponentIndex("server-workload-protection"), 443, 1443)],
            model.PortOverrides);
    }

    [Fact]
    public void A_component_port_key_moves_the_flows_from_every_source()
    {
        const string text = """
            {
              "conditions": ["siem"],
              "ports": { "siem-syslog-server:514": 1514 },
              "addresses": { "siem-syslog-server": "10.30.0.5" },
              "allow": []
            }

            """;
        Assert.Equal(
            [
                "server-workload-protection -> siem-syslog-server 1514/udp (syslog)",
                "server-workload-protection -> siem-syslog-server 6514/tcp (syslog-tls)",
                "agent -> siem-syslog-server 1514/udp (syslog)",
            ],
            Required(text).Where(f => f.Contains(" -> siem-syslog-server ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\"proxy\": 1443, \"server-workload-protection:443\": 8443", 8443, 8443)]
    [InlineData("\"server-workload-protection:443\": 8443, \"proxy\": 1443", 1443, 8443)]
    public void When_two_keys_change_one_flow_the_last_one_wins(string ports, int agentPort, int administratorPort)
    {
        string text = "{\n  \"ports\": { " + ports + " },\n  \"allow\": []\n}\n";
        string[] toManager = [.. Required(text).Where(f => f.Contains(" -> server-workload-protection ", StringComparison.Ordinal))];
        Assert.Equal(
            [$"administrator-computer -> server-workload-protection {administratorPort}/tcp (https)", $"agent -> server-workload-protection {agentPort}/tcp (https)"],
            toManager);
    }

    /// <summary>Runs the file and asserts the run went well.</summary>
    private static GeneratorRun Checked(string text)
    {
        GeneratorRun run = DeploymentHarness.Run(text);
        DeploymentFaults.AssertRanCleanly(run);
        return run;
    }

    /// <summary>The required network flows of a file: those reported when its rules are replaced by <c>"allow": []</c>.</summary>
    private static List<string> Required(string text)
    {
        int allow = SpecEdit.IndexOfOnly(text, "\"allow\": [");
        int end = text.LastIndexOf(']');
        string empty = string.Concat(text.AsSpan(0, allow), "\"allow\": []", text.AsSpan(end + 1));
        GeneratorRun run = Checked(empty);
        Assert.All(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("SWP1010", d.Id));
        List<string> flows = DeploymentFaults.UncoveredFlows(run);
        Assert.NotEmpty(flows);
        return flows;
    }

    private static int ComponentIndex(string id)
    {
        int index = DeploymentHarness.Spec.Components.Select(c => c.Id).ToList().IndexOf(id);
        Assert.True(index >= 0, id);
        return index;
    }
}
