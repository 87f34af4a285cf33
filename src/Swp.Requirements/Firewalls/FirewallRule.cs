using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// One rule of a rendered configuration, in no dialect: allow new connections of one
/// <see cref="Flow"/> in one <see cref="Direction"/>, from or to the addresses the deployment
/// gives (replies are allowed the dialect's own way). Every dialect formats this model and
/// nothing else, so all of them say the same thing.
/// </summary>
public sealed class FirewallRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="name">A name unique within its configuration, stable across runs (e.g. <c>swp-egress-tcp-443-server-workload-protection</c>): lower-case letters, digits and <c>-</c>.</param>
    /// <param name="direction">Ingress or egress, seen from the configuration's component.</param>
    /// <param name="flow">The flow the rule serves (its port is the deployment's, after changed ports).</param>
    /// <param name="localAddresses">The component's own addresses; empty for any.</param>
    /// <param name="remoteAddresses">The other end's addresses; empty for any (see <paramref name="remoteDomains"/>).</param>
    /// <param name="remoteDomains">Domain names of the other end, where the vendor publishes them (the manager); empty otherwise.</param>
    /// <param name="description">What the rule is for, e.g. <c>agent -&gt; server-workload-protection 443/tcp https</c>.</param>
    /// <param name="remarks">Why an address list is empty or wide (e.g. "dns-server has no addresses in the deployment: any address"); empty when none.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public FirewallRule(
        string name,
        RuleDirection direction,
        Flow flow,
        IReadOnlyList<IPv4Network> localAddresses,
        IReadOnlyList<IPv4Network> remoteAddresses,
        IReadOnlyList<string> remoteDomains,
        string description,
        IReadOnlyList<string> remarks)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Direction = direction;
        Flow = flow;
        LocalAddresses = localAddresses ?? throw new ArgumentNullException(nameof(localAddresses));
        RemoteAddresses = remoteAddresses ?? throw new ArgumentNullException(nameof(remoteAddresses));
        RemoteDomains = remoteDomains ?? throw new ArgumentNullException(nameof(remoteDomains));
        Description = description ?? throw new ArgumentNullException(nameof(description));
        Remarks = remarks ?? throw new ArgumentNullException(nameof(remarks));
    }

    /// <summary>A name unique within its configuration and stable across runs: lower-case letters, digits and <c>-</c>.</summary>
    public string Name { get; }

    /// <summary>Ingress or egress, seen from the configuration's component.</summary>
    public RuleDirection Direction { get; }

    /// <summary>The flow the rule serves.</summary>
    public Flow Flow { get; }

    /// <summary>The destination port (the deployment's, after changed ports).</summary>
    public int Port => Flow.Port;

    /// <summary>TCP or UDP: a rule with a port is never "all protocols".</summary>
    public IPProtocol IPProtocol => Flow.IPProtocol;

    /// <summary>True for a flow that stays on the host (a relay's 4123): rendered on loopback, in host firewalls only.</summary>
    public bool IsLoopback => Flow.IsHostLocal;

    /// <summary>The component's own addresses; empty for any.</summary>
    public IReadOnlyList<IPv4Network> LocalAddresses { get; }

    /// <summary>The other end's addresses; empty for any.</summary>
    public IReadOnlyList<IPv4Network> RemoteAddresses { get; }

    /// <summary>Domain names of the other end (the manager's), for dialects that can use names; empty otherwise.</summary>
    public IReadOnlyList<string> RemoteDomains { get; }

    /// <summary>What the rule is for; may hold any character (dialects sanitise it to their own limits).</summary>
    public string Description { get; }

    /// <summary>Why an address list is empty or wide; empty when nothing needs saying.</summary>
    public IReadOnlyList<string> Remarks { get; }

    /// <summary>The source addresses of the connections: remote for ingress, local for egress.</summary>
    public IReadOnlyList<IPv4Network> SourceAddresses => Direction == RuleDirection.Ingress ? RemoteAddresses : LocalAddresses;

    /// <summary>The destination addresses of the connections: local for ingress, remote for egress.</summary>
    public IReadOnlyList<IPv4Network> DestinationAddresses => Direction == RuleDirection.Ingress ? LocalAddresses : RemoteAddresses;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Direction} {Description}";
}
