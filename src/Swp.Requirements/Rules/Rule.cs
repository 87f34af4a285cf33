using System;
using System.Collections.Generic;
using System.Linq;

namespace Swp.Requirements;

/// <summary>One rule of a <see cref="RuleSet"/>: sources, destinations, destination ports, IP protocol, and whether it allows or denies.</summary>
public sealed class Rule
{
    internal Rule(bool allows, RuleEndpoint[] sources, RuleEndpoint[] destinations, PortRange[] ports, IPProtocol? ipProtocol)
    {
        Allows = allows;
        Sources = sources;
        Destinations = destinations;
        Ports = ports;
        IPProtocol = ipProtocol;
    }

    /// <summary>True for an allow rule, false for a deny rule.</summary>
    public bool Allows { get; }

    /// <summary>The sources (any of them).</summary>
    public IReadOnlyList<RuleEndpoint> Sources { get; }

    /// <summary>The destinations (any of them).</summary>
    public IReadOnlyList<RuleEndpoint> Destinations { get; }

    /// <summary>The destination ports (any of them).</summary>
    public IReadOnlyList<PortRange> Ports { get; }

    /// <summary>TCP or UDP; null for both.</summary>
    public IPProtocol? IPProtocol { get; }

    /// <summary>E.g. <c>allow agent -&gt; any 80,443/tcp</c>.</summary>
    public override string ToString() =>
        $"{(Allows ? "allow" : "deny")} {string.Join(",", Sources.Select(s => s.ToString()))} -> {string.Join(",", Destinations.Select(d => d.ToString()))} {string.Join(",", Ports.Select(p => p.ToString()))}/{(IPProtocol is { } p ? p.ToId() : "any")}";

    internal static T[] Copy<T>(IEnumerable<T> items, string parameter)
    {
        T[] copy = items?.ToArray() ?? throw new ArgumentNullException(parameter);
        return copy.Length > 0 ? copy : throw new ArgumentException("At least one is needed.", parameter);
    }
}
