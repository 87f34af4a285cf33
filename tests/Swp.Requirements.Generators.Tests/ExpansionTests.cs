using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// What the compiled model means: inheritance, one row per IP protocol, and conditions carried
/// by optional components. Checked on SpecCompiler's model, not on generated text.
/// </summary>
public class ExpansionTests
{
    private static readonly RequirementSpec s_spec = Compile(Repo.SpecText);

    [Fact]
    public void A_relay_inherits_the_agent_flows_under_the_relays_condition()
    {
        FlowRow row = Assert.Single(Rows("relay", "dns-server", 53));
        Assert.Equal(IpProtocolKind.Udp, row.IPProtocol);
        Assert.Equal("dns", s_spec.ApplicationProtocols[row.ApplicationProtocol].Id);
        Assert.Equal(Mask("relays"), row.ConditionMask);
        Assert.Null(row.Note);

        // Every agent flow exists for the relay too, with the relay's condition added.
        foreach (FlowRow agentRow in s_spec.Flows.Where(f => f.Source == Index("agent")))
        {
            FlowRow relayRow = Assert.Single(Rows("relay", s_spec.Components[agentRow.Destination].Id, agentRow.Port), r => r.IPProtocol == agentRow.IPProtocol);
            Assert.Equal(agentRow.ConditionMask | Mask("relays"), relayRow.ConditionMask);
        }
    }

    [Fact]
    public void The_relays_own_4122_row_replaces_the_inherited_one()
    {
        // agent -> relay 4122 is inherited by relay, but relay lists relay -> relay 4122 itself.
        FlowRow agentRow = Assert.Single(Rows("agent", "relay", 4122));
        Assert.Null(agentRow.Note);
        FlowRow relayRow = Assert.Single(Rows("relay", "relay", 4122));
        Assert.Equal("To other relays.", relayRow.Note);
        Assert.Equal(IpProtocolKind.Tcp, relayRow.IPProtocol);
        Assert.Equal(Mask("relays"), relayRow.ConditionMask);
    }

    [Fact]
    public void Two_ip_protocols_give_two_rows()
    {
        FlowRow[] rows = Rows("data-center-gateway", "active-directory", 389);
        Assert.Equal([IpProtocolKind.Tcp, IpProtocolKind.Udp], rows.Select(r => r.IPProtocol).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal("ldap", s_spec.ApplicationProtocols[r.ApplicationProtocol].Id);
            Assert.Equal(Mask("data-center-gateway"), r.ConditionMask);
        });
    }

    [Theory]
    [InlineData("agent", "siem-syslog-server", 514, new[] { "siem" })]
    [InlineData("agent", "service-gateway", 8080, new[] { "service-gateway" })]
    [InlineData("agent", "smart-protection-server", 5274, new[] { "smart-protection-server" })]
    [InlineData("relay", "siem-syslog-server", 514, new[] { "relays", "siem" })]
    [InlineData("server-workload-protection", "relay", 4118, new[] { "bidirectional", "relays" })]
    [InlineData("server-workload-protection", "agent", 4118, new[] { "bidirectional" })]
    [InlineData("relay", "localhost", 4123, new[] { "relays", "relay-localhost-port" })]
    [InlineData("api-client", "server-workload-protection", 443, new[] { "api-clients" })]
    [InlineData("agent", "server-workload-protection", 443, new string[0])]
    [InlineData("agent", "web-proxy", 1443, new[] { "web-proxy" })]
    [InlineData("relay", "web-proxy", 1443, new[] { "relays", "web-proxy" })]
    [InlineData("web-proxy", "server-workload-protection", 443, new[] { "web-proxy" })]
    public void A_flow_carries_its_own_conditions_and_those_of_optional_components(string source, string destination, int port, string[] conditions)
    {
        FlowRow row = Assert.Single(Rows(source, destination, port));
        Assert.Equal(Mask(conditions), row.ConditionMask);
    }

    [Fact]
    public void The_web_proxy_replaces_the_agents_direct_flow_and_relays_inherit_that()
    {
        // agent -> manager 443 is "unless web-proxy"; the relay inherits the flow and its unless.
        uint proxy = Mask("web-proxy");
        Assert.Equal(proxy, Assert.Single(Rows("agent", "server-workload-protection", 443)).UnlessMask);
        FlowRow relay = Assert.Single(Rows("relay", "server-workload-protection", 443));
        Assert.Equal(proxy, relay.UnlessMask);
        Assert.Equal(Mask("relays"), relay.ConditionMask);

        // Only those two are replaced; the proxy's own flows are needed with it, not replaced by it.
        Assert.Equal(
            ["agent->server-workload-protection 443", "relay->server-workload-protection 443"],
            s_spec.Flows.Where(f => f.UnlessMask != 0).Select(f => $"{s_spec.Components[f.Source].Id}->{s_spec.Components[f.Destination].Id} {f.Port}"));
        Assert.Equal(0u, Assert.Single(Rows("relay", "web-proxy", 1443)).UnlessMask);
        Assert.Equal(0u, Assert.Single(Rows("web-proxy", "server-workload-protection", 443)).UnlessMask);
    }

    [Fact]
    public void Unless_is_inherited_transitively_and_a_nearer_flow_keeps_its_own()
    {
        // c inherits b inherits a; a's flow 1 is replaced under "p", b redefines flow 2 without unless.
        const string spec = """
            {
              "specVersion": "1.0.0",
              "product": "P",
              "sources": [{"pageId": "page", "title": "T", "dateRead": "2025-01-01"}],
              "conditions": [{"id": "p", "description": "Proxy."}, {"id": "q", "description": "Other."}],
              "applicationProtocols": [{"id": "https", "name": "HTTPS"}],
              "components": [
                {"id": "a", "name": "A", "description": "A."},
                {"id": "b", "name": "B", "description": "B.", "inherits": "a"},
                {"id": "c", "name": "C", "description": "C.", "inherits": "b"},
                {"id": "d", "name": "D", "description": "D."}
              ],
              "regions": [],
              "notes": [],
              "flows": [
                {"source": "a", "destination": "d", "port": 1, "ipProtocols": ["tcp"], "applicationProtocol": "https", "unless": ["p"]},
                {"source": "a", "destination": "d", "port": 2, "ipProtocols": ["tcp"], "applicationProtocol": "https", "unless": ["p", "q"]},
                {"source": "b", "destination": "d", "port": 2, "ipProtocols": ["tcp"], "applicationProtocol": "https"}
              ]
            }
            """;
        RequirementSpec model = Compile(spec);
        Assert.Equal(
            ["a->d 1 unless 1", "a->d 2 unless 3", "b->d 1 unless 1", "b->d 2 unless 0", "c->d 1 unless 1", "c->d 2 unless 0"],
            model.Flows.Select(r => $"{model.Components[r.Source].Id}->{model.Components[r.Destination].Id} {r.Port} unless {r.UnlessMask}").Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Only_flows_to_a_host_local_component_are_host_local()
    {
        Assert.All(s_spec.Flows, r => Assert.Equal(s_spec.Components[r.Destination].Id == "localhost", r.HostLocal));
        Assert.True(Assert.Single(Rows("relay", "localhost", 4123)).HostLocal);
    }

    [Fact]
    public void The_rows_are_exactly_those_an_independent_reading_of_the_json_gives()
    {
        // An oracle written from the spec's documented meaning, reading the JSON with System.Text.Json.
        using var doc = JsonDocument.Parse(Repo.SpecText);
        JsonElement root = doc.RootElement;
        var componentCondition = new Dictionary<string, string?>();
        var parent = new Dictionary<string, string?>();
        foreach (JsonElement c in root.GetProperty("components").EnumerateArray())
        {
            string id = c.GetProperty("id").GetString()!;
            componentCondition[id] = c.TryGetProperty("condition", out JsonElement cond) ? cond.GetString() : null;
            parent[id] = c.TryGetProperty("inherits", out JsonElement inh) ? inh.GetString() : null;
        }

        var own = root.GetProperty("flows").EnumerateArray()
            .SelectMany(f => f.GetProperty("ipProtocols").EnumerateArray().Select(ip => (
                Source: f.GetProperty("source").GetString()!,
                Destination: f.GetProperty("destination").GetString()!,
                Port: f.GetProperty("port").GetInt32(),
                Ip: ip.GetString()!,
                App: f.GetProperty("applicationProtocol").GetString()!,
                Conditions: f.TryGetProperty("conditions", out JsonElement cs) ? cs.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                Unless: f.TryGetProperty("unless", out JsonElement un) ? string.Join("+", un.EnumerateArray().Select(x => x.GetString()!).Order(System.StringComparer.Ordinal)) : "",
                Note: f.TryGetProperty("note", out JsonElement n) ? n.GetString() : null)))
            .ToList();

        var expected = new HashSet<string>();
        foreach (string component in parent.Keys)
        {
            var keys = new HashSet<(string, int, string)>();
            for (string? from = component; from is not null; from = parent[from])
            {
                foreach (var f in own.Where(f => f.Source == from))
                {
                    if (keys.Add((f.Destination, f.Port, f.Ip)))
                    {
                        IEnumerable<string?> all = f.Conditions.Append(componentCondition[component]).Append(componentCondition[f.Destination]);
                        string conditions = string.Join("+", all.OfType<string>().Distinct().Order(System.StringComparer.Ordinal));
                        expected.Add($"{component} {f.Destination} {f.Port}/{f.Ip} {f.App} [{conditions}] unless [{f.Unless}] {f.Note}");
                    }
                }
            }
        }

        var actual = s_spec.Flows.Select(r =>
        {
            string conditions = string.Join("+", s_spec.Conditions.Where((c, i) => (r.ConditionMask & (1u << i)) != 0).Select(c => c.Id).Order(System.StringComparer.Ordinal));
            string unless = string.Join("+", s_spec.Conditions.Where((c, i) => (r.UnlessMask & (1u << i)) != 0).Select(c => c.Id).Order(System.StringComparer.Ordinal));
            return $"{s_spec.Components[r.Source].Id} {s_spec.Components[r.Destination].Id} {r.Port}/{r.IPProtocol.Id()} {s_spec.ApplicationProtocols[r.ApplicationProtocol].Id} [{conditions}] unless [{unless}] {r.Note}";
        }).ToList();

        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.Equal(expected.Order(System.StringComparer.Ordinal), actual.Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Inheritance_is_transitive_and_a_nearer_flow_wins()
    {
        // c inherits b inherits a; b redefines a's flow with its own note; c gets a's other flow and b's version.
        const string spec = """
            {
              "specVersion": "1.0.0",
              "product": "P",
              "sources": [{"pageId": "page", "title": "T", "dateRead": "2025-01-01"}],
              "conditions": [ { "id": "opt", "description": "Optional." } ],
              "applicationProtocols": [ { "id": "https", "name": "HTTPS" } ],
              "components": [
                { "id": "a", "name": "A", "description": "A." },
                { "id": "b", "name": "B", "description": "B.", "inherits": "a" },
                { "id": "c", "name": "C", "description": "C.", "inherits": "b", "condition": "opt" },
                { "id": "d", "name": "D", "description": "D." }
              ],
              "regions": [],
              "notes": [],
              "flows": [
                { "source": "a", "destination": "d", "port": 1, "ipProtocols": ["tcp"], "applicationProtocol": "https", "note": "from a" },
                { "source": "a", "destination": "d", "port": 2, "ipProtocols": ["udp", "tcp"], "applicationProtocol": "https" },
                { "source": "b", "destination": "d", "port": 1, "ipProtocols": ["tcp"], "applicationProtocol": "https", "note": "from b" }
              ]
            }
            """;
        RequirementSpec model = Compile(spec);
        string[] rows = [.. model.Flows.Select(r => $"{model.Components[r.Source].Id}->{model.Components[r.Destination].Id} {r.Port}/{r.IPProtocol.Id()} {r.ConditionMask} {r.Note}")];
        Assert.Equal(
            new[]
            {
                "a->d 1/tcp 0 from a", "a->d 2/tcp 0 ", "a->d 2/udp 0 ",
                "b->d 1/tcp 0 from b", "b->d 2/tcp 0 ", "b->d 2/udp 0 ",
                "c->d 1/tcp 1 from b", "c->d 2/tcp 1 ", "c->d 2/udp 1 ",
            },
            rows.Order(System.StringComparer.Ordinal));

        GeneratorRun run = Harness.Run(spec);
        Assert.Empty(run.Diagnostics);
        Harness.AssertCompilesCleanly(run.OutputCompilation, specLacksRuntimeMembers: true);
    }

    [Fact]
    public void Lists_keep_the_spec_order_and_regions_hold_their_subnets_in_order()
    {
        Assert.Equal(RealSpecTests.SpecIds("components"), s_spec.Components.Select(c => c.Id));
        Assert.Equal(RealSpecTests.SpecIds("conditions"), s_spec.Conditions.Select(c => c.Id));
        RegionItem australia = s_spec.Regions.Single(r => r.Id == "australia");
        Assert.Equal(
            [new SubnetItem((3u << 24) | (26u << 16) | (127u << 8) | 96u, 27), new SubnetItem((18u << 24) | (98u << 16) | (193u << 8) | 32u, 27)],
            australia.Subnets);
        Assert.Equal("Australia", australia.MemberName);
        Assert.Equal(
            ["3.140.136.224/27", "18.97.19.0/27", "18.97.133.160/27", "34.205.5.0/27"],
            s_spec.Regions.Single(r => r.Id == "usa").Subnets.Select(n => n.ToString()));
    }

    private static RequirementSpec Compile(string text)
    {
        SpecResult result = SpecCompiler.Compile(Repo.SpecPath, text, CancellationToken.None);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Spec);
        return result.Spec;
    }

    private static int Index(string componentId) => s_spec.Components.Select(c => c.Id).ToList().IndexOf(componentId);

    private static FlowRow[] Rows(string source, string destination, int port) =>
        [.. s_spec.Flows.Where(f => f.Source == Index(source) && f.Destination == Index(destination) && f.Port == port)];

    private static uint Mask(params string[] conditionIds)
    {
        uint mask = 0;
        foreach (string id in conditionIds)
        {
            int bit = s_spec.Conditions.Select(c => c.Id).ToList().IndexOf(id);
            Assert.True(bit >= 0, "no condition " + id);
            mask |= 1u << bit;
        }

        return mask;
    }
}
