using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Json;
using Swp.Requirements.Generators.Model;
using Swp.Requirements.Generators.Parsing;
using Swp.Requirements.Net;

namespace Swp.Requirements.Generators.Deployments;

/// <summary>
/// Resolves a <see cref="DeploymentDocument"/> against the spec (IDs, addresses, changed ports,
/// required flows) and checks its <c>allow</c> rules: every required network flow must be covered
/// by a rule whose source and destination hold all of the flow's addresses, whose ports hold the
/// port and whose IP protocol matches. A component with no addresses counts as anywhere; the
/// manager's source addresses are its region's subnet.
/// </summary>
internal sealed class DeploymentChecker
{
    /// <summary>The port-override key that means "agents and relays reach the manager through a web proxy".</summary>
    public const string ProxyKey = "proxy";

    private static readonly string[] s_proxySources = ["agent", "relay"];

    private readonly RequirementSpec _spec;
    private readonly DeploymentDocument _document;
    private readonly DiagnosticBag _bag;
    private readonly List<(uint Network, int Prefix)>?[] _addresses;
    private int _region = -1;

    private DeploymentChecker(RequirementSpec spec, DeploymentDocument document, DiagnosticBag bag)
    {
        _spec = spec;
        _document = document;
        _bag = bag;
        _addresses = new List<(uint, int)>?[spec.Components.Count];
    }

    public static DeploymentModel Check(RequirementSpec spec, DeploymentDocument document, DiagnosticBag bag, CancellationToken cancellationToken) =>
        new DeploymentChecker(spec, document, bag).Run(cancellationToken);

    private DeploymentModel Run(CancellationToken cancellationToken)
    {
        if (_document.Region is { } region)
        {
            _region = Resolve(region, "region", _spec.Regions.Select(r => r.Id).ToArray());
        }

        uint enabled = 0;
        var conditionAt = new Dictionary<int, TextRange>();
        foreach (Located<string> condition in _document.Conditions)
        {
            int bit = Resolve(condition, "condition", _spec.Conditions.Select(c => c.Id).ToArray());
            if (bit >= 0)
            {
                enabled |= 1u << bit;
                conditionAt[bit] = condition.Range;
            }
        }

        var addressItems = new List<AddressItem>();
        string[] componentIds = _spec.Components.Select(c => c.Id).ToArray();
        foreach ((Located<string> component, List<Located<string>> values) in _document.Addresses)
        {
            int c = Resolve(component, "component", componentIds);
            List<(uint, int)> networks = [];
            foreach (Located<string> value in values)
            {
                if (ParseNetwork(value) is { } network)
                {
                    networks.Add(network);
                    if (c >= 0)
                    {
                        addressItems.Add(new AddressItem(c, network.Network, network.Prefix));
                    }
                }
            }

            // An empty list (or one of malformed values only) gives no address: the component may be anywhere.
            if (c >= 0 && networks.Count > 0)
            {
                _addresses[c] = networks;
            }
        }

        List<(PortOverrideItem Item, TextRange Range)> overrides = ResolvePortOverrides(componentIds);
        List<FlowRow> required = RequiredFlows(enabled, overrides);
        CheckOverrides(enabled, overrides);
        if (_document.AllowRange is { } allowRange)
        {
            CheckMissingAddresses(required, conditionAt);
            CheckRules(required, allowRange, cancellationToken);
        }

        return new DeploymentModel(
            System.IO.Path.GetFileName(_bag.Path),
            _document.Description,
            _region,
            enabled,
            overrides.Select(o => o.Item).ToEquatableArray(),
            required.ToEquatableArray(),
            addressItems.ToEquatableArray());
    }

    private int Resolve(Located<string> id, string kind, string[] valid)
    {
        int index = Array.IndexOf(valid, id.Value);
        if (index < 0)
        {
            _bag.Add(DiagnosticDescriptors.UnknownId.Id, id.Range, kind, id.Value, Naming.DidYouMean(id.Value, valid));
        }

        return index;
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
            _bag.Add(DiagnosticDescriptors.MalformedAddress.Id, value.Range, value.Value, Ipv4Text.Describe(error));
            return null;
        }

        return (network, prefix);
    }

    private List<(PortOverrideItem, TextRange)> ResolvePortOverrides(string[] componentIds)
    {
        var list = new List<(PortOverrideItem, TextRange)>();
        int manager = ComponentWhere(c => c.DynamicAddresses);
        foreach ((Located<string> key, Located<int> port) in _document.Ports)
        {
            string text = key.Value;
            int colon = text.LastIndexOf(':');
            if (text == ProxyKey && manager >= 0)
            {
                foreach (string source in s_proxySources)
                {
                    list.Add((new PortOverrideItem(Array.IndexOf(componentIds, source), manager, 443, port.Value), port.Range));
                }

                continue;
            }

            // The default port is written as ports are everywhere: plain digits, 1–65535, no leading zero.
            if (colon <= 0 || !ObjectReader.TryParsePort(text.Substring(colon + 1), out int defaultPort))
            {
                _bag.Add(DiagnosticDescriptors.DeploymentInvalidValue.Id, key.Range, text, "ports", "\"proxy\" or \"COMPONENT:DEFAULT-PORT\" such as \"server-workload-protection:443\"");
                continue;
            }

            int destination = Resolve(new Located<string>(text.Substring(0, colon), key.Range), "component", componentIds);
            if (destination >= 0)
            {
                list.Add((new PortOverrideItem(-1, destination, defaultPort, port.Value), port.Range));
            }
        }

        return list;
    }

    private List<FlowRow> RequiredFlows(uint enabled, List<(PortOverrideItem Item, TextRange Range)> overrides)
    {
        var rows = new List<FlowRow>();
        foreach (FlowRow flow in _spec.Flows)
        {
            if ((flow.ConditionMask & ~enabled) != 0)
            {
                continue;
            }

            PortOverrideItem? o = overrides.Select(x => x.Item).LastOrDefault(x => x.Applies(flow));
            rows.Add(o is null ? flow : flow with { Port = o.Port });
        }

        return rows;
    }

    private void CheckOverrides(uint enabled, List<(PortOverrideItem Item, TextRange Range)> overrides)
    {
        foreach ((PortOverrideItem o, TextRange range) in overrides)
        {
            List<FlowRow> changed = _spec.Flows.Where(o.Applies).ToList();
            string target = $"{_spec.Components[o.Destination].Id}:{o.DefaultPort}";
            if (changed.Count == 0)
            {
                _bag.Add(DiagnosticDescriptors.UnusedPortOverride.Id, range, _spec.Components[o.Destination].Id, Int(o.DefaultPort));
                continue;
            }

            FlowRow? collision = _spec.Flows.FirstOrDefault(f =>
                (f.ConditionMask & ~enabled) == 0 && f.Destination == o.Destination && f.Port == o.Port && f.Port != o.DefaultPort
                && changed.Any(c => c.IPProtocol == f.IPProtocol));
            if (collision is not null)
            {
                _bag.Add(DiagnosticDescriptors.PortOverrideCollision.Id, range, target, Int(o.Port), Describe(collision));
            }
        }
    }

    private void CheckMissingAddresses(List<FlowRow> required, Dictionary<int, TextRange> conditionAt)
    {
        foreach (KeyValuePair<int, TextRange> condition in conditionAt.OrderBy(c => c.Key))
        {
            for (int c = 0; c < _spec.Components.Count; c++)
            {
                ComponentItem component = _spec.Components[c];
                bool used = required.Any(f => !f.HostLocal && (f.Source == c || f.Destination == c));
                if (component.Condition == condition.Key && _addresses[c] is null && used)
                {
                    _bag.Add(DiagnosticDescriptors.MissingAddress.Id, condition.Value, _spec.Conditions[condition.Key].Id, component.Id);
                }
            }
        }
    }

    private void CheckRules(List<FlowRow> required, TextRange allowRange, CancellationToken cancellationToken)
    {
        var rules = new List<(RuleDocument Doc, Endpoint Source, Endpoint Destination, string Protocol)>();
        foreach (RuleDocument rule in _document.Rules)
        {
            Endpoint? source = ParseEndpoint(rule.Source, asSource: true);
            Endpoint? destination = ParseEndpoint(rule.Destination, asSource: false);
            string? protocol = rule.Protocol.Value is "tcp" or "udp" or "any" ? rule.Protocol.Value : null;
            if (protocol is null)
            {
                _bag.Add(DiagnosticDescriptors.DeploymentInvalidValue.Id, rule.Protocol.Range, rule.Protocol.Value, "protocol", "\"tcp\", \"udp\" or \"any\"");
            }

            if (source is { } s && destination is { } d && protocol is not null)
            {
                rules.Add((rule, s, d, protocol));
            }
        }

        var warned = new HashSet<RuleDocument>();
        foreach (FlowRow flow in required)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (flow.HostLocal)
            {
                continue; // loopback: a host firewall's business, never a network rule's
            }

            string ip = flow.IPProtocol.Id();
            bool covered = false;
            RuleDocument? wrongProtocol = null;
            foreach ((RuleDocument doc, Endpoint source, Endpoint destination, string protocol) in rules)
            {
                if (!Covers(destination, flow.Destination, asSource: false) || !doc.Ports.Any(p => p.Value.First <= flow.Port && flow.Port <= p.Value.Last))
                {
                    continue;
                }

                if (!Covers(source, flow.Source, asSource: true))
                {
                    continue;
                }

                if (protocol == "any" || protocol == ip)
                {
                    covered = true;
                    if (_spec.Components[flow.Source].DynamicAddresses && _region >= 0 && warned.Add(doc))
                    {
                        WarnIfWiderThanRegion(doc, source, flow);
                    }
                }
                else
                {
                    wrongProtocol ??= doc;
                }
            }

            if (covered)
            {
                continue;
            }

            if (wrongProtocol is not null)
            {
                _bag.Add(DiagnosticDescriptors.WrongIpProtocol.Id, wrongProtocol.Protocol.Range, Int(flow.Port), wrongProtocol.Protocol.Value, Describe(flow), ip);
            }
            else
            {
                string fix = $"{{ \"source\": \"{_spec.Components[flow.Source].Id}\", \"destination\": \"{_spec.Components[flow.Destination].Id}\", \"ports\": [{Int(flow.Port)}], \"protocol\": \"{ip}\" }}";
                _bag.Add(DiagnosticDescriptors.MissingRule.Id, allowRange, Describe(flow), fix);
            }
        }
    }

    private void WarnIfWiderThanRegion(RuleDocument rule, Endpoint source, FlowRow flow)
    {
        RegionItem region = _spec.Regions[_region];
        List<(uint Network, int Prefix)> networks = source.Kind switch
        {
            EndpointKind.Network => [(source.Network, source.PrefixLength)],
            EndpointKind.Component => AddressesOf(source.Component, asSource: true) ?? [(0u, 0)],
            _ => [(0u, 0)],
        };
        if (networks.Any(n => !Within(n, (region.Network, region.PrefixLength))))
        {
            string subnet = $"{Ipv4Text.Format(region.Network)}/{Int(region.PrefixLength)}";
            _bag.Add(DiagnosticDescriptors.ManagerRuleTooWide.Id, rule.Source.Range, $"{Int(flow.Port)}/{flow.IPProtocol.Id()}", _spec.Components[flow.Destination].Id, region.Id, subnet);
        }
    }

    /// <summary>
    /// Reads a rule endpoint: <c>any</c>, a component ID, an IPv4 CIDR or address, or (for a
    /// destination) a domain name. Reports and returns null for anything else.
    /// </summary>
    private Endpoint? ParseEndpoint(Located<string> value, bool asSource)
    {
        string text = value.Value;
        if (text == "any")
        {
            return new Endpoint(EndpointKind.Any);
        }

        int component = ComponentWhere(c => c.Id == text);
        if (component >= 0)
        {
            return new Endpoint(EndpointKind.Component, component);
        }

        if (text.Length > 0 && (char.IsDigit(text[0]) || text.IndexOf('/') >= 0))
        {
            return ParseNetwork(value) is { } n ? new Endpoint(EndpointKind.Network, Network: n.Network, PrefixLength: n.Prefix) : null;
        }

        if (text.IndexOf('.') > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '*'))
        {
            if (!asSource)
            {
                return new Endpoint(EndpointKind.DomainName);
            }

            _bag.Add(DiagnosticDescriptors.DeploymentInvalidValue.Id, value.Range, text, "source", "a component ID, an IPv4 CIDR or address, or \"any\" (a domain name can only be a destination)");
            return null;
        }

        string[] valid = ["any", .. _spec.Components.Select(c => c.Id)];
        _bag.Add(DiagnosticDescriptors.UnknownId.Id, value.Range, asSource ? "source" : "destination", text, Naming.DidYouMean(text, valid));
        return null;
    }

    /// <summary>The networks a component has: the file's, else (as a source) the manager's region subnet, else null (anywhere).</summary>
    private List<(uint Network, int Prefix)>? AddressesOf(int component, bool asSource)
    {
        if (_addresses[component] is { } given)
        {
            return given;
        }

        if (asSource && _spec.Components[component].DynamicAddresses && _region >= 0)
        {
            RegionItem region = _spec.Regions[_region];
            return [(region.Network, region.PrefixLength)];
        }

        return null;
    }

    /// <summary>True when every address the flow's component may have is held by the endpoint.</summary>
    private bool Covers(Endpoint endpoint, int component, bool asSource)
    {
        switch (endpoint.Kind)
        {
            case EndpointKind.Any:
                return true;
            case EndpointKind.DomainName:
                return !asSource && _spec.Components[component].DynamicAddresses;
            case EndpointKind.Component when endpoint.Component == component:
                return true;
        }

        List<(uint Network, int Prefix)>? held = AddressesOf(component, asSource);
        List<(uint Network, int Prefix)>? holder = endpoint.Kind == EndpointKind.Network
            ? [(endpoint.Network, endpoint.PrefixLength)]
            : AddressesOf(endpoint.Component, asSource);
        if (holder is null)
        {
            return false;
        }

        // Anywhere is held only by 0.0.0.0/0.
        return held is null
            ? holder.Any(h => h.Prefix == 0)
            : held.All(a => holder.Any(h => Within(a, h)));
    }

    private int ComponentWhere(Func<ComponentItem, bool> predicate)
    {
        for (int i = 0; i < _spec.Components.Count; i++)
        {
            if (predicate(_spec.Components[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Within((uint Network, int Prefix) inner, (uint Network, int Prefix) outer) =>
        outer.Prefix <= inner.Prefix && (inner.Network & Ipv4Text.MaskOf(outer.Prefix)) == outer.Network;

    private string Describe(FlowRow flow) =>
        $"{_spec.Components[flow.Source].Id} -> {_spec.Components[flow.Destination].Id} {Int(flow.Port)}/{flow.IPProtocol.Id()} ({_spec.ApplicationProtocols[flow.ApplicationProtocol].Id})";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
