using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Net;

namespace Swp.Requirements.Specs;

/// <summary>
/// Checks a <see cref="SpecDocument"/>'s meaning (IDs, references, CIDRs, duplicates,
/// inheritance) and compiles it into a <see cref="RequirementSpec"/>: inheritance expanded,
/// one row per IP protocol, each row's conditions resolved to a bit mask.
/// </summary>
internal sealed class SpecValidator
{
    private readonly SpecDocument _spec;
    private readonly DiagnosticBag _bag;
    private readonly IReadOnlyList<ReleasedIds> _released;

    private SpecValidator(SpecDocument spec, DiagnosticBag bag, IReadOnlyList<ReleasedIds> released)
    {
        _spec = spec;
        _bag = bag;
        _released = released;
    }

    /// <summary>
    /// Validates and compiles; returns null when any error was reported. <paramref name="released"/>:
    /// the IDs of released spec versions, whose enum values this spec must keep (SWP0019).
    /// </summary>
    public static RequirementSpec? Validate(SpecDocument spec, DiagnosticBag bag, CancellationToken cancellationToken, IReadOnlyList<ReleasedIds>? released = null) =>
        new SpecValidator(spec, bag, released ?? []).Run(cancellationToken);

    private RequirementSpec? Run(CancellationToken cancellationToken)
    {
        if (_spec.SpecVersion is { } version && !IsSemVer(version.Value))
        {
            _bag.Add(FindingDescriptors.InvalidValue.Id, version.Range, version.Value, "specVersion", "a version MAJOR.MINOR.PATCH such as 1.0.0");
        }

        foreach (SourceDocument source in _spec.Sources)
        {
            if (source.DateRead is { } date && !IsDate(date.Value))
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, date.Range, date.Value, "dateRead", "a date YYYY-MM-DD");
            }
        }

        Declare("source", _spec.Sources.Select(s => s.PageId), reserved: []);

        Dictionary<string, int> conditions = Declare("condition", _spec.Conditions.Select(c => c.Id), reserved: ["None", "All"]);
        Dictionary<string, int> protocols = Declare("application protocol", _spec.ApplicationProtocols.Select(p => p.Id), reserved: []);
        Dictionary<string, int> components = Declare("component", _spec.Components.Select(c => c.Id), reserved: []);
        Dictionary<string, int> regions = Declare("region", _spec.Regions.Select(r => r.Id), reserved: []);
        Declare("note", _spec.Notes.Select(n => n.Id), reserved: []);
        Declare("named port", _spec.NamedPorts.Select(n => n.Id), reserved: []);

        if (_spec.Conditions.Count > 32)
        {
            _bag.Add(FindingDescriptors.TooManyConditions.Id, _spec.Conditions[32].Id.Range, _spec.Conditions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        CheckCapacity("component", "Component", _spec.Components.Select(c => c.Id).ToList());
        CheckCapacity("region", "Region", _spec.Regions.Select(r => r.Id).ToList());
        CheckCapacity("application protocol", "ApplicationProtocol", _spec.ApplicationProtocols.Select(p => p.Id).ToList());
        foreach (ReleasedIds released in _released)
        {
            CheckReleased("condition", "bit", released.Version, released.Conditions, _spec.Conditions.Select(c => c.Id).ToList());
            CheckReleased("application protocol", "value", released.Version, released.ApplicationProtocols, _spec.ApplicationProtocols.Select(p => p.Id).ToList());
            CheckReleased("component", "value", released.Version, released.Components, _spec.Components.Select(c => c.Id).ToList());
            CheckReleased("region", "value", released.Version, released.Regions, _spec.Regions.Select(r => r.Id).ToList());
            CheckReleased("named port", "value", released.Version, released.NamedPorts, _spec.NamedPorts.Select(n => n.Id).ToList());
        }

        foreach (ComponentDocument component in _spec.Components)
        {
            Resolve(component.Condition, "condition", conditions);
            Resolve(component.Inherits, "component", components);
        }

        CheckInheritanceCycles(components);
        List<RegionItem> regionItems = CompileRegions();
        List<FlowRow> rows = CompileFlows(components, conditions, protocols, cancellationToken);
        List<NamedPortItem> namedPorts = CompileNamedPorts(components, rows);
        List<DomainItem> domains = CompileDomains(components, regions);

        if (_bag.HasErrors || _spec.Sources.Count == 0 || _spec.SpecVersion is null || _spec.Product is null)
        {
            return null;
        }

        return new RequirementSpec(
            _spec.SpecVersion.Value.Value,
            _spec.Product,
            _spec.Sources.Select(s => new SourceInfo(s.PageId.Value, s.Title, s.Copyright, s.DateRead?.Value ?? "")).ToEquatableArray(),
            _spec.Conditions.Select(c => Named(c.Id.Value, c.Id.Value, c.Text)).ToEquatableArray(),
            _spec.ApplicationProtocols.Select(p => Named(p.Id.Value, p.Text, p.Text)).ToEquatableArray(),
            _spec.Components.Select(c => new ComponentItem(
                c.Id.Value,
                Naming.ToMemberName(c.Id.Value),
                c.Name,
                c.Description,
                c.Condition is { } k && conditions.TryGetValue(k.Value, out int bit) ? bit : -1,
                c.DynamicAddresses,
                c.HostLocal)).ToEquatableArray(),
            regionItems.ToEquatableArray(),
            _spec.Notes.Select(n => new NoteItem(n.Id.Value, n.Text)).ToEquatableArray(),
            rows.ToEquatableArray(),
            namedPorts.ToEquatableArray(),
            domains.ToEquatableArray());
    }

    private static NamedItem Named(string id, string name, string description) =>
        new(id, Naming.ToMemberName(id), name, description);

    /// <summary>Checks a list of IDs (format, duplicates, C# name clashes) and maps each valid ID to its index.</summary>
    private Dictionary<string, int> Declare(string kind, IEnumerable<Located<string>> ids, string[] reserved)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byMember = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string r in reserved)
        {
            byMember[r] = "";
        }

        int index = 0;
        foreach (Located<string> id in ids)
        {
            int i = index++;
            if (!Naming.IsValidId(id.Value))
            {
                _bag.Add(FindingDescriptors.InvalidId.Id, id.Range, id.Value);
                continue;
            }

            if (byId.ContainsKey(id.Value))
            {
                _bag.Add(FindingDescriptors.DuplicateId.Id, id.Range, kind, id.Value);
                continue;
            }

            // PascalCase names never are C# keywords (those are lower-case), so only clashes remain.
            string member = Naming.ToMemberName(id.Value);
            if (byMember.TryGetValue(member, out string? other))
            {
                string clash = other.Length == 0 ? "is reserved" : $"is also the name of '{other}'";
                _bag.Add(FindingDescriptors.IdentifierCollision.Id, id.Range, kind, id.Value, member, clash);
            }
            else
            {
                byMember[member] = id.Value;
            }

            byId[id.Value] = i;
        }

        return byId;
    }

    private int? Resolve(Located<string>? reference, string kind, Dictionary<string, int> declared)
    {
        if (reference is not { } r)
        {
            return null;
        }

        if (declared.TryGetValue(r.Value, out int index))
        {
            return index;
        }

        _bag.Add(FindingDescriptors.UnknownReference.Id, r.Range, kind, r.Value, Naming.DidYouMean(r.Value, declared.Keys.ToList()));
        return null;
    }

    private void CheckInheritanceCycles(Dictionary<string, int> components)
    {
        foreach (ComponentDocument start in _spec.Components)
        {
            var path = new List<string> { start.Id.Value };
            ComponentDocument? current = start;
            while (current?.Inherits is { } parent && components.TryGetValue(parent.Value, out int parentIndex))
            {
                path.Add(parent.Value);
                if (parent.Value == start.Id.Value)
                {
                    _bag.Add(FindingDescriptors.InheritanceCycle.Id, start.Inherits!.Value.Range, start.Id.Value, string.Join(" -> ", path));
                    break;
                }

                if (path.Count > _spec.Components.Count + 1)
                {
                    break; // a cycle that does not pass through start; reported from its own members
                }

                current = _spec.Components[parentIndex];
            }
        }
    }

    private List<RegionItem> CompileRegions()
    {
        var items = new List<RegionItem>();
        var all = new List<(SubnetItem Subnet, string Region, Located<string> At)>();
        foreach (RegionDocument region in _spec.Regions)
        {
            var subnets = new List<SubnetItem>();
            if (region.Cidrs is { Count: 0 })
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, region.Range, "[]", "cidrs", "at least one subnet");
            }

            foreach (Located<string> cidr in region.Cidrs ?? [])
            {
                if (Subnet(cidr) is not { } subnet)
                {
                    continue;
                }

                foreach ((SubnetItem other, string otherRegion, _) in all)
                {
                    if (Overlap(subnet, other))
                    {
                        _bag.Add(FindingDescriptors.OverlappingSubnets.Id, cidr.Range, cidr.Value, region.Id.Value, other.ToString(), otherRegion);
                    }
                }

                subnets.Add(subnet);
                all.Add((subnet, region.Id.Value, cidr));
            }

            items.Add(new RegionItem(region.Id.Value, Naming.ToMemberName(region.Id.Value), region.Name, subnets.ToEquatableArray()));
        }

        return items;
    }

    private SubnetItem? Subnet(Located<string> cidr)
    {
        Ipv4TextError error = Ipv4Text.TryParseCidr(cidr.Value.AsSpan(), out uint network, out int prefix);
        if (error != Ipv4TextError.None)
        {
            _bag.Add(FindingDescriptors.InvalidCidr.Id, cidr.Range, cidr.Value, Ipv4Text.Describe(error));
            return null;
        }

        return new SubnetItem(network, prefix);
    }

    private static bool Overlap(SubnetItem a, SubnetItem b)
    {
        int prefix = Math.Min(a.PrefixLength, b.PrefixLength);
        uint mask = Ipv4Text.MaskOf(prefix);
        return (a.Network & mask) == (b.Network & mask);
    }

    private List<NamedPortItem> CompileNamedPorts(Dictionary<string, int> components, List<FlowRow> rows)
    {
        var items = new List<NamedPortItem>();
        foreach (NamedPortDocument named in _spec.NamedPorts)
        {
            if (Resolve(named.Destination, "component", components) is not int destination)
            {
                continue;
            }

            if (!_bag.HasErrors && !rows.Any(r => r.Destination == destination && r.Port == named.Port.Value))
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, named.Port.Range, named.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "port",
                    $"a port some flow to '{named.Destination.Value}' uses");
                continue;
            }

            items.Add(new NamedPortItem(named.Id.Value, Naming.ToMemberName(named.Id.Value), named.Description, destination, named.Port.Value));
        }

        return items;
    }

    private List<DomainItem> CompileDomains(Dictionary<string, int> components, Dictionary<string, int> regions)
    {
        var items = new List<DomainItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (DomainDocument domain in _spec.Domains)
        {
            if (!IsDomainName(domain.Name.Value))
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, domain.Name.Range, domain.Name.Value, "name", "a domain name: labels of a-z, 0-9 and '-', separated by '.', optionally starting with '*.'");
                continue;
            }

            if (!seen.Add(domain.Name.Value))
            {
                _bag.Add(FindingDescriptors.DuplicateId.Id, domain.Name.Range, "domain", domain.Name.Value);
                continue;
            }

            var regionIndexes = new List<int>();
            bool everyRegion = false;
            foreach (Located<string> region in domain.Regions ?? [])
            {
                if (region.Value == "all")
                {
                    everyRegion = true;
                }
                else if (Resolve(region, "region", regions) is int r)
                {
                    regionIndexes.Add(r);
                }
            }

            if (domain.Regions is { Count: 0 } || (everyRegion && domain.Regions!.Count > 1))
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, domain.Name.Range, domain.Name.Value, "regions", "[\"all\"] or a list of region IDs");
            }

            var cidrs = new List<SubnetItem>();
            foreach (Located<string> cidr in domain.Cidrs)
            {
                if (Subnet(cidr) is { } subnet)
                {
                    cidrs.Add(subnet);
                }
            }

            int component = Resolve(domain.Component, "component", components) ?? -1;
            items.Add(new DomainItem(domain.Name.Value, (everyRegion ? [] : regionIndexes).ToEquatableArray(), cidrs.ToEquatableArray(), component, domain.Note));
        }

        return items;
    }

    /// <summary>A domain name by the one rule (<see cref="Swp.Requirements.Net.DomainNameText"/>), written as the spec keeps names: in lower case.</summary>
    private static bool IsDomainName(string name) =>
        Swp.Requirements.Net.DomainNameText.IsValid(name) && string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal);

    private List<FlowRow> CompileFlows(
        Dictionary<string, int> components,
        Dictionary<string, int> conditions,
        Dictionary<string, int> protocols,
        CancellationToken cancellationToken)
    {
        // The explicit flows of each source component, resolved, one row per IP protocol.
        var own = new List<FlowRow>[_spec.Components.Count];
        for (int i = 0; i < own.Length; i++)
        {
            own[i] = [];
        }

        var seen = new HashSet<(int, int, int, IpProtocolKind)>();
        foreach (FlowDocument flow in _spec.Flows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int? source = Resolve(flow.Source, "component", components);
            int? destination = Resolve(flow.Destination, "component", components);
            int? protocol = Resolve(flow.ApplicationProtocol, "application protocol", protocols);
            uint mask = Mask(flow.Conditions, conditions);
            uint unless = Mask(flow.Unless, conditions);

            List<IpProtocolKind> ipProtocols = IpProtocols(flow);
            if (source is not int s || destination is not int d || protocol is not int p)
            {
                continue;
            }

            foreach (IpProtocolKind ip in ipProtocols)
            {
                if (!seen.Add((s, d, flow.Port.Value, ip)))
                {
                    string key = $"{flow.Source.Value} -> {flow.Destination.Value} {flow.Port.Value}/{ip.Id()}";
                    _bag.Add(FindingDescriptors.DuplicateFlow.Id, flow.Range, key);
                    continue;
                }

                own[s].Add(new FlowRow(s, d, flow.Port.Value, ip, p, mask, unless, _spec.Components[d].HostLocal, flow.Note));
            }
        }

        if (_bag.HasErrors)
        {
            return [];
        }

        var rows = new List<FlowRow>();
        for (int c = 0; c < own.Length; c++)
        {
            var keys = new HashSet<(int, int, IpProtocolKind)>();
            foreach (FlowRow row in own[c])
            {
                keys.Add((row.Destination, row.Port, row.IPProtocol));
                rows.Add(WithComponentConditions(row, conditions));
            }

            // Inherited flows: every flow each ancestor starts, re-sourced, unless this component lists it itself.
            var visited = new HashSet<int> { c };
            for (int? parent = Parent(c, components); parent is int p && visited.Add(p); parent = Parent(p, components))
            {
                foreach (FlowRow row in own[p])
                {
                    if (keys.Add((row.Destination, row.Port, row.IPProtocol)))
                    {
                        rows.Add(WithComponentConditions(row with { Source = c }, conditions));
                    }
                }
            }
        }

        // Table order: the order of Flows.All, of every deployment's flows and of the generated classes.
        return [.. rows.OrderBy(f => f.Source).ThenBy(f => f.Destination).ThenBy(f => f.Port).ThenBy(f => f.IPProtocol)];
    }

    private uint Mask(IReadOnlyList<Located<string>> ids, Dictionary<string, int> conditions)
    {
        uint mask = 0;
        foreach (Located<string> condition in ids)
        {
            if (Resolve(condition, "condition", conditions) is int c and < 32)
            {
                mask |= 1u << c;
            }
        }

        return mask;
    }

    private int? Parent(int component, Dictionary<string, int> components) =>
        _spec.Components[component].Inherits is { } parent && components.TryGetValue(parent.Value, out int index) ? index : null;

    /// <summary>A flow from or to a component that exists only under a condition needs that condition too.</summary>
    private FlowRow WithComponentConditions(FlowRow row, Dictionary<string, int> conditions)
    {
        uint mask = row.ConditionMask;
        foreach (int component in new[] { row.Source, row.Destination })
        {
            if (_spec.Components[component].Condition is { } condition && conditions.TryGetValue(condition.Value, out int bit) && bit < 32)
            {
                mask |= 1u << bit;
            }
        }

        return row with { ConditionMask = mask };
    }

    private List<IpProtocolKind> IpProtocols(FlowDocument flow)
    {
        var list = new List<IpProtocolKind>();
        if (flow.IpProtocols.Count == 0)
        {
            _bag.Add(FindingDescriptors.InvalidValue.Id, flow.Range, "[]", "ipProtocols", "at least one of \"tcp\", \"udp\"");
        }

        foreach (Located<string> value in flow.IpProtocols)
        {
            IpProtocolKind? kind = Net.IpProtocols.TryParseId(value.Value.AsSpan(), out byte number) ? (IpProtocolKind)number : null;
            if (kind is not { } k)
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, value.Range, value.Value, "ipProtocols", "\"tcp\" or \"udp\"");
            }
            else if (list.Contains(k))
            {
                _bag.Add(FindingDescriptors.InvalidValue.Id, value.Range, value.Value, "ipProtocols", "each IP protocol once");
            }
            else
            {
                list.Add(k);
            }
        }

        return list;
    }

    private static bool IsSemVer(string text)
    {
        string[] parts = text.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(char.IsDigit) && (p.Length == 1 || p[0] != '0'));
    }

    private static bool IsDate(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    /// <summary>
    /// The one numbering rule of the generated enums: an ID's value is its position in its list,
    /// so a released list must stay this list's start. Reports the first released ID that moved
    /// or is gone (one finding per list and version: the rest follow from it).
    /// </summary>
    private void CheckReleased(string kind, string valueName, string version, EquatableArray<string> released, List<Located<string>> ids)
    {
        for (int i = 0; i < released.Count; i++)
        {
            if (i < ids.Count && ids[i].Value == released[i])
            {
                continue;
            }

            int now = ids.FindIndex(id => id.Value == released[i]);
            TextRange range = now >= 0 ? ids[now].Range : i < ids.Count ? ids[i].Range : ids.Count > 0 ? ids[ids.Count - 1].Range : default;
            string here = now >= 0
                ? $"here it is {valueName} {now.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                : "here it is not declared";
            _bag.Add(FindingDescriptors.ReleasedValueChanged.Id, range, kind, released[i], valueName, i.ToString(System.Globalization.CultureInfo.InvariantCulture), version, here);
            return;
        }
    }

    private void CheckCapacity(string kind, string enumName, List<Located<string>> ids)
    {
        if (ids.Count > RequirementSpec.EnumCapacity)
        {
            _bag.Add(FindingDescriptors.TooManyIds.Id, ids[RequirementSpec.EnumCapacity].Range, ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), kind,
                RequirementSpec.EnumCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture), enumName);
        }
    }
}
