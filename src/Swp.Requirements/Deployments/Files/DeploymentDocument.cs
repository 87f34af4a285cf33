using System.Collections.Generic;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Deployments;

/// <summary>
/// A deployment file (<c>*.swp.json</c>) as written, with the place of every value, between
/// <see cref="DeploymentParser"/> and <see cref="DeploymentChecker"/>. Values that were missing or
/// of the wrong type are absent (already reported).
/// </summary>
internal sealed class DeploymentDocument
{
    public TextRange Range { get; set; }

    public string? Description { get; set; }

    public Located<string>? Region { get; set; }

    public List<Located<string>> Conditions { get; } = [];

    /// <summary>Changed default ports: key (<c>proxy</c> or <c>COMPONENT:PORT</c>) and the port used instead.</summary>
    public List<(Located<string> Key, Located<int> Port)> Ports { get; } = [];

    /// <summary>Addresses per component ID, as written (CIDR or single IPv4 address).</summary>
    public List<(Located<string> Component, List<Located<string>> Values)> Addresses { get; } = [];

    /// <summary>The components whose flows the firewall carries; null for all.</summary>
    public List<Located<string>>? Scope { get; set; }

    /// <summary>Flows the firewall does not carry (<c>source-&gt;destination port/protocol</c>) and why.</summary>
    public List<(Located<string> Flow, string Reason)> Exclude { get; } = [];

    /// <summary>Where the <c>allow</c> property's name stands; null when the file has no rules to check.</summary>
    public TextRange? AllowRange { get; set; }

    public List<RuleDocument> Rules { get; } = [];

    /// <summary>The firewall configurations that implement the deployment (exports checked at build time).</summary>
    public List<FirewallDocument> Firewalls { get; } = [];
}

/// <summary>One <c>firewalls</c> entry: the export's path (relative to the deployment file), its format, and the component it protects.</summary>
internal sealed record FirewallDocument(TextRange Range, Located<string> Path, Located<string> Format, Located<string> For)
{
    /// <summary>aws: the security group IDs to read (empty: every group in the export).</summary>
    public List<Located<string>> Groups { get; init; } = [];

    /// <summary>iptables-save and nftables: the host's network interfaces (empty: not given).</summary>
    public List<Located<string>> Interfaces { get; init; } = [];

    /// <summary>azure: the virtual network's address space, as written (empty: not given).</summary>
    public List<Located<string>> Vnet { get; init; } = [];
}

/// <summary>
/// One allow rule: endpoints as written (each a string or a list), port ranges, and <c>tcp</c>,
/// <c>udp</c> or <c>any</c>. <see cref="SourceRange"/> is where the <c>source</c> value stands.
/// A part that is missing or has an error of shape (already reported) is null, or for
/// <see cref="Ports"/> empty: the rule is then not evaluated over every value of that part.
/// </summary>
internal sealed record RuleDocument(
    TextRange Range,
    TextRange SourceRange,
    IReadOnlyList<Located<string>>? Source,
    IReadOnlyList<Located<string>>? Destination,
    IReadOnlyList<Located<(int First, int Last)>> Ports,
    Located<string>? Protocol);
