using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using FsCheck.Xunit;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// Laws of the spec comparison (<see cref="SpecDiff"/>, behind <c>swp-ports diff</c> and the
/// release notes), on pairs of specs made by random edits of the real one (subnets, domains and
/// flows added, removed and changed, IDs added, notes changed): applying the changes from OLD to
/// NEW to OLD's facts gives NEW's facts; a spec against itself has no change; and the comparison
/// the other way round adds what this one removes.
/// </summary>
public class SpecDiffLawProperties
{
    private static readonly JsonObject s_real = JsonNode.Parse(Repo.SpecText)!.AsObject();

    [Property(MaxTest = 150)]
    public bool Applying_the_changes_to_old_gives_new(int oldSeed, int newSeed)
    {
        string oldText = Edit(oldSeed);
        string newText = Edit(newSeed);
        // The oracle reads the JSON itself (Facts.Of), never SpecDiff's own fact extraction.
        Facts applied = Facts.Of(oldText).Apply(SpecDiff.Compare(Compile(oldText), Compile(newText)));
        Facts expected = Facts.Of(newText);
        return applied.SameAs(expected);
    }

    [Property(MaxTest = 100)]
    public bool A_spec_against_itself_has_no_change(int seed)
    {
        RequirementSpec spec = Compile(Edit(seed));
        return SpecDiff.Compare(spec, Compile(Edit(seed))).Count == 0;
    }

    [Property(MaxTest = 100)]
    public bool The_other_way_round_adds_what_this_way_removes(int oldSeed, int newSeed)
    {
        RequirementSpec old = Compile(Edit(oldSeed));
        RequirementSpec current = Compile(Edit(newSeed));
        List<SpecChange> forward = SpecDiff.Compare(old, current);
        List<SpecChange> backward = SpecDiff.Compare(current, old);
        static IEnumerable<(string, string)> Of(List<SpecChange> changes, string kind) => changes.Where(c => c.Kind == kind).Select(c => (c.Subject, c.Value)).Order();
        return Of(forward, SpecDiff.AddedSubnet).SequenceEqual(Of(backward, SpecDiff.RemovedSubnet))
            && Of(forward, SpecDiff.RemovedSubnet).SequenceEqual(Of(backward, SpecDiff.AddedSubnet))
            && Of(forward, SpecDiff.AddedDomain).SequenceEqual(Of(backward, SpecDiff.RemovedDomain))
            && Of(forward, SpecDiff.AddedId).SequenceEqual(Of(backward, SpecDiff.RemovedId))
            && forward.Count(c => c.Kind == SpecDiff.ChangedFlow) == backward.Count(c => c.Kind == SpecDiff.ChangedFlow)
            && forward.Count(c => c.Kind == SpecDiff.AddedFlow) == backward.Count(c => c.Kind == SpecDiff.RemovedFlow);
    }

    [Fact]
    public void The_edits_make_real_differences()
    {
        // The laws above are only as strong as the edits: every kind of change must come up.
        // Both ways, so that what one edit adds the other removes (an added ID comes back as removed-id).
        var changes = new List<SpecChange>();
        for (int seed = 1; seed <= 40; seed++)
        {
            changes.AddRange(SpecDiff.Compare(Compile(Edit(0)), Compile(Edit(seed))));
            changes.AddRange(SpecDiff.Compare(Compile(Edit(seed)), Compile(Edit(0))));
        }

        Assert.Equal(
            [SpecDiff.AddedDomain, SpecDiff.AddedFlow, SpecDiff.AddedId, SpecDiff.AddedSubnet, SpecDiff.ChangedComponent, SpecDiff.ChangedFlow, SpecDiff.ChangedNote, SpecDiff.RemovedDomain, SpecDiff.RemovedFlow, SpecDiff.RemovedId, SpecDiff.RemovedSubnet],
            changes.Select(c => c.Kind).Distinct().Order(StringComparer.Ordinal));

        // Both forms of a changed flow: a new port ("now KEY FACTS") and new facts under the same key.
        Assert.Contains(changes, c => c.Kind == SpecDiff.ChangedFlow && c.Value.StartsWith("now ", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Kind == SpecDiff.ChangedFlow && c.Value.StartsWith("protocol=", StringComparison.Ordinal));
    }

    private static RequirementSpec Compile(string text)
    {
        SpecResult result = SpecCompiler.Compile("edited.json", text, CancellationToken.None);
        return result.Spec ?? throw new InvalidOperationException("an edit broke the spec: " + string.Join("; ", result.Diagnostics.Select(d => d.Id + " " + string.Join(",", d.Arguments))));
    }

    /// <summary>The real spec with a few random edits; seed 0 is the real spec unchanged.</summary>
    private static string Edit(int seed)
    {
        JsonObject spec = s_real.DeepClone().AsObject();
        if (seed == 0)
        {
            return spec.ToJsonString();
        }

        var random = new Random(seed);
        JsonArray regions = spec["regions"]!.AsArray();
        JsonArray domains = spec["domains"]!.AsArray();
        JsonArray flows = spec["flows"]!.AsArray();
        JsonArray notes = spec["notes"]!.AsArray();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(10))
            {
                case 8:
                    // A component that becomes (or stops being) the same computer: changed-component, and its flows change.
                    JsonArray components = spec["components"]!.AsArray();
                    JsonObject component = components[random.Next(components.Count)]!.AsObject();
                    if (component["dynamicAddresses"] is null)
                    {
                        component["hostLocal"] = !(component["hostLocal"]?.GetValue<bool>() ?? false);
                    }

                    break;
                case 0:
                    JsonArray cidrs = regions[random.Next(regions.Count)]!["cidrs"]!.AsArray();
                    if (cidrs.Count > 1)
                    {
                        cidrs.RemoveAt(random.Next(cidrs.Count));
                    }

                    break;
                case 1:
                    // 100.64.0.0/10 holds no vendor subnet; one /27 per seed and edit never overlaps another.
                    regions[random.Next(regions.Count)]!["cidrs"]!.AsArray().Add($"100.{64 + (random.Next(60))}.{random.Next(256)}.{32 * random.Next(8)}/27");
                    break;
                case 2:
                    domains.RemoveAt(random.Next(domains.Count));
                    break;
                case 3:
                    JsonObject domain = domains[0]!.DeepClone().AsObject();
                    domain["name"] = $"added-{random.Next(1000)}.example.com";
                    domain["regions"] = new JsonArray(random.Next(2) == 0 ? "all" : regions[random.Next(regions.Count)]!["id"]!.GetValue<string>());
                    domains.Add(domain);
                    break;
                case 4:
                    flows.RemoveAt(Editable(flows, random));
                    break;
                case 5:
                    flows[Editable(flows, random)]!["port"] = 40000 + random.Next(20000);
                    break;
                case 6:
                    JsonObject flow = flows[random.Next(flows.Count)]!.DeepClone().AsObject();
                    flow["port"] = 20000 + random.Next(20000);
                    flows.Add(flow);
                    break;
                case 7:
                    // Same key, other facts: the application protocol (a "changed-flow" without "now").
                    string[] protocols = ["dns", "ntp", "http", "https", "syslog", "ldap"];
                    flows[Editable(flows, random)]!["applicationProtocol"] = protocols[random.Next(protocols.Length)];
                    break;
                default:
                    notes[random.Next(notes.Count)]!["text"] = $"Edited note {random.Next(1000)}.";
                    if (random.Next(4) == 0)
                    {
                        JsonObject condition = spec["conditions"]!.AsArray()[0]!.DeepClone().AsObject();
                        condition["id"] = "added-condition";
                        spec["conditions"]!.AsArray().Add(condition);
                    }

                    break;
            }
        }

        return spec.ToJsonString();
    }

    /// <summary>A flow that may be removed or given another port: not one to the web proxy, whose port the named port <c>proxy</c> names (SWP0014).</summary>
    private static int Editable(JsonArray flows, Random random)
    {
        while (true)
        {
            int i = random.Next(flows.Count);
            if (flows[i]!["destination"]!.GetValue<string>() != "web-proxy")
            {
                return i;
            }
        }
    }

    /// <summary>
    /// What the comparison compares, as sets and maps: IDs, components' meaning, subnets, domains,
    /// flows, notes. Read from the spec's JSON by this test's own reading of the spec's rules
    /// (flows expanded through "inherits", a component's condition added to its flows), never by
    /// the code under test, so the laws do not share its blind spots.
    /// </summary>
    private sealed record Facts(HashSet<(string, string)> Ids, Dictionary<string, string> Components, HashSet<(string, string)> Subnets, HashSet<(string, string)> Domains, Dictionary<string, string> Flows, Dictionary<string, string> Notes)
    {
        public static Facts Of(string json)
        {
            JsonObject spec = JsonNode.Parse(json)!.AsObject();
            static IEnumerable<JsonObject> Items(JsonObject spec, string name) => spec[name]?.AsArray().Select(n => n!.AsObject()) ?? [];
            static string Text(JsonNode? node) => node!.GetValue<string>();
            static bool Flag(JsonObject o, string name) => o[name]?.GetValue<bool>() ?? false;

            var ids = new HashSet<(string, string)>();
            foreach ((string list, string kind) in new[] { ("components", "component"), ("conditions", "condition"), ("regions", "region"), ("applicationProtocols", "application-protocol"), ("namedPorts", "named-port") })
            {
                ids.UnionWith(Items(spec, list).Select(o => (kind, Text(o["id"]))));
            }

            Dictionary<string, JsonObject> components = Items(spec, "components").ToDictionary(c => Text(c["id"]), StringComparer.Ordinal);
            string[] conditions = [.. Items(spec, "conditions").Select(c => Text(c["id"]))];
            var componentFacts = components.ToDictionary(
                c => c.Key,
                c => $"condition={(c.Value["condition"] is { } k ? Text(k) : "none")} dynamic-addresses={(Flag(c.Value, "dynamicAddresses") ? "true" : "false")} host-local={(Flag(c.Value, "hostLocal") ? "true" : "false")}",
                StringComparer.Ordinal);

            var subnets = new HashSet<(string, string)>(Items(spec, "regions").SelectMany(r => r["cidrs"]!.AsArray().Select(c => (Text(r["id"]), Text(c)))));
            var domains = new HashSet<(string, string)>();
            foreach (JsonObject d in Items(spec, "domains"))
            {
                string[] regions = [.. (d["regions"]?.AsArray() ?? []).Select(Text)];
                string[] cidrs = [.. (d["cidrs"]?.AsArray() ?? []).Select(Text)];
                string value = cidrs.Length == 0 ? Text(d["name"]) : Text(d["name"]) + " " + string.Join(" ", cidrs);
                foreach (string region in regions.Length == 0 || regions.Contains("all") ? ["all"] : regions)
                {
                    domains.Add((region, value));
                }
            }

            // Each source's own flows, one per IP protocol; then each component's, with its ancestors' re-sourced.
            var own = new Dictionary<string, List<(string Destination, int Port, string Ip, JsonObject Flow)>>(StringComparer.Ordinal);
            foreach (JsonObject f in Items(spec, "flows"))
            {
                string source = Text(f["source"]);
                if (!own.TryGetValue(source, out var list))
                {
                    own[source] = list = [];
                }

                foreach (JsonNode? ip in f["ipProtocols"]!.AsArray())
                {
                    list.Add((Text(f["destination"]), f["port"]!.GetValue<int>(), Text(ip), f));
                }
            }

            var flows = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string c in components.Keys)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal) { c };
                for (string? at = c; at is not null; at = components[at]["inherits"] is { } parent && seen.Add(Text(parent)) ? Text(parent) : null)
                {
                    foreach ((string destination, int port, string ip, JsonObject f) in own.GetValueOrDefault(at) ?? [])
                    {
                        string key = $"{c}->{destination} {port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{ip}";
                        if (flows.ContainsKey(key))
                        {
                            continue; // the component's own flow (or a nearer ancestor's) wins
                        }

                        var needed = new HashSet<string>((f["conditions"]?.AsArray() ?? []).Select(Text), StringComparer.Ordinal);
                        foreach (string end in new[] { c, destination })
                        {
                            if (components[end]["condition"] is { } k)
                            {
                                needed.Add(Text(k));
                            }
                        }

                        string[] unless = [.. conditions.Where(k => (f["unless"]?.AsArray() ?? []).Select(Text).Contains(k))];
                        string mask = needed.Count == 0 ? "none" : string.Join("+", conditions.Where(needed.Contains));
                        flows[key] = "protocol=" + Text(f["applicationProtocol"]) + " conditions=" + mask
                            + (unless.Length == 0 ? "" : " unless=" + string.Join("+", unless))
                            + (Flag(components[destination], "hostLocal") ? " host-local" : "");
                    }
                }
            }

            return new Facts(ids, componentFacts, subnets, domains, flows, Items(spec, "notes").ToDictionary(n => Text(n["id"]), n => Text(n["text"]), StringComparer.Ordinal));
        }

        /// <summary>These facts with <paramref name="changes"/> applied, read as <c>swp-ports diff</c> documents them.</summary>
        public Facts Apply(List<SpecChange> changes)
        {
            var ids = new HashSet<(string, string)>(Ids);
            var components = new Dictionary<string, string>(Components, StringComparer.Ordinal);
            var subnets = new HashSet<(string, string)>(Subnets);
            var domains = new HashSet<(string, string)>(Domains);
            var flows = new Dictionary<string, string>(Flows, StringComparer.Ordinal);
            var notes = new Dictionary<string, string>(Notes, StringComparer.Ordinal);
            foreach (SpecChange change in changes)
            {
                switch (change.Kind)
                {
                    case SpecDiff.AddedId: Assert.True(ids.Add((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.RemovedId: Assert.True(ids.Remove((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.AddedSubnet: Assert.True(subnets.Add((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.RemovedSubnet: Assert.True(subnets.Remove((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.AddedDomain: Assert.True(domains.Add((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.RemovedDomain: Assert.True(domains.Remove((change.Subject, change.Value)), change.ToString()); break;
                    case SpecDiff.AddedFlow: flows.Add(change.Subject, change.Value); break;
                    case SpecDiff.RemovedFlow: Assert.True(flows.Remove(change.Subject), change.ToString()); break;
                    case SpecDiff.ChangedFlow when change.Value.StartsWith("now ", StringComparison.Ordinal):
                        // A new port or IP protocol: "now KEY FACTS", the key being "source->destination port/transport".
                        int facts = change.Value.IndexOf(" protocol=", StringComparison.Ordinal);
                        Assert.True(flows.Remove(change.Subject), change.ToString());
                        flows.Add(change.Value[4..facts], change.Value[(facts + 1)..]);
                        break;
                    case SpecDiff.ChangedFlow:
                        Assert.True(flows.ContainsKey(change.Subject), change.ToString());
                        flows[change.Subject] = change.Value;
                        break;
                    case SpecDiff.ChangedNote when change.Value == "(removed)": Assert.True(notes.Remove(change.Subject), change.ToString()); break;
                    case SpecDiff.ChangedNote: notes[change.Subject] = change.Value; break;
                    case SpecDiff.ChangedComponent:
                        Assert.True(components.ContainsKey(change.Subject), change.ToString());
                        components[change.Subject] = change.Value;
                        break;
                    case SpecDiff.ChangedSource: break; // a source's summary, not its facts: not applied here
                    default: throw new InvalidOperationException("unknown change kind " + change.Kind);
                }
            }

            return new Facts(ids, components, subnets, domains, flows, notes);
        }

        public bool SameAs(Facts other) =>
            Ids.SetEquals(other.Ids) && Components.Count == other.Components.Count && Components.All(c => other.Components.TryGetValue(c.Key, out string? v) && v == c.Value)
            && Subnets.SetEquals(other.Subnets) && Domains.SetEquals(other.Domains)
            && Flows.Count == other.Flows.Count && Flows.All(f => other.Flows.TryGetValue(f.Key, out string? v) && v == f.Value)
            && Notes.Count == other.Notes.Count && Notes.All(n => other.Notes.TryGetValue(n.Key, out string? v) && v == n.Value);
    }
}
