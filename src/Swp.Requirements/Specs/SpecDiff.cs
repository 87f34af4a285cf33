using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Specs;

/// <summary>
/// One change between two spec versions, classified like Microsoft 365's endpoint change feed:
/// <see cref="Kind"/> (e.g. <c>added-subnet</c>), <see cref="Subject"/> (the ID concerned: the
/// region for subnets and domains, <c>source-&gt;destination port/transport</c> for flows, the
/// kind for IDs) and <see cref="Value"/> (the CIDR, the domain, the new value).
/// </summary>
internal sealed record SpecChange(string Kind, string Subject, string Value);

/// <summary>
/// The one comparison of two compiled specs: what was added, removed or changed, fact by fact.
/// Used by <c>swp-ports diff</c>, by the release notes, and (through the generator) compiled into
/// the library as its change feed since the previous version.
/// </summary>
internal static class SpecDiff
{
    public const string AddedSubnet = "added-subnet";
    public const string RemovedSubnet = "removed-subnet";
    public const string AddedFlow = "added-flow";
    public const string RemovedFlow = "removed-flow";
    public const string ChangedFlow = "changed-flow";
    public const string AddedDomain = "added-domain";
    public const string RemovedDomain = "removed-domain";
    public const string AddedId = "added-id";
    public const string RemovedId = "removed-id";
    public const string ChangedNote = "changed-note";
    public const string ChangedSource = "changed-source";
    public const string ChangedComponent = "changed-component";

    /// <summary>Every change kind, in the order changes are listed.</summary>
    public static readonly string[] Kinds =
        [AddedId, RemovedId, ChangedComponent, ChangedSource, ChangedNote, AddedSubnet, RemovedSubnet, AddedDomain, RemovedDomain, AddedFlow, RemovedFlow, ChangedFlow];

    /// <summary>The changes from <paramref name="old"/> to <paramref name="current"/>, in a stable order; empty when they state the same facts.</summary>
    public static List<SpecChange> Compare(RequirementSpec old, RequirementSpec current)
    {
        var changes = new List<SpecChange>();
        Ids(changes, "component", old.Components.Select(c => c.Id), current.Components.Select(c => c.Id));
        Ids(changes, "condition", old.Conditions.Select(c => c.Id), current.Conditions.Select(c => c.Id));
        Ids(changes, "region", old.Regions.Select(r => r.Id), current.Regions.Select(r => r.Id));
        Ids(changes, "application-protocol", old.ApplicationProtocols.Select(p => p.Id), current.ApplicationProtocols.Select(p => p.Id));
        Ids(changes, "named-port", old.NamedPorts.Select(p => p.Id), current.NamedPorts.Select(p => p.Id));

        // A component kept under its ID whose meaning changed: the condition it exists under,
        // whether it is reached by domain name (its addresses are the vendor's), whether it is
        // the same computer (its flows never reach the network; each such flow is changed too).
        Dictionary<string, string> oldComponents = old.Components.ToDictionary(c => c.Id, c => ComponentFacts(old, c), StringComparer.Ordinal);
        foreach (ComponentItem component in current.Components)
        {
            string facts = ComponentFacts(current, component);
            if (oldComponents.TryGetValue(component.Id, out string? before) && before != facts)
            {
                changes.Add(new SpecChange(ChangedComponent, component.Id, facts));
            }
        }

        Dictionary<string, SourceInfo> oldSources = old.Sources.ToDictionary(s => s.PageId, StringComparer.Ordinal);
        foreach (SourceInfo source in current.Sources)
        {
            if (!oldSources.TryGetValue(source.PageId, out SourceInfo? before))
            {
                changes.Add(new SpecChange(ChangedSource, source.PageId, $"added: {source.Title}, read {source.DateRead}"));
            }
            else if (before != source)
            {
                changes.Add(new SpecChange(ChangedSource, source.PageId, $"{source.Title}, read {source.DateRead}"));
            }
        }

        foreach (SourceInfo source in old.Sources.Where(s => !current.Sources.Any(c => c.PageId == s.PageId)))
        {
            changes.Add(new SpecChange(ChangedSource, source.PageId, "removed"));
        }

        Dictionary<string, string> oldNotes = old.Notes.ToDictionary(n => n.Id, n => n.Text, StringComparer.Ordinal);
        foreach (NoteItem note in current.Notes)
        {
            if (!oldNotes.TryGetValue(note.Id, out string? text) || text != note.Text)
            {
                changes.Add(new SpecChange(ChangedNote, note.Id, note.Text));
            }
        }

        foreach (NoteItem note in old.Notes.Where(n => !current.Notes.Any(c => c.Id == n.Id)))
        {
            changes.Add(new SpecChange(ChangedNote, note.Id, "(removed)"));
        }

        Pairs(changes, AddedSubnet, RemovedSubnet, Subnets(old), Subnets(current));
        Pairs(changes, AddedDomain, RemovedDomain, Domains(old), Domains(current));
        Flows(changes, old, current);
        return changes;
    }

    /// <summary>What a component means beyond its names: <c>condition=relays dynamic-addresses=false host-local=false</c>.</summary>
    private static string ComponentFacts(RequirementSpec spec, ComponentItem component) =>
        "condition=" + (component.Condition < 0 ? "none" : spec.Conditions[component.Condition].Id)
        + " dynamic-addresses=" + (component.DynamicAddresses ? "true" : "false")
        + " host-local=" + (component.HostLocal ? "true" : "false");

    private static void Ids(List<SpecChange> changes, string kind, IEnumerable<string> old, IEnumerable<string> current)
    {
        var before = new HashSet<string>(old, StringComparer.Ordinal);
        var after = new HashSet<string>(current, StringComparer.Ordinal);
        changes.AddRange(after.Where(id => !before.Contains(id)).Select(id => new SpecChange(AddedId, kind, id)));
        changes.AddRange(before.Where(id => !after.Contains(id)).Select(id => new SpecChange(RemovedId, kind, id)));
    }

    private static void Pairs(List<SpecChange> changes, string added, string removed, List<(string Subject, string Value)> old, List<(string Subject, string Value)> current)
    {
        var before = new HashSet<(string, string)>(old);
        var after = new HashSet<(string, string)>(current);
        changes.AddRange(current.Where(p => !before.Contains(p)).Select(p => new SpecChange(added, p.Subject, p.Value)));
        changes.AddRange(old.Where(p => !after.Contains(p)).Select(p => new SpecChange(removed, p.Subject, p.Value)));
    }

    /// <summary>One (region, subnet) pair per subnet: the facts the subnet changes compare (and the diff laws in the tests apply changes to).</summary>
    public static List<(string Region, string Cidr)> Subnets(RequirementSpec spec) =>
        [.. spec.Regions.SelectMany(r => r.Subnets.Select(n => (r.Id, n.ToString())))];

    /// <summary>One (region or "all", domain) pair per region a name serves; its CIDRs ride along in the value.</summary>
    public static List<(string Region, string Domain)> Domains(RequirementSpec spec) =>
        [.. spec.Domains.SelectMany(d => (d.Regions.Count == 0 ? ["all"] : d.Regions.Select(r => spec.Regions[r].Id)).Select(region =>
            (region, d.Cidrs.Count == 0 ? d.Name : d.Name + " " + string.Join(" ", d.Cidrs.Select(c => c.ToString())))))];

    private static void Flows(List<SpecChange> changes, RequirementSpec old, RequirementSpec current)
    {
        Dictionary<string, string> before = FlowFacts(old);
        Dictionary<string, string> after = FlowFacts(current);
        var added = after.Keys.Where(k => !before.ContainsKey(k)).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).ToList();

        // A flow whose port or IP protocol changed: the same source, destination and application
        // protocol, one removed and one added.
        foreach (string key in added.ToList())
        {
            string pairKey = Endpoints(key) + "|" + Application(after[key]);
            string? match = removed.FirstOrDefault(r => Endpoints(r) + "|" + Application(before[r]) == pairKey);
            if (match is not null)
            {
                changes.Add(new SpecChange(ChangedFlow, match, $"now {key} {after[key]}"));
                added.Remove(key);
                removed.Remove(match);
            }
        }

        foreach (string key in after.Keys.Where(k => before.TryGetValue(k, out string? facts) && facts != after[k]))
        {
            changes.Add(new SpecChange(ChangedFlow, key, after[key]));
        }

        changes.AddRange(added.Select(k => new SpecChange(AddedFlow, k, after[k])));
        changes.AddRange(removed.Select(k => new SpecChange(RemovedFlow, k, before[k])));
    }

    /// <summary>Each flow by its key (<c>source-&gt;destination port/transport</c>) and its other facts as text.</summary>
    public static Dictionary<string, string> FlowFacts(RequirementSpec spec)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (FlowRow f in spec.Flows)
        {
            string key = Swp.Requirements.Deployments.FlowKey.Format(spec.Components[f.Source].Id, spec.Components[f.Destination].Id, f.Port, f.IPProtocol.Id());
            string text = "protocol=" + spec.ApplicationProtocols[f.ApplicationProtocol].Id
                + " conditions=" + Mask(spec, f.ConditionMask)
                + (f.UnlessMask == 0 ? "" : " unless=" + Mask(spec, f.UnlessMask))
                + (f.HostLocal ? " host-local" : "");
            facts[key] = text;
        }

        return facts;
    }

    private static string Endpoints(string key) => key.Substring(0, key.IndexOf(' '));

    private static string Application(string facts) => facts.Substring(0, facts.IndexOf(' '));

    private static string Mask(RequirementSpec spec, uint mask)
    {
        string ids = string.Join("+", Enumerable.Range(0, spec.Conditions.Count).Where(i => (mask & (1u << i)) != 0).Select(i => spec.Conditions[i].Id));
        return ids.Length == 0 ? "none" : ids;
    }

    /// <summary>The changes as Markdown release notes (one section per kind that has changes).</summary>
    public static string ReleaseNotes(string oldVersion, string newVersion, List<SpecChange> changes)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Spec ").Append(newVersion).Append(" against ").Append(oldVersion).Append(": ")
            .Append(changes.Count.ToString(CultureInfo.InvariantCulture)).Append(" change(s).\n");
        foreach (string kind in Kinds)
        {
            List<SpecChange> ofKind = changes.Where(c => c.Kind == kind).ToList();
            if (ofKind.Count == 0)
            {
                continue;
            }

            text.Append("\n### ").Append(kind).Append(" (").Append(ofKind.Count.ToString(CultureInfo.InvariantCulture)).Append(")\n\n");
            foreach (SpecChange c in ofKind)
            {
                text.Append("- `").Append(c.Subject).Append("`: ").Append(c.Value).Append('\n');
            }
        }

        return text.ToString();
    }
}
