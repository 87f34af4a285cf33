using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// When rules cover a required flow: address containment, "any", domain names, host-local
/// flows, port ranges, IP protocols, and changed ports (<c>proxy</c>, <c>COMPONENT:PORT</c>).
/// What is not covered is read from the SWP1010 (nothing allowed) and SWP1019 (partly allowed)
/// diagnostics; what is required, from the same file with <c>"allow": []</c>, which reports
/// every required network flow.
/// </summary>
public class DeploymentCoverageTests
{
    [Fact]
    public void Frankfurt_has_no_finding_and_all_24_of_its_flows_are_allowed()
    {
        // By hand: the administrator 3, the manager 4 (SIEM twice, agent, relay), the agent 7
        // (DNS, NTP, SIEM, the proxy, the relay, the SPN twice), the relay 9 (its own 4122 and
        // Active Update twice, and the agent's six to DNS, NTP, SIEM, proxy and SPN) and the proxy 1.
        GeneratorRun run = DeploymentHarness.Run(DeploymentHarness.FrankfurtText, DeploymentHarness.FrankfurtPath);
        Assert.Equal(DeploymentFaults.SummaryText(24, 24), DeploymentFaults.AssertClean(run));
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

    /// <summary>What the check says of a set of flows: all allowed, none allowed (SWP1010), or partly (SWP1019, what is left).</summary>
    private const string Allowed = "allowed";

    private const string Blocked = "blocked";

    [Theory]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "10.0.0.0/8", Allowed)]
    [InlineData("\"agent\": [\"10.20.0.0/16\", \"10.30.0.5\"]", "10.0.0.0/8", Allowed)]
    [InlineData("\"agent\": \"10.20.0.0/16\"", "10.20.0.0/16", Allowed)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "10.20.0.0/17", "from 10.20.128.0/17")]
    [InlineData("\"agent\": [\"10.20.0.0/16\", \"192.168.0.0/24\"]", "10.0.0.0/8", "from 192.168.0.0/24")]
    [InlineData("\"agent\": [\"10.20.0.0/16\", \"192.168.0.0/24\"]", "10.20.0.0/17", "from 10.20.128.0/17, 192.168.0.0/24")]
    [InlineData("", "10.0.0.0/8", Blocked)]
    [InlineData("\"agent\": []", "10.0.0.0/8", Blocked)]
    [InlineData("", "0.0.0.0/0", Allowed)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"]", "0.0.0.0/0", Allowed)]
    public void A_cidr_source_covers_the_agents_flows_where_it_holds_the_agents_addresses_and_names_the_rest(string agentAddresses, string source, string expected)
    {
        string text = CidrSourceFile.Replace("AGENT", agentAddresses, StringComparison.Ordinal).Replace("SOURCE", source, StringComparison.Ordinal);
        string[] agentFlows = [.. Required(text).Where(f => f.StartsWith("agent -> ", StringComparison.Ordinal))];
        Assert.Equal(
            ["agent -> server-workload-protection 443/tcp (https)", "agent -> dns-server 53/udp (dns)", "agent -> ntp-server 123/udp (ntp)", "agent -> smart-protection-network 80/tcp (http)", "agent -> smart-protection-network 443/tcp (https)"],
            agentFlows);

        GeneratorRun run = Checked(text);
        AssertOutcome(run, agentFlows, expected);
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
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.20.5.10/32\", \"10.20.5.11\"]", Allowed)]
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.20.5.10/32\", \"192.168.5.10\"]", "from 192.168.5.10/32")]
    [InlineData("\"agent\": [\"10.20.0.0/16\"], ", "[\"10.0.0.0/8\"]", "from 10.0.0.0/12, 10.16.0.0/14, 10.21.0.0/16, 10.22.0.0/15, 10.24.0.0/13, 10.32.0.0/11, 10.64.0.0/10, 10.128.0.0/9")]
    [InlineData("", "[\"10.20.5.10/32\"]", Blocked)]
    public void A_rule_naming_the_agent_covers_the_relays_flows_where_the_relays_addresses_lie_in_the_agents(string agent, string relay, string expected)
    {
        string text = RelayFile.Replace("AGENT", agent, StringComparison.Ordinal).Replace("RELAY", relay, StringComparison.Ordinal);
        string[] relayFlows = [.. Required(text).Where(f => f.StartsWith("relay -> ", StringComparison.Ordinal))];
        Assert.Equal(8, relayFlows.Length);
        Assert.Contains("relay -> relay 4122/tcp (https)", relayFlows);
        Assert.Contains("relay -> active-update 443/tcp (https)", relayFlows);
        Assert.Contains("relay -> server-workload-protection 443/tcp (https)", relayFlows); // inherited from the agent

        GeneratorRun run = Checked(text);
        AssertOutcome(run, relayFlows, expected);
    }

    /// <summary>
    /// Asserts the run's only findings are about <paramref name="flows"/>: none (allowed), one
    /// SWP1010 each (blocked), or one SWP1019 each whose remainder starts with <paramref name="expected"/>.
    /// </summary>
    private static void AssertOutcome(GeneratorRun run, string[] flows, string expected)
    {
        switch (expected)
        {
            case Allowed:
                DeploymentFaults.AssertClean(run);
                break;
            case Blocked:
                Assert.All(DeploymentFaults.Findings(run), d => Assert.Equal("SWP1010", d.Id));
                Assert.Equal(flows, DeploymentFaults.UncoveredFlows(run));
                break;
            default:
                Assert.All(DeploymentFaults.Findings(run), d => Assert.Equal("SWP1019", d.Id));
                List<(string Flow, string Remainder)> partly = DeploymentFaults.PartlyAllowedFlows(run);
                Assert.Equal(flows, partly.Select(p => p.Flow));
                Assert.All(partly, p => Assert.StartsWith(expected + " to ", p.Remainder, StringComparison.Ordinal));
                break;
        }
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
        DeploymentFaults.AssertClean(Checked(file.Replace("SOURCE", "any", StringComparison.Ordinal)));
        DeploymentFaults.AssertClean(Checked(file.Replace("SOURCE", "0.0.0.0/0", StringComparison.Ordinal)));
        Assert.Equal(
            ["administrator-computer -> server-workload-protection 443/tcp (https)", "agent -> server-workload-protection 443/tcp (https)"],
            DeploymentFaults.UncoveredFlows(Checked(file.Replace("SOURCE", "0.0.0.0/1", StringComparison.Ordinal))));
    }

    // ---- "any", domain names, host-local flows --------------------------------------------

    [Fact]
    public void A_catch_all_rule_covers_every_flow_of_every_condition()
    {
        string conditions = string.Join(", ", DeploymentHarness.Spec.Conditions.Select(c => $"\"{c.Id}\""));
        Marked file = Marked.Parse($$"""
            {
              "conditions": [{{conditions}}],
              "addresses": {
                "relay": "10.20.5.10", "data-center-gateway": "10.40.0.5", "service-gateway": "10.40.0.6",
                "api-client": "10.40.0.7", "siem-syslog-server": "10.30.0.5", "smart-protection-server": "10.40.0.8",
                "web-proxy": "10.0.0.10"
              },
              ‸"allow": [
                {{DeploymentTexts.CatchAll}}
              ]
            }

            """);
        GeneratorRun run = DeploymentFaults.Run(file);

        // No region: the manager's own flows are checked without its subnets, which is said once.
        Diagnostic noRegion = Assert.Single(DeploymentFaults.Findings(run));
        DeploymentFaults.AssertAt(noRegion, file, file.Offset, "SWP1017",
            "The file names no region, so the flows server-workload-protection starts are checked against rules that name it or any address, not against its region's subnets; add \"region\"",
            DiagnosticSeverity.Warning);

        // Every condition on: every flow of the spec but the two the web proxy replaces (agent and
        // relay straight to the manager), and the relay's loopback flow, which is host-only.
        int replaced = DeploymentHarness.Spec.Flows.Count(f => f.UnlessMask != 0);
        Assert.Equal(2, replaced);
        int network = DeploymentHarness.Spec.Flows.Count - replaced - 1;
        Assert.Equal(DeploymentFaults.SummaryText(network, network, hostOnly: 1), DeploymentFaults.Summary(run));
        Assert.Equal((uint)((1L << DeploymentHarness.Spec.Conditions.Count) - 1), DeploymentHarness.Compile(file.Text).Model!.ConditionMask);
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
        // By hand: the administrator 3, the agent 6 (DNS, NTP, the manager, the relay, the SPN
        // twice), the relay 8 (its own 4122, Active Update twice, and the agent's five); 4123 is host-only.
        Assert.Equal(DeploymentFaults.SummaryText(17, 17, hostOnly: 1), DeploymentFaults.AssertClean(Checked(text)));
        Assert.DoesNotContain(Required(text), f => f.Contains(" 4123/", StringComparison.Ordinal));

        string withoutCondition = text.Replace("\"relays\", \"relay-localhost-port\"", "\"relays\"", StringComparison.Ordinal);
        Assert.Equal(DeploymentFaults.SummaryText(17, 17), DeploymentFaults.AssertClean(Checked(withoutCondition)));
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
        Assert.Equal(covered ? 0 : 1, DeploymentFaults.Findings(run).Length);
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
        Diagnostic[] findings = DeploymentFaults.Findings(run);
        Assert.Equal(wrongProtocol.Length, findings.Length);
        for (int i = 0; i < wrongProtocol.Length; i++)
        {
            Faults.AssertAt(findings[i], file.Text, file.Offset, "SWP1011", $"the required flow {wrongProtocol[i]} needs", DeploymentHarness.ProdPath);
        }
    }

    // ---- changed ports --------------------------------------------------------------------

    [Fact]
    public void Proxy_sends_the_agents_and_the_relays_to_the_proxy_on_its_port_and_the_proxy_to_the_manager()
    {
        const string text = """
            {
              "conditions": ["relays", "data-center-gateway", "api-clients"],
              "ports": { "proxy": 1443 },
              "addresses": { "relay": "10.20.5.10", "data-center-gateway": "10.40.0.5", "api-client": "10.40.0.7", "web-proxy": "10.0.0.10" },
              "allow": []
            }

            """;
        List<string> required = Required(text);
        Assert.Equal(
            [
                "administrator-computer -> server-workload-protection 443/tcp (https)",
                "data-center-gateway -> server-workload-protection 443/tcp (https)",
                "api-client -> server-workload-protection 443/tcp (https)",
                "web-proxy -> server-workload-protection 443/tcp (https)",
            ],
            required.Where(f => f.Contains(" -> server-workload-protection ", StringComparison.Ordinal)));
        Assert.Equal(
            ["agent -> web-proxy 1443/tcp (https)", "relay -> web-proxy 1443/tcp (https)"],
            required.Where(f => f.Contains(" -> web-proxy ", StringComparison.Ordinal)));
        Assert.DoesNotContain(required, f => f.Contains(" 1443/", StringComparison.Ordinal) && !f.Contains(" -> web-proxy ", StringComparison.Ordinal));

        // The named port is the spec's: the proxy's default port changes, and the proxy is in the deployment.
        DeploymentModel model = DeploymentHarness.Compile(text).Model!;
        Assert.Equal([new PortOverrideItem(-1, ComponentIndex("web-proxy"), 1443, 1443)], model.PortOverrides);
        Assert.NotEqual(0u, model.ConditionMask & (1u << DeploymentHarness.Spec.Conditions.Select(c => c.Id).ToList().IndexOf("web-proxy")));
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
    [InlineData("\"proxy\": 3128, \"web-proxy:1443\": 8080", 8080)]
    [InlineData("\"web-proxy:1443\": 8080, \"proxy\": 3128", 3128)]
    public void When_two_keys_change_one_flow_the_last_one_wins(string ports, int proxyPort)
    {
        string text = "{\n  \"ports\": { " + ports + " },\n  \"addresses\": { \"web-proxy\": \"10.0.0.10\" },\n  \"allow\": []\n}\n";
        Assert.Equal(
            [$"agent -> web-proxy {proxyPort}/tcp (https)"],
            Required(text).Where(f => f.Contains(" -> web-proxy ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_component_port_key_of_the_manager_leaves_the_proxys_port_alone()
    {
        const string text = "{\n  \"ports\": { \"proxy\": 3128, \"server-workload-protection:443\": 8443 },\n  \"addresses\": { \"web-proxy\": \"10.0.0.10\" },\n  \"allow\": []\n}\n";
        Assert.Equal(
            [
                "administrator-computer -> server-workload-protection 8443/tcp (https)",
                "agent -> web-proxy 3128/tcp (https)",
                "web-proxy -> server-workload-protection 8443/tcp (https)",
            ],
            Required(text).Where(f => f.Contains(" -> server-workload-protection ", StringComparison.Ordinal) || f.Contains(" -> web-proxy ", StringComparison.Ordinal)));
    }

    // ---- the union of rules: addresses, ports and IP protocols split across rules -----------

    [Fact]
    public void A_tcp_rule_and_a_udp_rule_together_cover_a_service_needed_on_both()
    {
        // LDAP and LDAPS are needed on tcp and udp: one rule per IP protocol is enough.
        string text = """
            {
              "region": "germany",
              "conditions": ["data-center-gateway"],
              "addresses": { "data-center-gateway": "10.40.0.5", "active-directory": "10.40.0.9" },
              "allow": [
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "any", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "data-center-gateway", "destination": "active-directory", "ports": [389, 636], "protocol": "tcp" },
                { "source": "data-center-gateway", "destination": "active-directory", "ports": [389, 636], "protocol": "udp" }
              ]
            }

            """;
        // The baseline 8, and the gateway 8: DNS, NTP, the manager, vCenter, LDAP and LDAPS on both.
        Assert.Equal(DeploymentFaults.SummaryText(16, 16), DeploymentFaults.AssertClean(Checked(text)));
    }

    private const string PortHalves = """
        {
          "region": "germany",
          "conditions": ["service-gateway", "smart-protection-server"],
          "addresses": { "service-gateway": "10.40.0.6", "smart-protection-server": "10.40.0.8" },
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "any", "destination": "any", "ports": ["1-1000"], "protocol": "tcp" },
            { "source": "any", "destination": "any", "ports": ["1001-65535"], "protocol": "tcp" }
          ]
        }

        """;

    [Fact]
    public void Ports_1_to_1000_in_one_rule_and_1001_to_65535_in_another_cover_every_port()
    {
        DeploymentFaults.AssertClean(Checked(PortHalves));

        // The counter-check: without the upper half, exactly the flows above 1000 are missing.
        string lower = SpecEdit.Replace(PortHalves, ",\n    { \"source\": \"any\", \"destination\": \"any\", \"ports\": [\"1001-65535\"], \"protocol\": \"tcp\" }", "");
        Assert.Equal(
            ["agent -> service-gateway 8080/tcp (http)", "agent -> smart-protection-server 5274/tcp (http)", "agent -> smart-protection-server 5275/tcp (https)"],
            DeploymentFaults.UncoveredFlows(Checked(lower)));
    }

    [Theory]
    [InlineData("\"10.0.0.0/9\"", "\"10.128.0.0/9\"")]
    [InlineData("\"10.0.0.0/8\"", "\"10.0.0.0/8\"")]
    [InlineData("[\"10.0.0.0/10\", \"10.64.0.0/10\"]", "[\"10.192.0.0/10\", \"10.128.0.0/10\"]")]
    [InlineData("\"10.0.0.0/9\"", "[\"10.128.0.0/9\", \"10.0.0.5\"]")]
    public void Address_ranges_split_across_rules_or_lists_cover_the_whole_source(string first, string second)
    {
        string text = $$"""
            {
              "region": "germany",
              "addresses": { "agent": "10.0.0.0/8" },
              "allow": [
                { "source": "administrator-computer", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "administrator-computer", "destination": "any", "ports": [443], "protocol": "tcp" },
                { "source": {{first}}, "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": {{second}}, "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": {{first}}, "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": {{second}}, "destination": "any", "ports": [80, 443], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Equal(DeploymentFaults.SummaryText(8, 8), DeploymentFaults.AssertClean(Checked(text)));
    }

    [Fact]
    public void A_rule_whose_source_is_a_list_of_the_agents_subnets_is_clean()
    {
        const string text = """
            {
              "region": "germany",
              "addresses": { "agent": ["10.1.0.0/16", "10.2.0.0/16"], "dns-server": ["10.0.0.2", "10.0.0.3"], "ntp-server": "10.0.0.4" },
              "allow": [
                { "source": ["administrator-computer", "10.1.0.0/16", "10.2.0.0/16"], "destination": ["dns-server", "10.0.0.4"], "ports": [53, 123], "protocol": "udp" },
                { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
                { "source": ["10.1.0.0/16", "10.2.0.0/16"], "destination": "any", "ports": [80, 443], "protocol": "tcp" }
              ]
            }

            """;
        Assert.Equal(DeploymentFaults.SummaryText(8, 8), DeploymentFaults.AssertClean(Checked(text)));

        // A list of one subnet leaves the other uncovered.
        string one = text.Replace("{ \"source\": [\"10.1.0.0/16\", \"10.2.0.0/16\"], \"destination\": \"any\"", "{ \"source\": [\"10.1.0.0/16\"], \"destination\": \"any\"", StringComparison.Ordinal);
        Assert.Equal(
            [
                ("agent -> server-workload-protection 443/tcp (https)", "from 10.2.0.0/16 to server-workload-protection (its dynamic addresses)"),
                ("agent -> smart-protection-network 80/tcp (http)", "from 10.2.0.0/16 to smart-protection-network (no addresses given)"),
                ("agent -> smart-protection-network 443/tcp (https)", "from 10.2.0.0/16 to smart-protection-network (no addresses given)"),
            ],
            DeploymentFaults.PartlyAllowedFlows(Checked(one)));
    }

    // ---- the web proxy --------------------------------------------------------------------

    private const string ThroughProxy = """
        {
          "region": "germany",
          "conditions": ["relays"],
          "ports": { "proxy": 3128 },
          "addresses": { "agent": "10.20.0.0/16", "relay": "10.20.5.10", "web-proxy": ["10.0.0.10"] },
          "allow": [
            { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
            { "source": "agent", "destination": "any", "ports": [80, 443, 4122], "protocol": "tcp" },
            { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "10.20.0.0/16", "destination": "10.0.0.10", "ports": [3128], "protocol": "tcp" },
            { "source": "10.0.0.10", "destination": "workload.de-1.cloudone.trendmicro.com", "ports": [443], "protocol": "tcp" }
          ]
        }

        """;

    [Fact]
    public void Proxy_3128_requires_the_agents_and_relays_to_reach_the_proxy_and_the_proxy_the_manager_and_not_the_agents_the_manager()
    {
        List<string> required = Required(ThroughProxy);
        Assert.Contains("agent -> web-proxy 3128/tcp (https)", required);
        Assert.Contains("relay -> web-proxy 3128/tcp (https)", required);
        Assert.Contains("web-proxy -> server-workload-protection 443/tcp (https)", required);
        Assert.DoesNotContain("agent -> server-workload-protection 443/tcp (https)", required);
        Assert.DoesNotContain("relay -> server-workload-protection 443/tcp (https)", required);
        Assert.DoesNotContain(required, f => f.Contains(" 1443/", StringComparison.Ordinal));
        Assert.Equal(
            ["administrator-computer -> server-workload-protection 443/tcp (https)", "web-proxy -> server-workload-protection 443/tcp (https)"],
            required.Where(f => f.Contains(" -> server-workload-protection ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_rule_to_the_proxys_own_address_on_its_port_covers_the_agents_and_relays_proxy_flows()
    {
        // The relay (10.20.5.10) lies in 10.20.0.0/16, so the one rule covers both.
        Assert.Equal(DeploymentFaults.SummaryText(18, 18), DeploymentFaults.AssertClean(Checked(ThroughProxy)));

        // On the example port 1443 instead, the rule misses both.
        string wrongPort = ThroughProxy.Replace("\"ports\": [3128]", "\"ports\": [1443]", StringComparison.Ordinal);
        Assert.Equal(["agent -> web-proxy 3128/tcp (https)", "relay -> web-proxy 3128/tcp (https)"], DeploymentFaults.UncoveredFlows(Checked(wrongPort)));

        // A rule to another address misses the proxy, except the part of it that address holds.
        string otherAddress = ThroughProxy.Replace("\"destination\": \"10.0.0.10\"", "\"destination\": \"10.0.0.11\"", StringComparison.Ordinal);
        Assert.Equal(["agent -> web-proxy 3128/tcp (https)", "relay -> web-proxy 3128/tcp (https)"], DeploymentFaults.UncoveredFlows(Checked(otherAddress)));
    }

    [Fact]
    public void Without_the_proxys_port_the_agents_go_straight_to_the_manager_and_the_proxy_is_not_needed()
    {
        string direct = ThroughProxy.Replace("  \"ports\": { \"proxy\": 3128 },\n", "", StringComparison.Ordinal);
        List<string> required = Required(direct);
        Assert.Contains("agent -> server-workload-protection 443/tcp (https)", required);
        Assert.DoesNotContain(required, f => f.Contains("web-proxy", StringComparison.Ordinal));
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
