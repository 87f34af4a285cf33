using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Specs;
using Swp.Requirements.Json;
using Swp.Requirements.Net;

namespace Swp.Requirements.Deployments;

/// <summary>
/// Resolves a <see cref="DeploymentDocument"/>'s IDs, addresses, ports, scope and exclusions
/// against the spec (reporting each fault where it stands), builds the shared
/// <see cref="ResolvedDeployment"/>, and turns the shared coverage check of its <c>allow</c>
/// rules into diagnostics. The meaning of a deployment and of coverage lives in the shared
/// source (Deployments/, Coverage/); this class only locates.
/// </summary>
internal sealed class DeploymentChecker
{
    private readonly RequirementSpec _spec;
    private readonly SpecFacts _facts;
    private readonly DeploymentDocument _document;
    private readonly DiagnosticBag _bag;
    private readonly IReadOnlyList<FirewallText> _firewalls;

    private DeploymentChecker(RequirementSpec spec, DeploymentDocument document, DiagnosticBag bag, IReadOnlyList<FirewallText> firewalls)
    {
        _spec = spec;
        _facts = SpecFactsCache.For(spec);
        _document = document;
        _bag = bag;
        _firewalls = firewalls;
    }

    public static DeploymentModel Check(RequirementSpec spec, DeploymentDocument document, DiagnosticBag bag, IReadOnlyList<FirewallText> firewalls, CancellationToken cancellationToken) =>
        new DeploymentChecker(spec, document, bag, firewalls).Run(cancellationToken);

    private DeploymentModel Run(CancellationToken cancellationToken)
    {
        int region = _document.Region is { } r ? Resolve(r, "region", _facts.RegionIds) : -1;

        uint enabled = 0;
        var conditionAt = new Dictionary<int, TextRange>();
        foreach (Located<string> condition in _document.Conditions)
        {
            int bit = Resolve(condition, "condition", _facts.ConditionIds);
            if (bit >= 0)
            {
                enabled |= 1u << bit;
                conditionAt[bit] = condition.Range;
            }
        }

        int count = _facts.ComponentIds.Count;
        var addresses = new IntervalSet?[count];
        var unreadable = new bool[count];
        var addressItems = new List<AddressItem>();
        bool managerAtVendor = false;
        foreach ((Located<string> component, List<Located<string>> values) in _document.Addresses)
        {
            int c = Resolve(component, "component", _facts.ComponentIds);
            var networks = new List<(uint, int)>();
            foreach (Located<string> value in values)
            {
                if (value.Value == "vendor")
                {
                    // Where the vendor's pages put the manager: resolved with the region (ResolvedDeployment).
                    if (c >= 0 && c != _facts.Manager)
                    {
                        _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, value.Range, "vendor", "addresses of " + _facts.ComponentIds[c], "IPv4 CIDRs or addresses ('vendor' places only " + _facts.ComponentIds[_facts.Manager] + ")");
                        unreadable[c] = true;
                    }
                    else if (c >= 0 && region < 0)
                    {
                        _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, value.Range, "vendor", "addresses of " + _facts.ComponentIds[c], "IPv4 CIDRs, or \"vendor\" with a \"region\" (the vendor's subnets are per region)");
                        unreadable[c] = true;
                    }
                    else if (c >= 0)
                    {
                        managerAtVendor = true;
                    }

                    continue;
                }

                if (ParseNetwork(value) is { } network)
                {
                    networks.Add(network);
                    if (c >= 0)
                    {
                        addressItems.Add(new AddressItem(c, network.Network, network.Prefix));
                    }
                }
                else if (c >= 0)
                {
                    unreadable[c] = true; // reported; its flows are not checked rather than reported again
                }
            }

            // An empty list gives no address: the component may be anywhere.
            if (c >= 0 && networks.Count > 0)
            {
                addresses[c] = AddressSpace.Networks(networks);
            }
        }

        List<(PortChange Change, TextRange Range)> changes = ResolvePortChanges(ref enabled, conditionAt);
        bool[]? scope = ResolveScope();
        List<(Exclusion Exclusion, TextRange Range)> exclusions = ResolveExclusions();
        var deployment = new ResolvedDeployment(
            _facts, enabled, region, changes.Select(c => c.Change).ToList(), addresses, unreadable, scope, exclusions.Select(e => e.Exclusion).ToList(), managerAtVendor);

        CheckPortChanges(deployment, changes);
        ReportExclusions(deployment, exclusions);
        if (_document.AllowRange is { } allowRange)
        {
            CheckMissingAddresses(deployment, addresses, conditionAt);
            CheckRules(deployment, allowRange, cancellationToken);
        }
        else if (_document.Firewalls.Count == 0)
        {
            _bag.Add(FindingDescriptors.NoRules.Id, new TextRange(0, 0, 0, 0, 0, 0), System.IO.Path.GetFileName(_bag.Path));
        }

        CheckFirewalls(deployment, cancellationToken);

        var excluded = deployment.Flows.Where(f => f.Exclusion >= 0).Select(f => new ExclusionItem(f.Index, deployment.Exclusions[f.Exclusion].Reason));
        return new DeploymentModel(
            System.IO.Path.GetFileName(_bag.Path),
            _document.Description,
            region,
            enabled,
            changes.Select(c => new PortOverrideItem(c.Change.Source, c.Change.Destination, c.Change.DefaultPort, c.Change.Port)).ToEquatableArray(),
            addressItems.ToEquatableArray(),
            (scope is null ? [] : Enumerable.Range(0, count).Where(i => scope[i])).ToEquatableArray(),
            excluded.ToEquatableArray(),
            managerAtVendor);
    }

    private int Resolve(Located<string> id, string kind, IReadOnlyList<string> valid)
    {
        for (int i = 0; i < valid.Count; i++)
        {
            if (valid[i] == id.Value)
            {
                return i;
            }
        }

        _bag.Add(FindingDescriptors.UnknownId.Id, id.Range, kind, id.Value, Naming.DidYouMean(id.Value, valid.ToList()));
        return -1;
    }

    /// <summary>A CIDR, or a bare IPv4 address as a /32; reports anything else.</summary>
    private (uint Network, int Prefix)? ParseNetwork(Located<string> value)
    {
        ReadOnlySpan<char> text = value.Value.AsSpan();
        uint network;
        int prefix = 32;
        Ipv4TextError error = text.IndexOf('/') >= 0
            ? Ipv4Text.TryParseCidr(text, out network, out prefix)
            : Ipv4Text.TryParseAddress(text, out network);
        if (error != Ipv4TextError.None)
        {
            _bag.Add(FindingDescriptors.MalformedAddress.Id, value.Range, value.Value, Ipv4Text.Describe(error));
            return null;
        }

        return (network, prefix);
    }

    /// <summary>
    /// <c>ports</c>: a named port of the spec (its meaning is the spec's: see
    /// <see cref="SpecFacts.NamedPortChange"/>), or <c>COMPONENT:DEFAULT</c>.
    /// </summary>
    private List<(PortChange, TextRange)> ResolvePortChanges(ref uint enabled, Dictionary<int, TextRange> conditionAt)
    {
        var list = new List<(PortChange, TextRange)>();
        foreach ((Located<string> key, Located<int> port) in _document.Ports)
        {
            string text = key.Value;
            int named = _facts.FindNamedPort(text);
            if (named >= 0)
            {
                list.Add((_facts.NamedPortChange(named, port.Value, out uint conditions), port.Range));
                for (int bit = 0; bit < 32; bit++)
                {
                    if ((conditions & (1u << bit)) != 0 && !conditionAt.ContainsKey(bit))
                    {
                        conditionAt[bit] = key.Range;
                    }
                }

                enabled |= conditions;
                continue;
            }

            int colon = text.LastIndexOf(':');
            if (colon <= 0 || !PortText.TryParse(text.AsSpan(colon + 1), out int defaultPort))
            {
                string names = string.Concat(_facts.NamedPorts.Select(n => "\"" + n.Id + "\", "));
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, key.Range, text, "ports", names + "or \"COMPONENT:DEFAULT-PORT\" such as \"vcenter:443\"");
                continue;
            }

            int destination = Resolve(new Located<string>(text.Substring(0, colon), key.Range), "component", _facts.ComponentIds);
            if (destination >= 0)
            {
                list.Add((new PortChange(-1, destination, defaultPort, port.Value), port.Range));
            }
        }

        return list;
    }

    private bool[]? ResolveScope()
    {
        if (_document.Scope is not { } ids)
        {
            return null;
        }

        var scope = new bool[_facts.ComponentIds.Count];
        foreach (Located<string> id in ids)
        {
            int c = Resolve(id, "component", _facts.ComponentIds);
            if (c >= 0)
            {
                scope[c] = true;
            }
        }

        return scope;
    }

    private List<(Exclusion, TextRange)> ResolveExclusions()
    {
        var list = new List<(Exclusion, TextRange)>();
        foreach ((Located<string> flow, string reason) in _document.Exclude)
        {
            string? error = FlowKey.TryParse(flow.Value, out string source, out string destination, out int port, out string protocol);
            if (error is not null)
            {
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, flow.Range, flow.Value, "flow", error);
                continue;
            }

            int s = Resolve(new Located<string>(source, flow.Range), "component", _facts.ComponentIds);
            int d = Resolve(new Located<string>(destination, flow.Range), "component", _facts.ComponentIds);
            if (s >= 0 && d >= 0)
            {
                byte ip = IpProtocols.TryParseId(protocol.AsSpan(), out byte number) ? number : (byte)0;
                list.Add((new Exclusion(s, d, port, ip, reason), flow.Range));
            }
        }

        return list;
    }

    private void ReportExclusions(ResolvedDeployment deployment, List<(Exclusion Exclusion, TextRange Range)> exclusions)
    {
        for (int e = 0; e < exclusions.Count; e++)
        {
            List<RequiredFlow> named = deployment.Flows.Where(f => f.Exclusion == e).ToList();
            if (named.Count == 0)
            {
                _bag.Add(FindingDescriptors.UnusedExclusion.Id, exclusions[e].Range);
                continue;
            }

            foreach (RequiredFlow flow in named)
            {
                _bag.Add(FindingDescriptors.ExcludedFlow.Id, exclusions[e].Range, deployment.Describe(flow), exclusions[e].Exclusion.Reason);
            }
        }
    }

    private void CheckPortChanges(ResolvedDeployment deployment, List<(PortChange Change, TextRange Range)> changes)
    {
        foreach ((PortChange o, TextRange range) in changes)
        {
            List<FlowFact> changed = _facts.Flows.Where(f => o.Applies(f)).ToList();
            if (changed.Count == 0)
            {
                _bag.Add(FindingDescriptors.UnusedPortOverride.Id, range, _facts.ComponentIds[o.Destination], Int(o.DefaultPort));
                continue;
            }

            RequiredFlow? collision = deployment.Flows.FirstOrDefault(f =>
                f.Fact.Destination == o.Destination && f.Port == o.Port && f.Fact.Port == o.Port && f.Fact.Port != o.DefaultPort
                && changed.Any(c => c.IPProtocol == f.Fact.IPProtocol));
            if (collision is not null)
            {
                _bag.Add(FindingDescriptors.PortOverrideCollision.Id, range, $"{_facts.ComponentIds[o.Destination]}:{Int(o.DefaultPort)}", Int(o.Port), deployment.Describe(collision));
            }
        }
    }

    private void CheckMissingAddresses(ResolvedDeployment deployment, IntervalSet?[] addresses, Dictionary<int, TextRange> conditionAt)
    {
        foreach (KeyValuePair<int, TextRange> condition in conditionAt.OrderBy(c => c.Key))
        {
            for (int c = 0; c < _facts.ComponentIds.Count; c++)
            {
                bool used = deployment.Flows.Any(f => !f.Fact.HostLocal && f.Exclusion < 0 && f.InScope && (f.Fact.Source == c || f.Fact.Destination == c));
                if (_facts.ComponentConditions[c] == 1u << condition.Key && addresses[c] is null && !deployment.IsUnreadable(c) && used)
                {
                    _bag.Add(FindingDescriptors.MissingAddress.Id, condition.Value, _facts.ConditionIds[condition.Key], _facts.ComponentIds[c]);
                }
            }
        }
    }

    private void CheckRules(ResolvedDeployment deployment, TextRange allowRange, CancellationToken cancellationToken)
    {
        var rules = new List<CoverageRule>();
        for (int i = 0; i < _document.Rules.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rules.Add(ToCoverageRule(deployment, _document.Rules[i], i));
        }

        var chain = new RuleChain("allow", rules);
        List<FlowCheck> checks = DeploymentCoverage.Check(deployment, chain, defaultPermits: false);
        var notChecked = new List<string>();
        foreach (FlowCheck check in checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RequiredFlow flow = check.Flow;
            string ip = SpecFacts.ProtocolId(flow.Fact.IPProtocol);
            switch (check.Status)
            {
                case FlowStatus.Blocked:
                    string fix = $"{{ \"source\": \"{_facts.ComponentIds[flow.Fact.Source]}\", \"destination\": \"{_facts.ComponentIds[flow.Fact.Destination]}\", \"ports\": [{Int(flow.Port)}], \"protocol\": \"{ip}\" }}";
                    _bag.Add(FindingDescriptors.MissingRule.Id, allowRange, deployment.Describe(flow), fix);
                    break;
                case FlowStatus.PartlyAllowed:
                    _bag.Add(FindingDescriptors.PartlyAllowed.Id, allowRange, deployment.Describe(flow), check.Remainder);
                    break;
                case FlowStatus.WrongIPProtocol:
                    // The rule that permits the flow on the other IP protocol has every part (see ToCoverageRule).
                    Located<string> wrong = _document.Rules[check.RuleId].Protocol ?? throw new InvalidOperationException("a permitting rule has no protocol");
                    _bag.Add(FindingDescriptors.WrongIpProtocol.Id, wrong.Range, Int(flow.Port), wrong.Value, deployment.Describe(flow), ip);
                    break;
                case FlowStatus.Uncertain:
                case FlowStatus.Unreadable:
                    notChecked.Add(deployment.Describe(flow));
                    break;
            }
        }

        // Root cause first: a rule or address with its own error was reported where it stands;
        // the flows it leaves undecided are named once, here, not as a cascade of SWP1010s.
        if (notChecked.Count > 0)
        {
            _bag.Add(FindingDescriptors.FlowsNotChecked.Id, allowRange, Int(notChecked.Count), string.Join(", ", notChecked));
        }

        if (deployment.Region >= 0)
        {
            foreach ((int ruleId, FlowCheck check) in DeploymentCoverage.TooWide(deployment, checks, chain))
            {
                string subnets = string.Join(", ", _spec.Regions[deployment.Region].Subnets.Select(n => n.ToString()));
                _bag.Add(FindingDescriptors.ManagerRuleTooWide.Id, _document.Rules[ruleId].SourceRange,
                    $"{Int(check.Flow.Port)}/{SpecFacts.ProtocolId(check.Flow.Fact.IPProtocol)}", _facts.ComponentIds[check.Flow.Fact.Destination], _facts.RegionIds[deployment.Region], subnets);
            }
        }
        else if (_facts.Manager >= 0 && checks.Any(c => c.Flow.Fact.Source == _facts.Manager && c.Outcomes.Count > 0))
        {
            _bag.Add(FindingDescriptors.NoRegion.Id, allowRange, _facts.ComponentIds[_facts.Manager]);
        }

        int allowed = checks.Count(c => c.Status == FlowStatus.Allowed);
        int evaluated = checks.Count(c => c.Outcomes.Count > 0);
        _bag.Add(FindingDescriptors.CheckSummary.Id, allowRange, Int(evaluated), Int(allowed),
            Int(checks.Count(c => c.Status == FlowStatus.Excluded)), Int(checks.Count(c => c.Status == FlowStatus.OutOfScope)), Int(checks.Count(c => c.Status == FlowStatus.HostOnly)));
    }

    /// <summary>
    /// A rule as the engine sees it. A part with its own error (reported where it stands), or
    /// missing or of the wrong JSON type (reported by the parser), makes the rule "not evaluated"
    /// over every value of that part, so the flows it might cover are uncertain rather than missing.
    /// </summary>
    private CoverageRule ToCoverageRule(ResolvedDeployment deployment, RuleDocument rule, int id)
    {
        IntervalSet? sources = rule.Source is { } source ? Endpoints(deployment, source, asSource: true) : null;
        IntervalSet? destinations = rule.Destination is { } destination ? Endpoints(deployment, destination, asSource: false) : null;
        IntervalSet ports = IntervalSet.FromIntervals(rule.Ports.Select(p => ((ulong)p.Value.First, (ulong)p.Value.Last)));
        IntervalSet? protocols = rule.Protocol?.Value is not { } named ? null
            : named == "any" ? PacketBox.AllProtocols
            : IpProtocols.TryParseId(named.AsSpan(), out byte number) ? IntervalSet.Single(number)
            : null;
        if (protocols is null && rule.Protocol is { } protocol)
        {
            _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, protocol.Range, protocol.Value, "protocol", "\"tcp\", \"udp\" or \"any\"");
        }

        bool broken = sources is null || destinations is null || protocols is null || ports.IsEmpty;
        var match = new PacketBox(sources ?? AddressSpace.Any, destinations ?? AddressSpace.Any, ports.IsEmpty ? PacketBox.AllPorts : ports, protocols ?? PacketBox.AllProtocols);
        // A broken rule would allow what it matches: where a later rule allows the same packets, they are allowed either way.
        return new CoverageRule(match, broken ? RuleAction.NotEvaluated : RuleAction.Permit, id, ifMatched: RuleAction.Permit);
    }

    /// <summary>The union of a rule end's entries; null when one of them has an error (reported).</summary>
    private IntervalSet? Endpoints(ResolvedDeployment deployment, IReadOnlyList<Located<string>> values, bool asSource)
    {
        IntervalSet set = IntervalSet.Empty;
        bool ok = true;
        foreach (Located<string> value in values)
        {
            if (Endpoint(deployment, value, asSource) is { } one)
            {
                set = set.Union(one);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? set : null;
    }

    /// <summary>
    /// Reads one rule endpoint: <c>any</c>, a component ID (its addresses in this deployment), an
    /// IPv4 CIDR or address, or (for a destination) a domain name, which holds the components
    /// reached by name. Reports and returns null for anything else.
    /// </summary>
    private IntervalSet? Endpoint(ResolvedDeployment deployment, Located<string> value, bool asSource)
    {
        string text = value.Value;
        if (text == "any")
        {
            return deployment.AddressesOf(Deployments.Endpoint.Any, asSource);
        }

        for (int c = 0; c < _facts.ComponentIds.Count; c++)
        {
            if (_facts.ComponentIds[c] == text)
            {
                return deployment.AddressesOf(Deployments.Endpoint.OfComponent(c), asSource);
            }
        }

        if (text.Length > 0 && (char.IsDigit(text[0]) || text.IndexOf('/') >= 0))
        {
            return ParseNetwork(value) is { } n ? deployment.AddressesOf(Deployments.Endpoint.OfNetwork(n.Network, n.Prefix), asSource) : null;
        }

        if (Swp.Requirements.Net.DomainNameText.IsValid(text))
        {
            if (!asSource)
            {
                // A name holds the manager only when it is one of the vendor's names for the region.
                if (_facts.IsVendorName(text, deployment.Region))
                {
                    return deployment.AddressesOf(Deployments.Endpoint.OfDomainName(text), asSource);
                }

                string? closest = _facts.ClosestVendorName(text, deployment.Region);
                _bag.Add(
                    FindingDescriptors.UnknownDomainName.Id,
                    value.Range,
                    text,
                    deployment.Region < 0 ? "any region" : _facts.RegionIds[deployment.Region],
                    closest is null ? "" : $"; did you mean '{closest}'?");
                return IntervalSet.Empty;
            }

            _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, value.Range, text, "source", "a component ID, an IPv4 CIDR or address, or \"any\" (a domain name can only be a destination)");
            return null;
        }

        var valid = new List<string> { "any" };
        valid.AddRange(_facts.ComponentIds);
        _bag.Add(FindingDescriptors.UnknownId.Id, value.Range, asSource ? "source" : "destination", text, Naming.DidYouMean(text, valid));
        return null;
    }

    /// <summary>
    /// Audits each firewall export the file names (<c>firewalls</c>) with the shared audit: the
    /// findings stand in the export, at the rule's line and column, with the IDs of <c>swp-ports audit</c>.
    /// </summary>
    private void CheckFirewalls(ResolvedDeployment deployment, CancellationToken cancellationToken)
    {
        foreach (FirewallDocument entry in _document.Firewalls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool knownFormat = Firewalls.Read.FirewallReaders.TryGet(entry.Format.Value, out Firewalls.Read.FirewallFormat? format);
            if (!knownFormat)
            {
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, entry.Format.Range, entry.Format.Value, "format", string.Join(", ", Firewalls.Read.FirewallReaders.Ids.Select(i => "\"" + i + "\"")));
            }

            int component = Resolve(entry.For, "component", _facts.ComponentIds);
            FirewallText? file = FindFirewall(entry.Path.Value);
            if (file?.Text is null)
            {
                _bag.Add(FindingDescriptors.FirewallNotVisible.Id, entry.Path.Range, entry.Path.Value, entry.Path.Value);
                continue;
            }

            if (entry.Groups.Count > 0 && knownFormat && !Takes(format!, Firewalls.Read.ReadInputs.SecurityGroups))
            {
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, entry.Groups[0].Range, entry.Groups[0].Value, "groups", "nothing: \"groups\" selects AWS security groups, and this export is " + entry.Format.Value);
                continue;
            }

            if (entry.Vnet.Count > 0 && knownFormat && !Takes(format!, Firewalls.Read.ReadInputs.VirtualNetwork))
            {
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, entry.Vnet[0].Range, entry.Vnet[0].Value, "vnet", "nothing: \"vnet\" is an Azure virtual network's address space, and this export is " + entry.Format.Value);
                continue;
            }

            if (entry.Interfaces.Count > 0 && knownFormat && !Takes(format!, Firewalls.Read.ReadInputs.Interfaces))
            {
                _bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, entry.Interfaces[0].Range, entry.Interfaces[0].Value, "interfaces", "nothing: \"interfaces\" names a host's network interfaces, and this export is " + entry.Format.Value);
                continue;
            }

            var vnet = new List<(uint, int)>();
            bool vnetRead = true;
            foreach (Located<string> cidr in entry.Vnet)
            {
                if (ParseNetwork(cidr) is { } n)
                {
                    vnet.Add(n);
                }
                else
                {
                    vnetRead = false; // reported where it stands
                }
            }

            if (format is null || component < 0 || !vnetRead)
            {
                continue;
            }

            // The export's lines as the compiler and the IDE count them, for the text span of each finding.
            TextLines lines = TextLines.Of(file.Text);
            Firewalls.Read.ObservedFirewall firewall;
            try
            {
                firewall = format.Read(file.Path, file.Text, new Firewalls.Read.ReadOptions
                {
                    GroupIds = entry.Groups.Count == 0 ? null : entry.Groups.Select(g => g.Value).ToArray(),
                    VirtualNetwork = vnet.Count == 0 ? null : AddressSpace.Networks(vnet),
                    Interfaces = entry.Interfaces.Count == 0 ? null : entry.Interfaces.Select(i => i.Value).ToArray(),
                });
            }
            catch (Firewalls.Read.FirewallReadException e)
            {
                _bag.AddAt(file.Path, FindingDescriptors.FirewallUnreadable.Id, At(lines, e.Location), entry.Format.Value, e.JsonPath is null ? e.Message : e.Message + " (" + e.JsonPath + ")");
                continue;
            }

            Firewalls.Audit.AuditReport report = Firewalls.Audit.FirewallAudit.Run(firewall, deployment, component);
            foreach (Firewalls.Audit.AuditFinding finding in report.Findings)
            {
                _bag.AddAt(file.Path, finding.Id, At(lines, finding.Location), finding.Message + (finding.Location.JsonPath is null ? "" : " [" + finding.Location.JsonPath + "]"));
            }

            _bag.AddAt(file.Path, FindingDescriptors.AuditSummary.Id, At(lines, new Firewalls.Read.SourceLocation(1, 1)),
                $"Audited for {System.IO.Path.GetFileName(_bag.Path)} as the firewall of {_facts.ComponentIds[component]}: {Firewalls.Audit.FirewallAudit.Summary(report)}");
        }
    }

    private static bool Takes(Firewalls.Read.FirewallFormat format, Firewalls.Read.ReadInputs input) => (format.Inputs & input) != 0;

    private static TextRange At(TextLines lines, Firewalls.Read.SourceLocation location) => lines.At(location.Line, location.Column);

    /// <summary>The additional file a <c>firewalls</c> path names, relative to the deployment file's folder.</summary>
    private FirewallText? FindFirewall(string relative)
    {
        string folder = System.IO.Path.GetDirectoryName(_bag.Path) ?? "";
        string wanted = Normalize(System.IO.Path.IsPathRooted(relative) ? relative : System.IO.Path.Combine(folder, relative));
        return _firewalls.FirstOrDefault(f => string.Equals(Normalize(f.Path), wanted, StringComparison.Ordinal))
            ?? _firewalls.FirstOrDefault(f => string.Equals(Normalize(f.Path), wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A path with '\\' as '/', and '.' and '..' segments resolved (no file system access).</summary>
    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Replace('\\', '/').Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0 && parts[parts.Count - 1].Length > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != "." && (part.Length > 0 || parts.Count == 0))
            {
                parts.Add(part);
            }
        }

        return string.Join("/", parts);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
